import XCTest
@testable import Syslog

final class FacilityAndPolicyTests: XCTestCase {
    func testFacilityNamesFromConfig() {
        XCTAssertEqual(SyslogFacility(name: "local0"), .local0)
        XCTAssertEqual(SyslogFacility(name: "LOCAL7"), .local7)
        XCTAssertEqual(SyslogFacility(name: "user"), .user)
        XCTAssertEqual(SyslogFacility(name: "authpriv"), .authpriv)
        XCTAssertNil(SyslogFacility(name: "local8"))
        XCTAssertNil(SyslogFacility(name: ""))
        for facility in SyslogFacility.allCases { XCTAssertEqual(SyslogFacility(name: facility.name), facility) }
        XCTAssertEqual(SyslogFacility.allCases.count, 24)
        XCTAssertEqual(SyslogFacility.local7.rawValue, 23)
    }

    func testBackoffDoublesUpToTheMaximum() {
        let policy = ReconnectPolicy(initialDelay: 0.5, maxDelay: 3, giveUpAfter: 10)
        XCTAssertEqual((1...6).map(policy.delay(beforeAttempt:)), [0.5, 1, 2, 3, 3, 3])
        XCTAssertEqual(ReconnectPolicy().delay(beforeAttempt: 1000), 30)
    }

    func testErrorsNameWhatToFix() {
        XCTAssertTrue(SyslogError.connectionRefused(host: "siem.example", port: 514).description
            .contains("siem.example:514"))
        XCTAssertTrue(SyslogError.messageTooLarge(size: 9000, max: 8192).description.contains("9000"))
        let sendError = SyslogSendError(delivered: 3, cause: .writeFailed(detail: "boom"))
        XCTAssertTrue(sendError.description.contains("3 messages"))
        XCTAssertTrue(sendError.description.contains("boom"))
    }
}
