@testable import FindingsCollector
import JSONBytes
import XCTest

/// Field paths through lists (any element), their syntax, and how a filter picks the deciding rule.
final class LogFilterPathTests: XCTestCase {
    func testPathThroughAListMatchesWhenAnyElementMatches() throws {
        XCTAssertTrue(try FilterTesting.matches("finding.resources[].type", .eq, .value(.string("AWS_ECR_CONTAINER_IMAGE"))))
        XCTAssertFalse(try FilterTesting.matches("finding.resources[].type", .eq, .value(.string("AWS_LAMBDA_FUNCTION"))))
        XCTAssertTrue(try FilterTesting.matches("finding.resources[].tags.Name", .prefix, .value(.string("web"))))
        XCTAssertTrue(try FilterTesting.matches("normalized.packages[].name", .prefix, .value(.string("kernel"))))
        XCTAssertFalse(try FilterTesting.matches("normalized.packages[].name", .eq, .value(.string("kernel"))))
        XCTAssertTrue(try FilterTesting.matches("normalized.asset.ipv4[]", .eq, .value(.string("10.0.0.2"))))
    }

    func testListValuesAreComparedElementByElement() throws {
        XCTAssertTrue(try FilterTesting.matches("normalized.cves", .eq, .value(.string("CVE-2024-0002"))))
        XCTAssertTrue(try FilterTesting.matches("normalized.cves", .in, .list([.string("CVE-2024-0001")])))
        XCTAssertTrue(try FilterTesting.matches("finding.numbers", .gt, .value(.number(8))))
        XCTAssertFalse(try FilterTesting.matches("finding.numbers", .gt, .value(.number(9))))
    }

    func testNestedLists() throws {
        XCTAssertTrue(try FilterTesting.matches("finding.matrix[][]", .eq, .value(.number(3))))
        XCTAssertTrue(try FilterTesting.matches("finding.matrix[]", .eq, .value(.number(40))), "deeper lists expand")
        XCTAssertTrue(try FilterTesting.matches("finding.matrix", .gte, .value(.number(40))))
        XCTAssertFalse(try FilterTesting.matches("finding.matrix", .gt, .value(.number(40))))
    }

    /// Lists nested 100 000 deep (a record may carry anything a finding did) are searched without
    /// recursion: a recursive walk would overflow the thread's stack here.
    func testListsNestedDeeperThanRecursionCouldFollow() throws {
        let depth = 100_000
        let deep = String(repeating: "[", count: depth) + #"null,{"name":"x"},"abc",3"# + String(repeating: "]", count: depth)
        let record = try FilterTesting.parse(#"{"finding":{"deep":"# + deep + "}}")
        func matches(_ field: String, _ op: FilterOperator, _ operand: FilterOperand = .none) throws -> Bool {
            try FilterRule(field: field, op: op, operand: operand, action: .drop).matches(record)
        }
        XCTAssertTrue(try matches("finding.deep.name", .eq, .value(.string("x"))), "a member of an object deep in lists")
        XCTAssertFalse(try matches("finding.deep.name", .eq, .value(.string("y"))))
        XCTAssertTrue(try matches("finding.deep", .eq, .value(.number(3))))
        XCTAssertTrue(try matches("finding.deep", .contains, .value(.number(3))))
        XCTAssertFalse(try matches("finding.deep", .contains, .value(.string("b"))), "list elements compare whole")
        XCTAssertTrue(try matches("finding.deep", .exists))
        XCTAssertFalse(try FilterRule(field: "finding.deep", op: .exists, operand: .none, action: .drop)
            .matches(try FilterTesting.parse(#"{"finding":{"deep":"# + String(repeating: "[", count: depth) + "null"
                                             + String(repeating: "]", count: depth) + "}}")), "only nulls, at any depth")
    }

    func testNeAndNotInOnListsMeanSomeElementDiffers() throws {
        // Any-element semantics: true because "kernel-core" differs, although one package is "openssl".
        XCTAssertTrue(try FilterTesting.matches("normalized.packages[].name", .ne, .value(.string("openssl"))))
        XCTAssertTrue(try FilterTesting.matches("normalized.cves", .notIn, .list([.string("CVE-2024-0001")])))
        XCTAssertFalse(try FilterTesting.matches("normalized.cves", .notIn,
                                                 .list([.string("CVE-2024-0001"), .string("CVE-2024-0002")])))
    }

    func testMissingOnAListPathMeansNoElementHasTheField() throws {
        XCTAssertFalse(try FilterTesting.matches("finding.resources[].tags", .missing))
        XCTAssertTrue(try FilterTesting.matches("finding.resources[].details", .missing))
        XCTAssertTrue(try FilterTesting.matches("finding.resources[].tags.Name", .exists))
        XCTAssertTrue(try FilterTesting.matches("finding.resources[].tags.Owner", .missing))
    }

    func testLookupIsForgivingAtRunTime() throws {
        // Without [] a name steps into every element; [] on a single value keeps it (validation insists on the spelling).
        XCTAssertTrue(try FilterTesting.matches("finding.resources.type", .eq, .value(.string("AWS_EC2_INSTANCE"))))
        XCTAssertTrue(try FilterTesting.matches("normalized.severity[]", .eq, .value(.string("High"))))
        XCTAssertFalse(try FilterTesting.matches("normalized.severity.inner", .exists))
    }

    func testPathSyntaxErrors() {
        func reason(_ text: String) -> String? {
            do {
                _ = try FieldPath(text)
                return nil
            } catch {
                guard case .pathSyntax(let path, let reason) = error else { return "\(error)" }
                XCTAssertEqual(path, text)
                return reason
            }
        }
        XCTAssertEqual(reason(""), "the path is empty")
        XCTAssertEqual(reason(".normalized"), "it starts with '.'")
        XCTAssertEqual(reason("normalized..severity"), "empty name between dots, or a trailing '.'")
        XCTAssertEqual(reason("normalized."), "empty name between dots, or a trailing '.'")
        XCTAssertEqual(reason("finding.resources[0].type"),
                       "\"resources[0]\": positions like [0] are not supported; [] matches any element")
        XCTAssertEqual(reason("finding.resources[.type"), "\"resources[\": after a name only [] may follow (any element of a list)")
        XCTAssertEqual(reason("finding.resources[]x"), "\"resources[]x\": after a name only [] may follow (any element of a list)")
        XCTAssertEqual(reason("finding.[]"), "\"[]\": [] must follow a field name")
        XCTAssertEqual(reason("finding.res]"), "']' without '[' in \"res]\"")
        XCTAssertNil(reason("finding.matrix[][]"))
        XCTAssertEqual(try FieldPath("a.b[][].c").steps, [.member("a"), .member("b"), .elements, .elements, .member("c")])
    }

    func testFirstMatchingRuleWinsInOrder() throws {
        let record = try FilterTesting.record()
        let keepKernel = try FilterRule(field: "normalized.packages[].name", op: .prefix,
                                        operand: .value(.string("kernel")), action: .keep)
        let dropHigh = try FilterRule(field: "normalized.severity", op: .eq, operand: .value(.string("High")), action: .drop)
        XCTAssertEqual(LogFilter(rules: [keepKernel, dropHigh]).evaluate(record), FilterDecision(keep: true, ruleIndex: 0))
        XCTAssertEqual(LogFilter(rules: [dropHigh, keepKernel]).evaluate(record), FilterDecision(keep: false, ruleIndex: 0))
        let dropLow = try FilterRule(field: "normalized.severity", op: .eq, operand: .value(.string("Low")), action: .drop)
        XCTAssertEqual(LogFilter(rules: [dropLow, dropHigh]).evaluate(record), FilterDecision(keep: false, ruleIndex: 1))
    }

    func testDefaultActionAppliesWhenNoRuleMatches() throws {
        let record = try FilterTesting.record()
        let keepCritical = try FilterRule(field: "normalized.severity", op: .eq, operand: .value(.string("Critical")),
                                          action: .keep)
        XCTAssertEqual(LogFilter(rules: [keepCritical], defaultAction: .drop).evaluate(record),
                       FilterDecision(keep: false, ruleIndex: nil))
        XCTAssertEqual(LogFilter(rules: [keepCritical], defaultAction: .keep).evaluate(record),
                       FilterDecision(keep: true, ruleIndex: nil))
        XCTAssertEqual(LogFilter.keepAll.evaluate(record), FilterDecision(keep: true, ruleIndex: nil))
    }

    func testLabelsAndIsEmpty() throws {
        let keep = try FilterRule(field: "normalized.severity", op: .in, operand: .list([.string("High")]), action: .keep)
        let drop = try FilterRule(field: "normalized.cves", op: .missing, action: .drop)
        let filter = LogFilter(rules: [keep, drop])
        XCTAssertEqual(filter.rules.map(\.label), ["rules[0] normalized.severity in", "rules[1] normalized.cves missing"])
        XCTAssertFalse(filter.isEmpty)
        XCTAssertTrue(LogFilter.keepAll.isEmpty)
        XCTAssertTrue(LogFilter(rules: [keep]).isEmpty, "only keep rules and default keep: nothing can be dropped")
        XCTAssertFalse(LogFilter(rules: [], defaultAction: .drop).isEmpty)
    }
}
