import Foundation
import HTTP
import JSONBytes
@testable import Simulator
import XCTest

/// The double's answers, checked through raw HTTP requests (what it serves is what the collector is tested on).
final class Rapid7DoubleSemanticsTests: XCTestCase {
    private let now = Rapid7TestData.now

    private func post(_ double: Rapid7Double, _ path: String, query: String, body: String,
                      key: String = Rapid7TestData.apiKey) throws -> (Int, JSONValue?) {
        let response = double.handle(HTTPServerRequest(method: "POST", target: path + "?" + query,
                                                       headers: [HTTPHeader("X-Api-Key", key)], body: Array(body.utf8)))
        return (response.status, try? JSONValue.parse(response.body))
    }

    private func findings(_ page: JSONValue?, _ listing: String) -> Int {
        (page?["data"]?.elements ?? []).reduce(0) { $0 + ($1[listing]?.count ?? 0) }
    }

    func testAuthentication() throws {
        let double = Rapid7TestData.double()
        let (status, body) = try post(double, Rapid7Double.assetsPath, query: "size=1", body: "{}", key: "nope")
        XCTAssertEqual(status, 401)
        XCTAssertEqual(body?["status"]?.int, 401)
        XCTAssertNotNil(body?["message"]?.string)
        XCTAssertEqual(try post(double, Rapid7Double.assetsPath, query: "size=1", body: "{}").0, 200)
        XCTAssertEqual(try post(double, "/vm/v4/integration/other", query: "", body: "{}").0, 404)
    }

    func testWithoutComparisonTimeEverythingCurrentIsSameOnlyWithIncludeSame() throws {
        let double = Rapid7TestData.double(assets: 5, findingsPerAsset: 6)
        let current = double.data.currentUIDs(scannedAfter: 0, now: now).count
        var (_, page) = try post(double, Rapid7Double.assetsPath, query: "size=50&includeSame=true", body: "{}")
        XCTAssertEqual(findings(page, "same"), current)
        XCTAssertEqual(findings(page, "new"), 0)
        XCTAssertEqual(findings(page, "remediated"), 0)
        // comparisonTime defaults to the current time (API reference): no changes, and no `same` without includeSame.
        (_, page) = try post(double, Rapid7Double.assetsPath, query: "size=50", body: "{}")
        XCTAssertEqual(findings(page, "new") + findings(page, "same") + findings(page, "remediated"), 0)
        XCTAssertNil(page?["data"]?[0]?["same"])
    }

    func testComparisonTimeSplitsNewSameAndRemediated() throws {
        let double = Rapid7TestData.double(assets: 6, findingsPerAsset: 6)
        let t = now - 600
        let added = double.mutate { $0.addFindings(3, at: now - 60) }
        let gone = double.mutate { $0.remediate(2, at: now - 60) }
        let query = "size=50&includeSame=true&comparisonTime=\(Rapid7Time.format(t))"
        let (status, page) = try post(double, Rapid7Double.assetsPath, query: query, body: "{}")
        XCTAssertEqual(status, 200)
        XCTAssertEqual(findings(page, "new"), added.count)
        XCTAssertEqual(findings(page, "remediated"), gone.count)
        XCTAssertEqual(findings(page, "same"), double.data.currentUIDs(scannedAfter: 0, now: t).count - gone.count)
        let truth = double.data.changes(since: t, now: now)
        XCTAssertEqual(truth.new, Set(added))
        XCTAssertEqual(truth.remediated, Set(gone))
    }

    func testCriteriaFilterAssetsAndFindings() throws {
        let double = Rapid7TestData.double(assets: 9, findingsPerAsset: 6)
        var (_, page) = try post(double, Rapid7Double.assetsPath, query: "size=50&includeSame=true",
                                 body: #"{"asset":"os_family = 'Windows'"}"#)
        XCTAssertEqual(page?["data"]?.count, double.data.assets.filter(\.isWindows).count)
        (_, page) = try post(double, Rapid7Double.assetsPath, query: "size=50&includeSame=true",
                             body: #"{"vulnerability":"severity_score >= 8"}"#)
        let severe = Set(double.data.definitions.filter { $0.severityScore >= 8 }.map(\.id))
        for asset in page?["data"]?.elements ?? [] {
            for finding in asset["same"]?.elements ?? [] { XCTAssertTrue(severe.contains(finding["vulnerability_id"]!.string!)) }
        }
        XCTAssertGreaterThan(findings(page, "same"), 0)
        let (status, error) = try post(double, Rapid7Double.assetsPath, query: "size=5", body: #"{"asset":"colour = 'red'"}"#)
        XCTAssertEqual(status, 400)
        XCTAssertTrue(error?["message"]?.string?.contains("unknown asset field 'colour'") == true)
        XCTAssertEqual(try post(double, Rapid7Double.assetsPath, query: "size=5", body: #"{"asset":"id ="}"#).0, 400)
        XCTAssertEqual(try post(double, Rapid7Double.assetsPath, query: "size=501", body: "{}").0, 400)
        XCTAssertEqual(try post(double, Rapid7Double.assetsPath, query: "size=5&comparisonTime=soon", body: "{}").0, 400)
    }

    func testCursorsAreBoundToTheirRequest() throws {
        let double = Rapid7TestData.double(assets: 6)
        let (_, first) = try post(double, Rapid7Double.assetsPath, query: "size=2", body: "{}")
        let cursor = try XCTUnwrap(first?["metadata"]?["cursor"]?.string)
        let encoded = Rapid7DoubleTransportCursor.encode(cursor)
        XCTAssertEqual(try post(double, Rapid7Double.assetsPath, query: "size=2&cursor=\(encoded)", body: "{}").0, 200)
        XCTAssertEqual(try post(double, Rapid7Double.assetsPath, query: "size=3&cursor=\(encoded)", body: "{}").0, 400)
        XCTAssertEqual(try post(double, Rapid7Double.assetsPath, query: "size=2&cursor=\(encoded)",
                                body: #"{"asset":"os_family = 'Linux'"}"#).0, 400)
        XCTAssertEqual(try post(double, Rapid7Double.assetsPath, query: "size=2&cursor=garbage", body: "{}").0, 400)
    }

    func testDefinitionsAreSearchedByIdAndCounted() throws {
        let double = Rapid7TestData.double(definitions: 10)
        let ids = double.data.definitions.prefix(3).map(\.id)
        let (status, page) = try post(double, Rapid7Double.vulnerabilitiesPath, query: "size=3",
                                      body: #"{"vulnerability":"id IN ['\#(ids.joined(separator: "', '"))', 'nope']"}"#)
        XCTAssertEqual(status, 200)
        XCTAssertEqual(page?["data"]?.elements.compactMap { $0["id"]?.string }, ids)
        XCTAssertEqual(double.definitionsServed, Dictionary(uniqueKeysWithValues: ids.map { ($0, 1) }))
        XCTAssertEqual(double.vulnerabilitiesRequests, 1)
    }

    func testAnswersArePrettyPrintedLikeTheRealAPIAndParse() throws {
        let double = Rapid7TestData.double(assets: 2, findingsPerAsset: 2)
        let response = double.handle(HTTPServerRequest(method: "POST", target: Rapid7Double.assetsPath + "?size=2&includeSame=true",
                                                       headers: [HTTPHeader("X-Api-Key", Rapid7TestData.apiKey)], body: Array("{}".utf8)))
        let text = String(decoding: response.body, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("{\n  \"data\" : ["), String(text.prefix(40)))
        let page = try JSONValue.parse(response.body)
        XCTAssertEqual(page["data"]?.count, 2)
        XCTAssertEqual(page["data"]?[0]?["tags"]?[0]?["name"]?.string, "Datacenter East")
    }

    func testTheDataSetHasTheVarietyTheMapperNeeds() {
        let data = Rapid7SyntheticData.make(assets: 20, findingsPerAsset: 5, now: now)
        XCTAssertTrue(data.assets.contains { $0.isWindows } && data.assets.contains { !$0.isWindows })
        XCTAssertTrue(data.assets.contains { $0.ip.contains(":") } && data.assets.contains { !$0.ip.contains(":") })
        XCTAssertTrue(data.assets.contains { $0.hostName == nil })
        XCTAssertTrue(data.findings.contains { $0.port != nil } && data.findings.contains { !$0.key.isEmpty })
        XCTAssertTrue(data.findings.contains { $0.key.contains(":") }, "a Windows path key exercises the uid's escaping")
        XCTAssertTrue(data.findings.contains { $0.remediatedAt != nil })
        XCTAssertTrue(data.findings.contains { data.definition($0.vulnerabilityId) == nil })
        let uids = data.findings.map(data.uid(of:))
        XCTAssertEqual(uids.count, Set(uids).count, "uids are unique")
    }
}

enum Rapid7DoubleTransportCursor {
    static func encode(_ cursor: String) -> String {
        cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor
    }
}
