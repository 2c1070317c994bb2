@testable import FindingsCollector
import Foundation
import JSONBytes
@testable import Simulator
import HTTP
import Synchronization
import XCTest

final class Rapid7PagingTests: XCTestCase {
    private let initial = TimeWindow(start: Rapid7TestData.now - 86_400, end: Rapid7TestData.now - 120, isInitial: true)

    func testPagesToTheEndAndEveryCurrentFindingComesOnce() async throws {
        let double = Rapid7TestData.double(assets: 12, findingsPerAsset: 5)
        let (source, transport) = Rapid7TestData.source(double, pageSize: 5)
        await source.startPass()
        let (pages, summary) = try await Rapid7TestData.listAll(source, initial)
        // 12 assets in pages of 5: 5, 5, 2 — the last page is short and has no cursor.
        XCTAssertEqual(pages.map(\.items.count), [5, 5, 2])
        XCTAssertEqual(summary, ListingSummary(pages: 3, findings: 12, complete: true))
        XCTAssertEqual(double.assetsRequests, 3)
        let uids = Rapid7TestData.uids(in: pages, listing: "same")
        XCTAssertEqual(uids.count, Set(uids).count, "no finding twice")
        XCTAssertEqual(Set(uids), double.data.currentUIDs(scannedAfter: initial.start, now: Rapid7TestData.now))
        XCTAssertEqual(Rapid7TestData.uids(in: pages, listing: "new"), [])
        // Every assets request carried the same query and body apart from the cursor.
        let assets = double.received.filter { $0.endpoint == .assets }
        XCTAssertEqual(Set(assets.map(\.body)).count, 1)
        XCTAssertEqual(assets.map { $0.query["cursor"] == nil }, [true, false, false])
        XCTAssertTrue(transport.requests.allSatisfy { $0.headers.value(for: "X-Api-Key") == Rapid7TestData.apiKey })
    }

    func testAnExactMultipleEndsWithAnEmptyPageAndANullCursor() async throws {
        let double = Rapid7TestData.double(assets: 10, findingsPerAsset: 2)
        let (source, _) = Rapid7TestData.source(double, pageSize: 5)
        let (pages, summary) = try await Rapid7TestData.listAll(source, initial)
        XCTAssertEqual(pages.map(\.items.count), [5, 5, 0])
        XCTAssertTrue(summary.complete)
        XCTAssertEqual(summary.pages, 3)
    }

    func testAnEmptyPageWithACursorDoesNotEndTheListing() async throws {
        // A scripted API: an empty first page with a cursor, then data, then the end.
        let pages = ScriptedAssets(bodies: [
            #"{"data":[],"metadata":{"cursor":"p2"}}"#,
            #"{"data":[{"id":"a1","same":[]}],"metadata":{"cursor":"p3"}}"#,
            #"{"data":[{"id":"a2","same":[]}],"metadata":{"cursor":null},"links":[]}"#,
        ])
        let source = Rapid7Source(client: Rapid7TestData.client(pages), scope: "us", settings: Rapid7TestData.settings())
        let (seen, summary) = try await Rapid7TestData.listAll(source, initial)
        XCTAssertEqual(seen.map(\.items.count), [0, 1, 1])
        XCTAssertEqual(summary, ListingSummary(pages: 3, findings: 2, complete: true))
        XCTAssertEqual(pages.cursorsSent, [nil, "p2", "p3"])
    }

    func testThePageCountIsBounded() async throws {
        let double = Rapid7TestData.double(assets: 12, findingsPerAsset: 1)
        let (source, _) = Rapid7TestData.source(double, pageSize: 2, maxPages: 3)
        do {
            _ = try await Rapid7TestData.listAll(source, initial)
            XCTFail("expected the page bound")
        } catch let error as Rapid7SourceError {
            guard case .pageLimitReached(let pages) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(pages, 3)
            XCTAssertTrue("\(error)".contains("Narrow asset_filter"), "\(error)")
        }
        XCTAssertEqual(double.assetsRequests, 3)
    }

    func testStopsWhenTheDestinationAsks() async throws {
        let double = Rapid7TestData.double(assets: 12, findingsPerAsset: 1)
        let (source, _) = Rapid7TestData.source(double, pageSize: 5)
        let summary = try await source.list(initial, partition: 0) { _ in false }
        XCTAssertEqual(summary, ListingSummary(pages: 1, findings: 5, complete: false))
        XCTAssertEqual(double.assetsRequests, 1)
    }

    func testTheAssetFilterIsANDedAndApplied() async throws {
        let double = Rapid7TestData.double(assets: 12, findingsPerAsset: 2)
        let (source, _) = Rapid7TestData.source(double, pageSize: 50, assetFilter: "os_family = 'Windows'")
        let (pages, _) = try await Rapid7TestData.listAll(source, initial)
        let families = pages.flatMap { $0.items }.map { $0["os_family"]?.string }
        XCTAssertEqual(families.count, double.data.assets.filter(\.isWindows).count)
        XCTAssertTrue(families.allSatisfy { $0 == "Windows" })
    }

    func testLaterWindowsBringOnlyTheChanges() async throws {
        let double = Rapid7TestData.double(assets: 12, findingsPerAsset: 5)
        let (source, _) = Rapid7TestData.source(double, pageSize: 5)
        let changedAt = Rapid7TestData.now - 30
        let added = double.mutate { $0.addFindings(4, at: changedAt) }
        let remediated = double.mutate { $0.remediate(3, at: changedAt) }
        let window = TimeWindow(start: Rapid7TestData.now - 300, end: Rapid7TestData.now - 120, isInitial: false)
        await source.startPass()
        let (pages, summary) = try await Rapid7TestData.listAll(source, window)
        XCTAssertTrue(summary.complete)
        XCTAssertEqual(Set(Rapid7TestData.uids(in: pages, listing: "new")), Set(added))
        XCTAssertEqual(Set(Rapid7TestData.uids(in: pages, listing: "remediated")), Set(remediated))
        XCTAssertTrue(pages.flatMap { $0.items }.allSatisfy { $0["same"] == nil })
        let truth = double.data.changes(since: window.start, now: Rapid7TestData.now)
        XCTAssertEqual(truth.new, Set(added))
        XCTAssertEqual(truth.remediated, Set(remediated))
        XCTAssertEqual(double.received.first?.query["comparisonTime"], Rapid7Timestamp.rfc3339(window.start))
    }
}

/// Answers assets calls from a script of bodies, recording the cursors it was sent.
final class ScriptedAssets: HTTPTransport {
    private let state: Mutex<(bodies: [String], cursors: [String?])>

    init(bodies: [String]) { state = Mutex((bodies, [])) }

    var cursorsSent: [String?] { state.withLock { $0.cursors } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let cursor = request.url.components(separatedBy: "cursor=").dropFirst().first
        return state.withLock { state in
            state.cursors.append(cursor)
            let body = state.bodies.isEmpty ? #"{"data":[]}"# : state.bodies.removeFirst()
            return HTTPResponse(status: 200, body: Array(body.utf8))
        }
    }
}
