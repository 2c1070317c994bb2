@testable import Simulator
import XCTest

final class Rapid7DoubleCriteriaTests: XCTestCase {
    private typealias E = Rapid7CriteriaExpression

    func testParsesWhatTheCollectorAndTheReferenceSend() throws {
        XCTAssertEqual(try Rapid7CriteriaParser.parse("last_scan_end > '2025-03-04T05:06:07.089Z'"),
                       .comparison(field: "last_scan_end", op: .greater, value: .text("2025-03-04T05:06:07.089Z")))
        // The reference's endpoint example writes the timestamp unquoted.
        XCTAssertEqual(try Rapid7CriteriaParser.parse("last_scan_end > 2019-09-04T23:16:57.903Z"),
                       .comparison(field: "last_scan_end", op: .greater, value: .text("2019-09-04T23:16:57.903Z")))
        XCTAssertEqual(try Rapid7CriteriaParser.parse("severity IN ['Critical', 'Severe']"),
                       .comparison(field: "severity", op: .in, value: .list(["Critical", "Severe"])))
        XCTAssertEqual(try Rapid7CriteriaParser.parse("last_scan_end >= '2025-09-13T00:02:01Z' && cvss_score >= 9"),
                       .and(.comparison(field: "last_scan_end", op: .greaterOrEqual, value: .text("2025-09-13T00:02:01Z")),
                            .comparison(field: "cvss_score", op: .greaterOrEqual, value: .text("9"))))
        XCTAssertEqual(try Rapid7CriteriaParser.parse("id NOT IN [] and host_name contains \"web\""),
                       .and(.comparison(field: "id", op: .notIn, value: .list([])),
                            .comparison(field: "host_name", op: .contains, value: .text("web"))))
    }

    func testAndBindsTighterThanOrAndParenthesesGroup() throws {
        let a = E.comparison(field: "a", op: .equal, value: .text("1"))
        let b = E.comparison(field: "b", op: .equal, value: .text("2"))
        let c = E.comparison(field: "c", op: .equal, value: .text("3"))
        XCTAssertEqual(try Rapid7CriteriaParser.parse("a = 1 || b = 2 && c = 3"), .or(a, .and(b, c)))
        XCTAssertEqual(try Rapid7CriteriaParser.parse("(a = 1 || b = 2) && c = 3"), .and(.or(a, b), c))
        XCTAssertEqual(try Rapid7CriteriaParser.parse("a=1 OR b=2"), .or(a, b))
    }

    func testSyntaxErrorsSayWhere() {
        for (text, expected) in [("last_scan_end >", "expected a value"), ("= 3", "expected a field name"),
                                 ("a ~ 3", "expected an operator"), ("id IN ['a', 'b'", "expected \"]\""),
                                 ("a = 'open", "unterminated string"), ("(a = 1", "expected \")\""),
                                 ("a = 1 b = 2", "unexpected")] {
            XCTAssertThrowsError(try Rapid7CriteriaParser.parse(text), text) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(text): \(error)")
            }
        }
    }

    func testEvaluation() throws {
        let fields: (String) -> E.FieldValue = { field in
            switch field {
            case "last_scan_end": return .time(1_741_064_767)
            case "os_family": return .text("Linux")
            case "risk_score": return .number(1234.5)
            case "tags": return .texts(["pci", "Datacenter East"])
            default: return .missing
            }
        }
        func check(_ text: String) throws -> Bool { try Rapid7CriteriaParser.parse(text).matches(fields) }
        XCTAssertTrue(try check("last_scan_end > '2025-03-04T05:06:06Z'"))
        XCTAssertFalse(try check("last_scan_end > '2025-03-04T05:06:07Z'"))
        XCTAssertTrue(try check("last_scan_end > '2025-03-04T07:06:06+02:00'"))
        XCTAssertTrue(try check("os_family = 'linux' && risk_score >= 1000"))
        XCTAssertFalse(try check("os_family = 'Windows' && risk_score >= 1000"))
        XCTAssertTrue(try check("os_family = 'Windows' || risk_score < 2000"))
        XCTAssertTrue(try check("os_family IN ['Windows', 'Linux']"))
        XCTAssertTrue(try check("tags IN ['pci']"))
        XCTAssertTrue(try check("tags CONTAINS 'east'"))
        XCTAssertFalse(try check("host_name = 'x'"))
        XCTAssertTrue(try check("host_name != 'x'"))
        XCTAssertThrowsError(try check("last_scan_end > 'yesterday'"))
        XCTAssertThrowsError(try check("risk_score > 'high'"))
        XCTAssertThrowsError(try check("os_family IN 'Linux'"))
    }

    func testTimesInTheFormsTheAPIAccepts() {
        XCTAssertEqual(Rapid7Time.parse("2025-03-04T05:06:07.089Z")!, 1_741_064_767.089, accuracy: 0.0005)
        XCTAssertEqual(Rapid7Time.parse("2025-03-04T05:06:07Z"), 1_741_064_767)
        XCTAssertEqual(Rapid7Time.parse("2025-03-04T05:06:07"), 1_741_064_767)
        XCTAssertEqual(Rapid7Time.parse("2025-03-04T06:06:07+01:00"), 1_741_064_767)
        XCTAssertEqual(Rapid7Time.parse("2025-03-04"), 1_741_046_400)
        XCTAssertNil(Rapid7Time.parse("2025-13-04T05:06:07Z"))
        XCTAssertNil(Rapid7Time.parse("yesterday"))
        XCTAssertEqual(Rapid7Time.format(1_741_064_767.089), "2025-03-04T05:06:07.089Z")
    }
}
