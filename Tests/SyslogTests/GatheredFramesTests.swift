import XCTest
@testable import Syslog
#if canImport(Glibc)
import Glibc
#endif

/// The gather-write path of the TCP transport: the bytes are exactly the chunk path's frames, and short
/// writes or failures at any byte map back to exactly the messages the stream took whole.
final class GatheredFramesTests: XCTestCase {
    /// Empty, tiny, multi-digit lengths, and LF/CR that LF framing must turn into spaces.
    private let messages: [[UInt8]] = [
        "aaaa", "", "bbbbbbbbb", "line\nbreak", "c", "carriage\r\nreturn", String(repeating: "d", count: 123),
    ].map { Array($0.utf8) }

    func testBytesMatchTheChunkFramingForBothFramings() {
        for framing in [TCPFraming.octetCounting, .lineFeed] {
            for start in 0...messages.count {
                let stream = FakeStream(takesAtMost: .max)
                let result = GatheredFrames.write(messages, from: start, framing: framing, using: stream.send)
                XCTAssertNil(result.error)
                XCTAssertEqual(result.completed, messages.count - start)
                XCTAssertEqual(stream.bytes, chunkBytes(messages, from: start, framing: framing), "\(framing) from \(start)")
            }
        }
        let stream = FakeStream(takesAtMost: .max)
        _ = GatheredFrames.write(messages, from: 0, framing: .octetCounting, using: stream.send)
        XCTAssertEqual(Array(stream.bytes.prefix(14)), Array("4 aaaa0 9 bbbb".utf8))
    }

    func testShortWritesEndingMidVectorContinueFromTheRightByte() {
        for framing in [TCPFraming.octetCounting, .lineFeed] {
            for step in [1, 2, 3, 5, 7, 64] {
                let stream = FakeStream(takesAtMost: step)
                let result = GatheredFrames.write(messages, from: 0, framing: framing, using: stream.send)
                XCTAssertNil(result.error)
                XCTAssertEqual(result.completed, messages.count)
                XCTAssertEqual(stream.bytes, chunkBytes(messages, from: 0, framing: framing), "\(framing) step \(step)")
            }
        }
    }

    func testABreakAtAnyByteCountsOnlyTheMessagesTakenWhole() {
        for framing in [TCPFraming.octetCounting, .lineFeed] {
            var chunk = FramedChunk()
            chunk.fill(from: messages, start: 0, framing: framing, byteLimit: .max)
            for breakAt in 0...chunk.bytes.count {
                for step in [3, .max] {
                    let stream = FakeStream(takesAtMost: step, breaksAfter: breakAt)
                    let result = GatheredFrames.write(messages, from: 0, framing: framing, using: stream.send)
                    let expected = chunk.messagesCompleted(byteCount: breakAt)
                    XCTAssertEqual(result.completed, expected, "\(framing) broken after \(breakAt) bytes, step \(step)")
                    if breakAt < chunk.bytes.count { XCTAssertEqual(result.error, Errno(EPIPE)) }
                }
            }
        }
    }

    func testLongBatchesSplitIntoCallsWithinIOVMaxAndKeepCounting() {
        let many = (0..<1_300).map { Array("m\($0)".utf8) }
        let whole = FakeStream(takesAtMost: .max)
        XCTAssertEqual(GatheredFrames.write(many, from: 0, framing: .octetCounting, using: whole.send).completed, 1_300)
        XCTAssertEqual(whole.bytes, chunkBytes(many, from: 0, framing: .octetCounting))
        XCTAssertEqual(whole.vectorCounts, [1_024, 1_024, 552])

        var chunk = FramedChunk()
        chunk.fill(from: many, start: 0, framing: .octetCounting, byteLimit: .max)
        let breakAt = chunk.messageEnds[700] - 1   // inside message 700, in the second call
        let broken = FakeStream(takesAtMost: 1_000, breaksAfter: breakAt)
        let result = GatheredFrames.write(many, from: 0, framing: .octetCounting, using: broken.send)
        XCTAssertEqual(result.completed, 700)
        XCTAssertEqual(result.error, Errno(EPIPE))
    }

    private func chunkBytes(_ messages: [[UInt8]], from start: Int, framing: TCPFraming) -> [UInt8] {
        guard start < messages.count else { return [] }
        var chunk = FramedChunk()
        chunk.fill(from: messages, start: start, framing: framing, byteLimit: .max)
        return chunk.bytes
    }
}

/// A stream that takes at most `takesAtMost` bytes per call and fails with EPIPE once `breaksAfter` bytes
/// were taken (the bytes before the break are kept, as a kernel would).
private final class FakeStream {
    private let takesAtMost: Int
    private let breaksAfter: Int
    private(set) var bytes: [UInt8] = []
    private(set) var vectorCounts: [Int] = []

    init(takesAtMost: Int, breaksAfter: Int = .max) {
        self.takesAtMost = takesAtMost
        self.breaksAfter = breaksAfter
    }

    func send(_ iovecs: UnsafeMutableBufferPointer<iovec>) -> Result<Int, Errno> {
        vectorCounts.append(iovecs.count)
        XCTAssertLessThanOrEqual(iovecs.count, 1_024, "IOV_MAX")
        let budget = Swift.min(takesAtMost, breaksAfter - bytes.count)
        guard budget > 0 else { return .failure(Errno(EPIPE)) }
        var taken = 0
        for vector in iovecs where taken < budget {
            let count = Swift.min(vector.iov_len, budget - taken)
            if count > 0 {
                bytes += UnsafeRawBufferPointer(start: vector.iov_base, count: count)
            }
            taken += count
        }
        XCTAssertGreaterThan(taken, 0, "offered only empty vectors")
        return .success(taken)
    }
}
