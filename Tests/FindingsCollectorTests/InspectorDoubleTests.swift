import Foundation
import HTTP
import XCTest
@testable import FindingsCollector
@testable import Simulator

/// ListFindings paging and filtering, calling `handle` directly.
final class InspectorDoubleTests: XCTestCase {
    private let newest = Date(timeIntervalSince1970: 1_749_990_000)

    private func double(count: Int = 100, spacing: TimeInterval = 30, emptyPages: Int = 0,
                        requireSigV4: Bool = true) -> InspectorDouble {
        InspectorDouble(findings: SyntheticFindings(count: count, newestUpdatedAt: newest, spacing: spacing),
                        requireSigV4: requireSigV4, emptyPagesBeforeData: emptyPages, clock: { DoubleRequests.now })
    }

    func testPagingBySevenReturnsEveryFindingExactlyOnceInOrder() {
        let double = double()
        let pages = double.listAll(["maxResults": 7, "filterCriteria": DoubleRequests.window(0, nil)])
        XCTAssertTrue(pages.allSatisfy { $0.status == 200 && $0.arns.count <= 7 })
        XCTAssertEqual(pages.count, 15)
        XCTAssertNil(pages.last?.nextToken)
        XCTAssertEqual(double.findings.indices(of: pages.flatMap(\.arns)), Array(0..<100))
        XCTAssertEqual(double.findingsServed, 100)
        XCTAssertEqual(double.listRequestCount, 15)
        XCTAssertEqual(Set(double.receivedFilters).count, 1, "every page must carry the same filter")
    }

    func testDefaultPageSizeIsFiftyAndLastPageHasNoToken() {
        let pages = double(count: 120).listAll(["filterCriteria": DoubleRequests.window(0, nil)])
        XCTAssertEqual(pages.map(\.arns.count), [50, 50, 20])
        XCTAssertEqual(pages.map { $0.nextToken != nil }, [true, true, false])
    }

    func testTimeWindowReturnsExactlyTheFindingsInside() {
        let double = double(count: 1_000)
        let findings = double.findings
        let start = findings.updatedAt(at: 250), end = findings.updatedAt(at: 100) - 0.5
        let arns = double.listAll(["maxResults": 100, "filterCriteria": DoubleRequests.window(start, end)]).flatMap(\.arns)
        let expected = (0..<1_000).filter { findings.updatedAt(at: $0) >= start && findings.updatedAt(at: $0) <= end }
        XCTAssertEqual(expected, Array(101...250))
        XCTAssertEqual(findings.indices(of: arns), expected)
    }

    func testNarrowWindowInAMillionFindingsIsFoundWithoutScanningEverything() {
        let double = double(count: 1_000_000, spacing: 1)
        let findings = double.findings
        let started = Date()
        let answer = ListAnswer(double.handle(DoubleRequests.list([
            "maxResults": 100,
            "filterCriteria": DoubleRequests.window(findings.updatedAt(at: 900_049), findings.updatedAt(at: 900_000)),
        ])))
        XCTAssertEqual(findings.indices(of: answer.arns, within: 899_000..<901_000), Array(900_000...900_049))
        XCTAssertNil(answer.nextToken)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.0)
    }

    func testSeverityAndResourceTypeFiltersAreOredWithinAndAndedAcross() {
        let double = double(count: 600)
        let findings = double.findings
        let filter: [String: Any] = [
            "severity": [["comparison": "EQUALS", "value": "CRITICAL"], ["comparison": "EQUALS", "value": "HIGH"]],
            "resourceType": [["comparison": "EQUALS", "value": "AWS_EC2_INSTANCE"]],
        ]
        let pages = double.listAll(["maxResults": 25, "filterCriteria": filter])
        let expected = (0..<600).filter {
            ["CRITICAL", "HIGH"].contains(findings.severity(at: $0)) && findings.resourceType(at: $0) == "AWS_EC2_INSTANCE"
        }
        XCTAssertGreaterThan(expected.count, 50)
        XCTAssertEqual(findings.indices(of: pages.flatMap(\.arns)), expected)
        for finding in pages.flatMap(\.findings) {
            XCTAssertTrue(["CRITICAL", "HIGH"].contains(finding["severity"] as? String ?? ""))
        }
    }

    func testNotEqualsAndPrefixComparisons() {
        let double = double(count: 300)
        let findings = double.findings
        let active = double.listAll(["maxResults": 100, "filterCriteria": [
            "findingStatus": [["comparison": "NOT_EQUALS", "value": "CLOSED"], ["comparison": "NOT_EQUALS", "value": "SUPPRESSED"]],
        ]]).flatMap(\.arns)
        XCTAssertEqual(findings.indices(of: active), (0..<300).filter { findings.status(at: $0) == "ACTIVE" })
        let prefix = String(findings.arn(at: 42).dropLast(28))   // account part plus four hex digits
        let byPrefix = double.listAll(["filterCriteria": ["findingArn": [["comparison": "PREFIX", "value": prefix]]]])
            .flatMap(\.arns)
        XCTAssertTrue(byPrefix.contains(findings.arn(at: 42)))
        XCTAssertTrue(byPrefix.allSatisfy { $0.hasPrefix(prefix) })
    }

    func testTokenReusedWithADifferentFilterIsRejected() {
        let double = double()
        let first = ListAnswer(double.handle(DoubleRequests.list(["maxResults": 10, "filterCriteria": DoubleRequests.window(0, nil)])))
        let token = try! XCTUnwrap(first.nextToken)
        let changed = ListAnswer(double.handle(DoubleRequests.list([
            "maxResults": 10, "nextToken": token, "filterCriteria": DoubleRequests.window(1, nil),
        ])))
        XCTAssertEqual(changed.status, 400)
        XCTAssertEqual(changed.errorType, "ValidationException")
        XCTAssertTrue(changed.message.contains("filterCriteria"), changed.message)
        let sameFilterOtherSize = ListAnswer(double.handle(DoubleRequests.list([
            "maxResults": 11, "nextToken": token, "filterCriteria": DoubleRequests.window(0, nil),
        ])))
        XCTAssertEqual(sameFilterOtherSize.status, 400)
    }

    func testGarbledTokenIsRejected() {
        for token in ["not base64!", Data("sim1|5|0|zz".utf8).base64EncodedString(), Data("sim1|999|0|0000000000000000".utf8).base64EncodedString()] {
            let answer = ListAnswer(double().handle(DoubleRequests.list(["nextToken": token])))
            XCTAssertEqual(answer.status, 400, token)
            XCTAssertEqual(answer.errorType, "ValidationException")
        }
    }

    func testMaxResultsOutsideOneToHundredIsAFieldValidationFailure() {
        for value: Any in [0, 101, -3, 7.5, "7"] {
            let answer = ListAnswer(double().handle(DoubleRequests.list(["maxResults": value])))
            XCTAssertEqual(answer.status, 400, "\(value)")
            XCTAssertEqual(answer.json["reason"] as? String, "FIELD_VALIDATION_FAILED")
            XCTAssertEqual((answer.json["fields"] as? [[String: Any]])?.first?["name"] as? String, "maxResults")
        }
        XCTAssertEqual(ListAnswer(double().handle(DoubleRequests.list(["maxResults": 100]))).status, 200)
        XCTAssertEqual(ListAnswer(double().handle(DoubleRequests.list(["maxResults": 1]))).arns.count, 1)
    }

    func testDatesOutsideNineteenSeventyToTwentyThirtyThreeAreRejected() {
        let bad: [[String: Any]] = [
            DoubleRequests.window(nil, 1_988_150_400), DoubleRequests.window(-1, nil),
            ["lastObservedAt": [["startInclusive": "2024-01-01T00:00:00Z"]]],
        ]
        for filter in bad {
            let answer = ListAnswer(double().handle(DoubleRequests.list(["filterCriteria": filter])))
            XCTAssertEqual(answer.status, 400, "\(filter)")
            XCTAssertEqual(answer.errorType, "ValidationException")
        }
        let edge = ListAnswer(double().handle(DoubleRequests.list(["filterCriteria": DoubleRequests.window(0, 1_988_150_399)])))
        XCTAssertEqual(edge.status, 200)
    }

    func testMalformedFilterAndBodyAreRejectedWithReasons() {
        let cases: [(HTTPServerRequest, String)] = [
            (DoubleRequests.list(["filterCriteria": ["severity": [["comparison": "LIKE", "value": "HIGH"]]]]), "FIELD_VALIDATION_FAILED"),
            (DoubleRequests.list(["filterCriteria": ["severity": []]]), "FIELD_VALIDATION_FAILED"),
            (DoubleRequests.list(["filterCriteria": ["sevrity": [["comparison": "EQUALS", "value": "HIGH"]]]]), "FIELD_VALIDATION_FAILED"),
            (DoubleRequests.list(["filterCriteria": ["title": [["comparison": "EQUALS", "value": "x"]]]]), "OTHER"),
            (DoubleRequests.list(["sortCriteria": ["field": "UPDATED_AT", "sortOrder": "DESC"]]), "FIELD_VALIDATION_FAILED"),
            (HTTPServerRequest(method: "POST", target: "/findings/list", headers: DoubleRequests.signedHeaders(),
                               body: Array("{nope".utf8)), "CANNOT_PARSE"),
        ]
        for (request, reason) in cases {
            let answer = ListAnswer(double().handle(request))
            XCTAssertEqual(answer.status, 400, String(decoding: request.body, as: UTF8.self))
            XCTAssertEqual(answer.json["reason"] as? String, reason, String(decoding: request.body, as: UTF8.self))
        }
    }

    func testEmptyPagesWithATokenComeBeforeTheData() {
        let double = double(count: 30, emptyPages: 2)
        let pages = double.listAll(["maxResults": 20, "filterCriteria": DoubleRequests.window(0, nil)])
        XCTAssertEqual(pages.map(\.arns.count), [0, 0, 20, 10])
        XCTAssertNotNil(pages[0].nextToken)
        XCTAssertNotNil(pages[1].nextToken)
        XCTAssertEqual(double.findings.indices(of: pages.flatMap(\.arns)), Array(0..<30))
    }

    func testConcurrentListingsKeepCountsConsistent() {
        let double = double(count: 200)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let arns = double.listAll(["maxResults": 20, "filterCriteria": DoubleRequests.window(0, nil)]).flatMap(\.arns)
            XCTAssertEqual(arns.count, 200)
        }
        XCTAssertEqual(double.listRequestCount, 80)
        XCTAssertEqual(double.findingsServed, 1_600)
        XCTAssertEqual(double.receivedFilters.count, 80)
    }
}
