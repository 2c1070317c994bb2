import Foundation
import XCTest
@testable import Syslog

final class RFC3164FormatterTests: XCTestCase {
    private func line(_ formatter: SyslogFormatter, _ seconds: Double, _ severity: SyslogSeverity = .informational,
                      message: String = #"{"a":1}"#) -> String {
        String(decoding: formatter.format(severity: severity, timestamp: Date(timeIntervalSince1970: seconds),
                                          msgId: "ignored", message: Array(message.utf8)), as: UTF8.self)
    }

    func testFormatsTheGoldenMessageWithSpacePaddedDay() {
        let formatter = SyslogFormatter(format: .rfc3164, facility: .user, hostname: "web-01", procId: "4242")
        // 2024-11-04T03:04:05Z
        XCTAssertEqual(line(formatter, 1_730_689_445), #"<14>Nov  4 03:04:05 web-01 findings-collector[4242]: {"a":1}"#)
    }

    func testTwoDigitDayAndPriority() {
        let formatter = SyslogFormatter(format: .rfc3164, facility: .local3, hostname: "h", procId: "1")
        // 2023-12-25T23:59:58Z; local3 (19) * 8 + alert (1) = 153
        XCTAssertEqual(line(formatter, 1_703_548_798, .alert), #"<153>Dec 25 23:59:58 h findings-collector[1]: {"a":1}"#)
    }

    func testTagIsLimitedTo32AndStripsDelimiters() {
        let formatter = SyslogFormatter(format: .rfc3164, hostname: "h",
                                        appName: "app:with[brackets]" + String(repeating: "z", count: 40), procId: "9")
        let text = line(formatter, 1_730_689_445)
        let tag = text.split(separator: " ")[4]
        XCTAssertEqual(tag, Substring("app_with_brackets_" + String(repeating: "z", count: 14) + "[9]:"))
    }

    func testStructuredDataIsDropped() {
        var buffer: [UInt8] = []
        SyslogFormatter(format: .rfc3164, hostname: "h", procId: "1")
            .append(severity: .notice, timestamp: Date(timeIntervalSince1970: 1_730_689_445), msgId: "m",
                    structuredData: "[x@1 a=\"b\"]", message: Array("hi".utf8)[...], to: &buffer)
        XCTAssertEqual(String(decoding: buffer, as: UTF8.self), "<13>Nov  4 03:04:05 h findings-collector[1]: hi")
    }
}
