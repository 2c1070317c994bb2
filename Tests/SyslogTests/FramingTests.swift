import XCTest
@testable import Syslog

final class FramingTests: XCTestCase {
    private func framed(_ message: String, _ framing: TCPFraming) -> [UInt8] {
        var buffer: [UInt8] = []
        Framer.append(Array(message.utf8)[...], framing: framing, to: &buffer)
        XCTAssertEqual(buffer.count, Framer.framedLength(message.utf8.count, framing: framing))
        return buffer
    }

    func testOctetCountingPrefixesTheByteLength() {
        XCTAssertEqual(framed("<14>1 - - - - - é", .octetCounting), Array("18 <14>1 - - - - - é".utf8))
        XCTAssertEqual(framed("", .octetCounting), Array("0 ".utf8))
        let long = String(repeating: "x", count: 12_345)
        XCTAssertEqual(Array(framed(long, .octetCounting).prefix(6)), Array("12345 ".utf8))
    }

    func testOctetCountingKeepsEmbeddedNewlines() {
        XCTAssertEqual(framed("a\nb\r", .octetCounting), Array("4 a\nb\r".utf8))
    }

    func testLineFeedFramingTerminatesAndNeutralisesEmbeddedBreaks() {
        XCTAssertEqual(framed(#"<14>1 {"a":1}"#, .lineFeed), Array("<14>1 {\"a\":1}\n".utf8))
        XCTAssertEqual(framed("one\ntwo\r\nthree", .lineFeed), Array("one two  three\n".utf8))
    }

    func testAppendingKeepsWhatIsAlreadyInTheBuffer() {
        var buffer = Array("3 abc".utf8)
        Framer.append(Array("x\ny".utf8)[...], framing: .lineFeed, to: &buffer)
        Framer.append(Array("de".utf8)[...], framing: .octetCounting, to: &buffer)
        XCTAssertEqual(buffer, Array("3 abcx y\n2 de".utf8))
    }

    func testFramingNamesMatchTheConfig() {
        XCTAssertEqual(TCPFraming(rawValue: "octet_counting"), .octetCounting)
        XCTAssertEqual(TCPFraming(rawValue: "lf"), .lineFeed)
        XCTAssertEqual(SyslogFormat(rawValue: "rfc3164"), .rfc3164)
    }
}
