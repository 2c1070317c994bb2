import XCTest
@testable import Syslog

/// The TCP transport's delivery accounting: which messages a short write fully delivered.
final class FramedChunkTests: XCTestCase {
    private let messages: [[UInt8]] = ["aaaa", "bbbbbbbbb", "c", "dddddddddddd"].map { Array($0.utf8) }

    func testShortWritesCountOnlyWholeMessages() {
        var chunk = FramedChunk()
        chunk.fill(from: messages, start: 0, framing: .octetCounting, byteLimit: 1 << 20)
        XCTAssertEqual(chunk.bytes, Array("4 aaaa9 bbbbbbbbb1 c12 dddddddddddd".utf8))
        XCTAssertEqual(chunk.messageCount, 4)
        // Frame ends: 6, 17, 20, 35.
        let expectations = [(0, 0), (5, 0), (6, 1), (16, 1), (17, 2), (19, 2), (20, 3), (34, 3), (35, 4)]
        for (bytes, whole) in expectations {
            XCTAssertEqual(chunk.messagesCompleted(byteCount: bytes), whole, "after \(bytes) bytes")
        }
    }

    func testFillStopsBeforeTheLimitAndResumesAtTheGivenMessage() {
        var chunk = FramedChunk()
        chunk.fill(from: messages, start: 1, framing: .lineFeed, byteLimit: 13)
        XCTAssertEqual(chunk.firstMessage, 1)
        XCTAssertEqual(chunk.bytes, Array("bbbbbbbbb\nc\n".utf8))
        chunk.fill(from: messages, start: 3, framing: .lineFeed, byteLimit: 13)
        XCTAssertEqual(chunk.bytes, Array("dddddddddddd\n".utf8))
        XCTAssertEqual(chunk.messageCount, 1)
    }

    func testAMessageLargerThanTheLimitStillGoesOutWhole() {
        var chunk = FramedChunk()
        chunk.fill(from: messages, start: 3, framing: .octetCounting, byteLimit: 4)
        XCTAssertEqual(chunk.bytes, Array("12 dddddddddddd".utf8))
        XCTAssertEqual(chunk.messagesCompleted(byteCount: 14), 0)
        XCTAssertEqual(chunk.messagesCompleted(byteCount: 15), 1)
    }
}
