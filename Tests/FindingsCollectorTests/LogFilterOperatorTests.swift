@testable import FindingsCollector
import JSONBytes
import XCTest

/// A record shaped like the mapper's output, with a few odd shapes (nested lists, nulls) for edge cases.
enum FilterTesting {
    static let recordText = """
    {"timestamp": 1717171800000, "msg_class": "aws_inspector_finding", "tenant": "acme", "connector": "prod",
     "region": "us-east-1",
     "normalized": {"severity": "High", "score": 8.8, "status": "Active", "title": "CVE-2024-0001 - openssl",
                    "cves": ["CVE-2024-0001", "CVE-2024-0002"], "port": 22, "exploit_available": null,
                    "asset": {"class": "Device", "ipv4": ["10.0.0.1", "10.0.0.2"]},
                    "packages": [{"name": "openssl", "version": "3.0.8"}, {"name": "kernel-core", "version": "5.10"}]},
     "finding": {"resources": [{"type": "AWS_EC2_INSTANCE", "tags": {"Name": "web-1"}}, {"type": "AWS_ECR_CONTAINER_IMAGE"}],
                 "matrix": [[1, 2], [3, [40]]], "flags": [true, false], "empty": [], "nulls": [null], "numbers": [7, 9],
                 "inspectorScore": 8.8, "text": "8.8"}}
    """

    static func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    static func record() throws -> JSONValue { try parse(recordText) }

    /// Builds the rule (failing the test if it does not compile) and tests it against the sample record.
    static func matches(_ field: String, _ op: FilterOperator, _ operand: FilterOperand = .none) throws -> Bool {
        let rule = try FilterRule(field: field, op: op, operand: operand, action: .drop)
        return rule.matches(try record())
    }
}

/// Every operator, matching and not matching, on strings, numbers, lists and absent fields.
final class LogFilterOperatorTests: XCTestCase {
    private func check(_ field: String, _ op: FilterOperator, _ operand: FilterOperand = .none,
                       _ expected: Bool, _ why: String = "", file: StaticString = #filePath,
                       line: UInt = #line) throws {
        XCTAssertEqual(try FilterTesting.matches(field, op, operand), expected,
                       "\(field) \(op.rawValue) \(operand) \(why)", file: file, line: line)
    }

    func testEqAndNe() throws {
        try check("normalized.severity", .eq, .value(.string("High")), true)
        try check("normalized.severity", .eq, .value(.string("high")), false)   // exact, case-sensitive
        try check("normalized.score", .eq, .value(.number(8.8)), true)
        try check("normalized.port", .eq, .value(.number(22)), true)
        try check("normalized.severity", .ne, .value(.string("Low")), true)
        try check("normalized.severity", .ne, .value(.string("High")), false)
        try check("finding.flags", .eq, .value(.bool(true)), true)
    }

    func testNumbersAndStringsNeverEqualEachOther() throws {
        try check("normalized.score", .eq, .value(.string("8.8")), false)
        try check("finding.text", .eq, .value(.number(8.8)), false)
        try check("finding.text", .eq, .value(.string("8.8")), true)
        try check("normalized.score", .ne, .value(.string("8.8")), true, "a value of another type is not equal")
        try check("finding.text", .gt, .value(.number(1)), false, "gt compares numbers only, not numeric text")
        try check("normalized.score", .in, .list([.string("8.8")]), false)
    }

    func testInAndNotIn() throws {
        try check("normalized.severity", .in, .list([.string("Low"), .string("High")]), true)
        try check("normalized.severity", .in, .list([.string("Low"), .string("None")]), false)
        try check("normalized.score", .in, .list([.number(8.8), .string("x")]), true)
        try check("normalized.severity", .notIn, .list([.string("Low"), .string("None")]), true)
        try check("normalized.severity", .notIn, .list([.string("High")]), false)
    }

    func testContainsIsSubstringOnTextAndElementOnLists() throws {
        try check("normalized.title", .contains, .value(.string("openssl")), true)
        try check("normalized.title", .contains, .value(.string("OpenSSL")), false)
        try check("normalized.cves", .contains, .value(.string("CVE-2024-0002")), true)
        try check("normalized.cves", .contains, .value(.string("CVE-2024")), false, "element, not substring")
        try check("normalized.cves[]", .contains, .value(.string("CVE-2024")), true, "[] tests each element as text")
        try check("finding.numbers", .contains, .value(.number(9)), true)
        try check("finding.numbers", .contains, .value(.number(8)), false)
        try check("finding.matrix", .contains, .value(.number(40)), true, "nested lists are searched too")
        try check("normalized.score", .contains, .value(.string("8")), false)
    }

    func testPrefixAndRegex() throws {
        try check("normalized.title", .prefix, .value(.string("CVE-2024")), true)
        try check("normalized.title", .prefix, .value(.string("openssl")), false)
        try check("normalized.title", .regex, .value(.string("^CVE-\\d{4}-\\d+ ")), true)
        try check("normalized.title", .regex, .value(.string("openssl$")), true, "not anchored unless asked")
        try check("normalized.title", .regex, .value(.string("^openssl")), false)
        try check("normalized.score", .regex, .value(.string("8")), false, "regex tests text only")
    }

    func testOrderingOperators() throws {
        try check("normalized.score", .gt, .value(.number(8.8)), false)
        try check("normalized.score", .gte, .value(.number(8.8)), true)
        try check("normalized.score", .lt, .value(.number(9)), true)
        try check("normalized.score", .lte, .value(.number(8.7)), false)
        try check("normalized.score", .gt, .value(.number(4)), true)
        try check("timestamp", .lt, .value(.number(1_717_171_800_001)), true)
        try check("normalized.severity", .lt, .value(.number(5)), false)
    }

    func testExistsAndMissing() throws {
        try check("normalized.cves", .exists, .none, true)
        try check("normalized.cves", .missing, .none, false)
        try check("normalized.remediation", .missing, .none, true)
        try check("normalized.remediation", .exists, .none, false)
        try check("normalized.exploit_available", .missing, .none, true, "null counts as no value")
        try check("finding.empty", .missing, .none, true, "an empty list has no value")
        try check("finding.nulls", .missing, .none, true, "a list of nulls has no value")
        try check("normalized.asset", .exists, .none, true, "an object is a value")
    }

    func testComparisonsNeverMatchAnAbsentField() throws {
        for op: FilterOperator in [.eq, .ne, .in, .notIn, .contains, .prefix, .regex, .gt, .gte, .lt, .lte] {
            let operand: FilterOperand = switch op {
            case .in, .notIn: .list([.string("x")])
            case .gt, .gte, .lt, .lte: .value(.number(1))
            default: .value(.string("x"))
            }
            try check("normalized.remediation", op, operand, false)
            try check("normalized.exploit_available", op, operand, false)
        }
    }

    func testRuleConstructionRejectsWrongOperands() {
        func error(_ op: FilterOperator, _ operand: FilterOperand) -> FilterRuleError? {
            do {
                _ = try FilterRule(field: "normalized.score", op: op, operand: operand, action: .drop)
                return nil
            } catch { return error }
        }
        XCTAssertEqual(error(.in, .value(.string("Low"))), .wrongValueType(.in, got: "a string"))
        XCTAssertEqual(error(.gt, .value(.string("4"))), .wrongValueType(.gt, got: "a string"))
        XCTAssertEqual(error(.eq, .list([.number(1)])), .wrongValueType(.eq, got: "a list"))
        XCTAssertEqual(error(.prefix, .value(.number(1))), .wrongValueType(.prefix, got: "a number"))
        XCTAssertEqual(error(.contains, .value(.bool(true))), .wrongValueType(.contains, got: "true/false"))
        XCTAssertEqual(error(.exists, .value(.number(1))), .valueNotAllowed(.exists))
        XCTAssertEqual(error(.eq, .none), .valueRequired(.eq))
        XCTAssertEqual(error(.notIn, .list([])), .emptyList(.notIn))
        guard case .badRegex(let pattern, let reason)? = error(.regex, .value(.string("(unclosed"))) else {
            return XCTFail("a bad regex must be rejected")
        }
        XCTAssertEqual(pattern, "(unclosed")
        XCTAssertFalse(reason.isEmpty)
    }
}
