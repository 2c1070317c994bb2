import FindingsCollector
import XCTest

final class FindingSeverityTests: XCTestCase {
    func testScoreBandsFollowTheInspectorTable() {
        let table: [(Double, FindingSeverity)] = [
            (0, .none), (0.1, .low), (3.9, .low), (4.0, .medium), (6.9, .medium), (7.0, .high), (8.9, .high),
            (8.95, .high), (9.0, .critical), (10, .critical), (-1, .none), (.nan, .none),
        ]
        for (score, expected) in table {
            XCTAssertEqual(FindingSeverity(score: score), expected, "score \(score)")
        }
    }

    func testInspectorSeverityLabels() {
        XCTAssertEqual(FindingSeverity(inspectorSeverity: "CRITICAL"), .critical)
        XCTAssertEqual(FindingSeverity(inspectorSeverity: "HIGH"), .high)
        XCTAssertEqual(FindingSeverity(inspectorSeverity: "medium"), .medium)
        XCTAssertEqual(FindingSeverity(inspectorSeverity: "LOW"), .low)
        XCTAssertEqual(FindingSeverity(inspectorSeverity: "INFORMATIONAL"), .informational)
        XCTAssertEqual(FindingSeverity(inspectorSeverity: "UNTRIAGED"), .informational)
        XCTAssertNil(FindingSeverity(inspectorSeverity: "SEVERE"))
        XCTAssertNil(FindingSeverity(inspectorSeverity: ""))
    }

    func testPriorityOrderAndNames() {
        XCTAssertEqual(FindingSeverity.allCases.sorted(), [.informational, .none, .low, .medium, .high, .critical])
        XCTAssertTrue(FindingSeverity.critical > .high)
        XCTAssertTrue(FindingSeverity.low < .medium)
        XCTAssertEqual(FindingSeverity.allCases.map(\.name), ["Informational", "None", "Low", "Medium", "High", "Critical"])
    }
}
