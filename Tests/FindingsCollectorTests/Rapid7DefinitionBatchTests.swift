@testable import FindingsCollector
import Foundation
import JSONBytes
@testable import Simulator
import XCTest

final class Rapid7DefinitionBatchTests: XCTestCase {
    private let initial = TimeWindow(start: Rapid7TestData.now - 86_400, end: Rapid7TestData.now - 120, isInitial: true)

    func testEachDefinitionIsFetchedOncePerPassAndEveryPageHasWhatItNeeds() async throws {
        let double = Rapid7TestData.double(assets: 30, findingsPerAsset: 6, definitions: 40)
        let (source, _) = Rapid7TestData.source(double, pageSize: 4, batchSize: 7)
        await source.startPass()
        let (pages, _) = try await Rapid7TestData.listAll(source, initial)
        XCTAssertGreaterThan(pages.count, 5)
        let served = double.definitionsServed
        XCTAssertFalse(served.isEmpty)
        XCTAssertEqual(served.values.max(), 1, "a definition was fetched more than once in a pass: \(served.filter { $0.value > 1 })")
        // Each page's references hold every definition its findings name that Rapid7 has, and only those.
        let known = Set(double.data.definitions.map(\.id))
        for page in pages {
            let needed = Set(Rapid7Source.vulnerabilityIds(in: page.items))
            XCTAssertEqual(Set(page.references.keys), needed.intersection(known))
            for (id, definition) in page.references { XCTAssertEqual(definition["id"]?.string, id) }
        }
        // Ids Rapid7 does not know were asked for once each, then remembered as absent.
        let unknown = Set(pages.flatMap { Rapid7Source.vulnerabilityIds(in: $0.items) }).subtracting(known)
        XCTAssertFalse(unknown.isEmpty, "the data set should name ids without a definition")
        let asked = double.received.filter { $0.endpoint == .vulnerabilities }.map(\.body)
        for id in unknown { XCTAssertEqual(asked.filter { $0.contains("'\(id)'") }.count, 1, id) }
    }

    func testBatchesAreBoundedAndNeverPerFinding() async throws {
        let double = Rapid7TestData.double(assets: 20, findingsPerAsset: 8, definitions: 50)
        let (source, _) = Rapid7TestData.source(double, pageSize: 20, batchSize: 7)
        let (pages, _) = try await Rapid7TestData.listAll(source, initial)
        XCTAssertEqual(pages.map(\.items.count), [20, 0], "a full page carries a cursor; the end is an empty page")
        let calls = double.received.filter { $0.endpoint == .vulnerabilities }
        let idsPerCall = calls.map { $0.body.components(separatedBy: "', '").count }
        XCTAssertTrue(idsPerCall.allSatisfy { $0 <= 7 }, "\(idsPerCall)")
        let distinct = Set(pages.flatMap { Rapid7Source.vulnerabilityIds(in: $0.items) }).count
        XCTAssertEqual(calls.count, (distinct + 6) / 7, "one page of 20 assets: ceil(distinct ids / 7) calls, none for the empty page")
        XCTAssertLessThan(calls.count, double.data.findings.count / 10)
        // The default batch is 100 and never more.
        XCTAssertEqual(Rapid7Source(client: Rapid7TestData.client(Rapid7DoubleTransport(double)), scope: "x",
                                    settings: Rapid7TestData.settings(), batchSize: 10_000).batchSize, 100)
    }

    func testANewPassFetchesAgain() async throws {
        let double = Rapid7TestData.double(assets: 6, findingsPerAsset: 4)
        let (source, _) = Rapid7TestData.source(double, pageSize: 3)
        await source.startPass()
        _ = try await Rapid7TestData.listAll(source, initial)
        let first = double.definitionsServed
        await source.startPass()
        _ = try await Rapid7TestData.listAll(source, initial)
        let second = double.definitionsServed
        XCTAssertEqual(Set(first.keys), Set(second.keys))
        XCTAssertTrue(second.allSatisfy { $0.value == 2 }, "\(second)")
    }

    func testTheCacheStaysWithinItsBudget() async throws {
        let double = Rapid7TestData.double(assets: 20, findingsPerAsset: 6, definitions: 40)
        let cache = Rapid7DefinitionCache(byteBudget: 4_000)
        let (source, _) = Rapid7TestData.source(double, pageSize: 2, batchSize: 3, cache: cache)
        let (pages, _) = try await Rapid7TestData.listAll(source, initial)
        let evictions = await cache.evictions
        XCTAssertGreaterThan(evictions, 0)
        // Pages still carry every definition they need, refetched when evicted.
        let known = Set(double.data.definitions.map(\.id))
        for page in pages {
            XCTAssertEqual(Set(page.references.keys), Set(Rapid7Source.vulnerabilityIds(in: page.items)).intersection(known))
        }
    }

    func testAPageWithoutFindingsCostsNoDefinitionsCall() async throws {
        let double = Rapid7TestData.double(assets: 4, findingsPerAsset: 0)
        let (source, _) = Rapid7TestData.source(double, pageSize: 10)
        let (pages, _) = try await Rapid7TestData.listAll(source, initial)
        XCTAssertEqual(pages.first?.items.count, 4)
        XCTAssertEqual(double.vulnerabilitiesRequests, 0)
    }
}
