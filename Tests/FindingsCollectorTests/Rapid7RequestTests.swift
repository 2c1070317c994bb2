@testable import FindingsCollector
import HTTP
import JSONBytes
@testable import Simulator
import XCTest

final class Rapid7RequestTests: XCTestCase {
    func testTimestampsAreRFC3339UTCWithMilliseconds() {
        XCTAssertEqual(Rapid7Timestamp.rfc3339(0), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(Rapid7Timestamp.rfc3339(1_741_064_767.0899), "2025-03-04T05:06:07.089Z")
        // Truncated, never rounded up past the instant.
        XCTAssertEqual(Rapid7Timestamp.rfc3339(1_741_064_767.9999), "2025-03-04T05:06:07.999Z")
        XCTAssertEqual(Rapid7Time.parse(Rapid7Timestamp.rfc3339(1_741_064_767.089))!, 1_741_064_767.089, accuracy: 0.0005)
    }

    func testInitialWindowPullsWhatIsCurrentOnRecentlyScannedAssets() {
        let window = TimeWindow(start: 1_741_064_767.089, end: 1_741_151_167, isInitial: true)
        let query = Rapid7AssetsQuery(window: window, pageSize: 500, assetFilter: "os_family = 'Linux' || os_family = 'Windows'",
                                      vulnerabilityFilter: "severity_score >= 7")
        XCTAssertEqual(query.query(cursor: nil), "size=500&includeUniqueIdentifiers=true&includeSame=true")
        XCTAssertEqual(String(decoding: query.body, as: UTF8.self),
                       #"{"asset":"last_scan_end > '2025-03-04T05:06:07.089Z' && (os_family = 'Linux' || os_family = 'Windows')","vulnerability":"severity_score >= 7"}"#)
    }

    func testLaterWindowsAskForChangesSinceTheirStart() {
        let window = TimeWindow(start: 1_741_064_767.089, end: 1_741_151_167, isInitial: false)
        let query = Rapid7AssetsQuery(window: window, pageSize: 50, assetFilter: nil, vulnerabilityFilter: nil)
        XCTAssertEqual(query.query(cursor: nil), "size=50&includeUniqueIdentifiers=true&comparisonTime=2025-03-04T05%3A06%3A07.089Z")
        XCTAssertEqual(query.query(cursor: "15:::_S:::a b+c"),
                       "size=50&includeUniqueIdentifiers=true&comparisonTime=2025-03-04T05%3A06%3A07.089Z&cursor=15%3A%3A%3A_S%3A%3A%3Aa%20b%2Bc")
        XCTAssertEqual(String(decoding: query.body, as: UTF8.self), "{}")
    }

    func testDefinitionsQueryListsTheIdsQuoted() {
        let query = Rapid7DefinitionsQuery(ids: ["ssh-cve-2023-48795", "o'brien\\x"])
        XCTAssertEqual(query.query(cursor: nil), "size=2")
        XCTAssertEqual(String(decoding: query.body, as: UTF8.self),
                       #"{"vulnerability":"id IN ['ssh-cve-2023-48795', 'o\\'brien\\\\x']"}"#)
        // The double's parser reads back what the collector writes.
        let parsed = try? Rapid7CriteriaParser.parse("id IN ['ssh-cve-2023-48795', 'o\\'brien\\\\x']")
        XCTAssertEqual(parsed, .comparison(field: "id", op: .in, value: .list(["ssh-cve-2023-48795", "o'brien\\x"])))
    }

    func testRequestsCarryTheKeyHeaderAndJSON() async throws {
        let double = Rapid7TestData.double()
        let transport = Rapid7DoubleTransport(double)
        let client = Rapid7TestData.client(transport)
        _ = try await client.searchAssets(Rapid7AssetsQuery(pageSize: 3, includeSame: true, comparisonTime: nil,
                                                            assetCriteria: nil, vulnerabilityCriteria: nil), cursor: nil)
        let request = try XCTUnwrap(transport.requests.first)
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.url, "http://double.test/vm/v4/integration/assets?size=3&includeUniqueIdentifiers=true&includeSame=true")
        XCTAssertEqual(request.headers.value(for: "X-Api-Key"), Rapid7TestData.apiKey)
        XCTAssertEqual(request.headers.value(for: "Content-Type"), "application/json")
        XCTAssertEqual(request.headers.value(for: "Accept"), "application/json")
    }

    func testPageParsing() throws {
        var page = try Rapid7Page.parse(Array(#"{"data":[{"id":"a"},{"id":"b"}],"metadata":{"cursor":"c1","totalResources":9},"links":[]}"#.utf8))
        XCTAssertEqual(page.items.count, 2)
        XCTAssertEqual(page.cursor, "c1")
        XCTAssertEqual(page.totalResources, 9)
        for end in [#"{"data":[],"metadata":{"cursor":null}}"#, #"{"data":[],"metadata":{}}"#, #"{"data":[]}"#,
                    #"{"data":[],"metadata":{"cursor":""}}"#] {
            page = try Rapid7Page.parse(Array(end.utf8))
            XCTAssertNil(page.cursor, end)
        }
        XCTAssertThrowsError(try Rapid7Page.parse(Array("<html>".utf8))) { error in
            guard case Rapid7PageError.notJSON(let start) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(start, "<html>")
        }
        XCTAssertThrowsError(try Rapid7Page.parse(Array(#"{"data":[{"id":"#.utf8)))
        XCTAssertThrowsError(try Rapid7Page.parse(Array(#"{"assets":[]}"#.utf8)))
        XCTAssertThrowsError(try Rapid7Page.parse(Array(#"{"data":[],"metadata":{"cursor":5}}"#.utf8)))
    }

    func testErrorsCarryStatusAndRapid7sMessage() {
        let response = HTTPResponse(status: 400, headers: [HTTPHeader("Retry-After", "3")],
                                    body: Array(#"{"status":400,"localized_message":null,"message":"Your query string format is not valid."}"#.utf8))
        let error = Rapid7APIError(response: response, path: "/vm/v4/integration/assets", now: .init())
        XCTAssertEqual(error.status, 400)
        XCTAssertEqual(error.message, "Your query string format is not valid.")
        XCTAssertEqual(error.retryAfter, 3)
        XCTAssertFalse(error.isRetryable)
        XCTAssertEqual("\(error)", "/vm/v4/integration/assets returned HTTP 400: Your query string format is not valid.")
        XCTAssertEqual(Rapid7APIError.message(in: Array("<h1>Bad\u{7}gateway</h1>".utf8)), "<h1>Bad?gateway</h1>")
        XCTAssertTrue(Rapid7APIError(status: 429, path: "/p", message: "").isThrottling)
        for status in [408, 500, 502, 503, 504] { XCTAssertTrue(Rapid7APIError(status: status, path: "/p", message: "").isRetryable) }
        for status in [400, 401, 403, 404] { XCTAssertFalse(Rapid7APIError(status: status, path: "/p", message: "").isRetryable) }
    }

    func testTheKeyDoesNotPrint() {
        let key = Rapid7APIKey("top-secret-key")
        XCTAssertEqual("\(key)", "<redacted>")
        XCTAssertFalse(String(reflecting: key).contains("top-secret"))
        let client = Rapid7TestData.client(Rapid7DoubleTransport(failing: .invalidURL("x")), key: "top-secret-key")
        XCTAssertFalse("\(client)".contains("top-secret"))
    }
}
