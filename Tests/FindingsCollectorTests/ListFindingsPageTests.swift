import FindingsCollector
import JSONBytes
import XCTest

final class ListFindingsPageTests: XCTestCase {
    private func page(_ text: String) throws -> ListFindingsPage {
        try ListFindingsPage.parse(Array(text.utf8))
    }

    func testFindingsAndNextToken() throws {
        let body = #"{"findings":[{"findingArn":"a1","title":"x"},{"findingArn":"a2"}],"nextToken":"tok+/=="}"#
        let result = try page(body)
        XCTAssertEqual(result.findings.compactMap { $0["findingArn"]?.string }, ["a1", "a2"])
        XCTAssertEqual(result.nextToken, "tok+/==")
        XCTAssertEqual(String(decoding: result.findings[0].rawBytes, as: UTF8.self), #"{"findingArn":"a1","title":"x"}"#)
    }

    func testEmptyPageWithTokenKeepsTheToken() throws {
        let result = try page(#"{"findings":[],"nextToken":"more"}"#)
        XCTAssertTrue(result.findings.isEmpty)
        XCTAssertEqual(result.nextToken, "more", "an empty page with a token is not the end")
    }

    func testMissingNullOrEmptyTokenEndsTheListing() throws {
        XCTAssertNil(try page(#"{"findings":[{"findingArn":"a"}]}"#).nextToken)
        XCTAssertNil(try page(#"{"nextToken":null,"findings":[]}"#).nextToken)
        XCTAssertNil(try page(#"{"findings":[],"nextToken":""}"#).nextToken)
    }

    func testInvalidJSONIsRejected() {
        XCTAssertThrowsError(try page(#"{"findings":[{"findingArn":"a"},]}"#)) { error in
            guard case ListFindingsPageError.invalidJSON(let jsonError) = error else {
                return XCTFail("expected invalidJSON, got \(error)")
            }
            XCTAssertEqual(jsonError.offset, 32, "the ']' where a value was expected")
            XCTAssertTrue(String(describing: error).contains("not valid JSON"))
        }
        XCTAssertThrowsError(try page("<html>Gateway Timeout</html>"))
    }

    func testWrongShapesAreRejectedWithTheReason() {
        let cases: [(String, String)] = [
            (#"{"nextToken":"x"}"#, "no \"findings\" member"),
            (#"{"findings":{}}"#, "\"findings\" is object, not an array"),
            (#"[]"#, "top level is array"),
            (#"{"findings":[],"nextToken":5}"#, "\"nextToken\" is number"),
        ]
        for (body, expected) in cases {
            XCTAssertThrowsError(try page(body), body) { error in
                XCTAssertTrue(String(describing: error).contains(expected), "\(error)")
            }
        }
    }

    func testAMalformedFindingDoesNotCostThePage() throws {
        let result = try page(#"{"findings":[{"findingArn":"a"}, 42]}"#)
        XCTAssertEqual(result.findings.count, 2)
        let mapper = InspectorFindingMapper(stamp: RecordStamp(tenant: "t", connector: "c"))
        XCTAssertThrowsError(try mapper.map(result.findings[1], region: "us-east-1", collectedAtMillis: 0)) { error in
            XCTAssertEqual(error as? InspectorMappingError, .notAnObject(.number))
        }
    }

    /// One finding nested 600 levels deep (in its EC2 tags and in a member Inspector may add) between two
    /// ordinary ones: the page parses, all three map, the deep one with its bytes spliced unchanged.
    func testADeeplyNestedFindingCostsNeitherThePageNorItsNeighbours() throws {
        let deep = String(repeating: #"{"k":["#, count: 300) + "1" + String(repeating: "]}", count: 300)
        let ordinary = { (arn: String) in #"{"findingArn":"\#(arn)","severity":"HIGH","title":"t \#(arn)"}"# }
        let nested = #"{"findingArn":"deep","severity":"LOW","resources":[{"type":"AWS_EC2_INSTANCE","id":"i-1","#
            + #""details":{"awsEc2Instance":{"tags":"# + deep + #"}}}],"unknownExtra":"# + deep + "}"
        let result = try page(#"{"findings":["# + [ordinary("a1"), nested, ordinary("a3")].joined(separator: ",") + "]}")
        XCTAssertEqual(result.findings.count, 3)
        let mapper = InspectorFindingMapper(stamp: RecordStamp(tenant: "t", connector: "c"))
        let records = try result.findings.map { try mapper.map($0, region: "us-east-1", collectedAtMillis: 0) }
        XCTAssertEqual(records.map(\.uid), ["a1", "deep", "a3"])
        XCTAssertEqual(records.map(\.severity), [.high, .low, .high])
        let deepRecord = try JSONValue.parse(records[1].bytes)
        XCTAssertEqual(deepRecord["finding"].map { Array($0.rawBytes) }, Array(nested.utf8))
        XCTAssertEqual(deepRecord["normalized"]?["uid"]?.string, "deep")
        for (record, arn) in [(records[0], "a1"), (records[2], "a3")] {
            XCTAssertEqual(try JSONValue.parse(record.bytes)["normalized"]?["title"]?.string, "t \(arn)")
        }
    }
}
