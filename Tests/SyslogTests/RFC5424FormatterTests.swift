import Foundation
import XCTest
@testable import Syslog

final class RFC5424FormatterTests: XCTestCase {
    /// 2024-01-02T03:04:05.678Z
    private let instant = Date(timeIntervalSince1970: 1_704_164_645.678)
    private let record = Array(#"{"msg_class":"aws_inspector_finding","n":"é"}"#.utf8)

    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    func testFormatsTheGoldenMessage() {
        let formatter = SyslogFormatter(facility: .local0, hostname: "web-01", procId: "4242")
        let bytes = formatter.format(severity: .warning, timestamp: instant, msgId: "aws_inspector_finding",
                                     message: record)
        let expected = #"<132>1 2024-01-02T03:04:05.678Z web-01 findings-collector 4242 aws_inspector_finding - "#
            + #"{"msg_class":"aws_inspector_finding","n":"é"}"#
        XCTAssertEqual(bytes, Array(expected.utf8))
    }

    func testMessageBytesFollowTheHeaderUnchangedAndWithoutBOM() {
        let formatter = SyslogFormatter(hostname: "h", procId: "1")
        let bytes = formatter.format(severity: .error, timestamp: instant, msgId: "m", message: record)
        XCTAssertEqual(Array(bytes.suffix(record.count)), record)
        XCTAssertEqual(bytes[bytes.count - record.count - 1], UInt8(ascii: " "))
        XCTAssertFalse(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        XCTAssertNil(bytes.firstRange(of: [0xEF, 0xBB, 0xBF]), "no BOM anywhere, see RFC5424Formatter")
    }

    func testPriorityCombinesFacilityAndSeverity() {
        let cases: [(SyslogFacility, SyslogSeverity, String)] = [
            (.kern, .emergency, "<0>"), (.user, .informational, "<14>"), (.auth, .critical, "<34>"),
            (.local4, .notice, "<165>"), (.local7, .debug, "<191>"),
        ]
        for (facility, severity, prefix) in cases {
            let formatter = SyslogFormatter(facility: facility, hostname: "h", procId: "1")
            let line = text(formatter.format(severity: severity, timestamp: instant, msgId: "m", message: []))
            XCTAssertTrue(line.hasPrefix(prefix + "1 "), "\(facility) \(severity): \(line)")
            XCTAssertEqual(facility.priority(severity), Int(prefix.dropFirst().dropLast()))
        }
    }

    func testHeaderFieldsAreSanitisedAndTruncated() {
        let formatter = SyslogFormatter(hostname: "my host\u{e9}", appName: String(repeating: "a", count: 60),
                                        procId: "")
        let line = text(formatter.format(severity: .notice, timestamp: instant,
                                         msgId: String(repeating: "x", count: 40), message: []))
        let fields = line.split(separator: " ", omittingEmptySubsequences: false)
        XCTAssertEqual(fields.count, 7, line)
        XCTAssertEqual(fields[2], "my_host__", "space and both bytes of é replaced")
        XCTAssertEqual(fields[3], Substring(String(repeating: "a", count: 48)))
        XCTAssertEqual(fields[4], "-", "empty PROCID becomes the nil value")
        XCTAssertEqual(fields[5], Substring(String(repeating: "x", count: 32)))
        XCTAssertEqual(fields[6], "-", "no SD and no MSG: the line ends with the nil SD, no trailing space")
    }

    func testHostnameLimitIs255() {
        let formatter = SyslogFormatter(hostname: String(repeating: "h", count: 300), procId: "1")
        let line = text(formatter.format(severity: .notice, timestamp: instant, msgId: "m", message: []))
        XCTAssertEqual(line.split(separator: " ")[2].count, 255)
    }

    func testStructuredDataIsWrittenWhenGivenAndEscaped() {
        let element = SyslogStructuredData.element(id: "origin@32473",
                                                   parameters: [("tenant", #"a"b\c]d"#), ("bad name", "x")])
        XCTAssertEqual(element, #"[origin@32473 tenant="a\"b\\c\]d" bad_name="x"]"#)
        var buffer: [UInt8] = Array("junk".utf8)
        SyslogFormatter(hostname: "h", procId: "7").append(severity: .informational, timestamp: instant, msgId: "m",
                                                          structuredData: element, message: Array("{}".utf8)[...],
                                                          to: &buffer)
        XCTAssertEqual(text(buffer), "junk<14>1 2024-01-02T03:04:05.678Z h findings-collector 7 m " + element + " {}")
    }

    func testTimestampPadsAndRoundsMilliseconds() {
        let formatter = SyslogFormatter(hostname: "h", procId: "1")
        func stamp(_ seconds: Double) -> Substring {
            text(formatter.format(severity: .debug, timestamp: Date(timeIntervalSince1970: seconds), msgId: "m",
                                  message: [])).split(separator: " ")[1]
        }
        XCTAssertEqual(stamp(0.005), "1970-01-01T00:00:00.005Z")
        XCTAssertEqual(stamp(951_782_400.25), "2000-02-29T00:00:00.250Z")
        XCTAssertEqual(stamp(1_704_067_199.9996), "2024-01-01T00:00:00.000Z", "rounding carries into the second")
        XCTAssertEqual(stamp(-0.5), "1969-12-31T23:59:59.500Z")
    }

    func testDefaultsFillHostnameAndProcId() {
        let line = text(SyslogFormatter().format(severity: .notice, timestamp: instant, msgId: "m", message: []))
        let fields = line.split(separator: " ")
        XCTAssertEqual(fields[3], "findings-collector")
        XCTAssertEqual(fields[4], Substring(String(ProcessInfo.processInfo.processIdentifier)))
        XCTAssertNotEqual(fields[2], "-")
        XCTAssertFalse(fields[2].isEmpty)
    }
}
