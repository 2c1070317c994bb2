import Foundation
import JSONBytes

/// Lists the assets of an InsightVM organization a page at a time, each page with the vulnerability
/// definitions its findings name (`SourcePage.references`), fetched in batches through a per-pass cache.
///
/// Windows (DESIGN §4d): the first window (`isInitial`) asks for everything current on the assets scanned
/// since its start (`includeSame=true`, `last_scan_end > start`); later windows ask for the changes since
/// their start (`comparisonTime=start`): findings `new` or `remediated` since then. The API can only list
/// "changes since T, up to now", so windows are listed whole.
struct Rapid7Source: FindingSource {
    let client: Rapid7Client
    /// The region, or `custom` for an endpoint_url.
    let scope: String
    let pageSize: Int
    let assetFilter: String?
    let vulnerabilityFilter: String?
    let maxPages: Int
    let definitions: Rapid7DefinitionCache
    /// Ids per definitions call.
    let batchSize: Int

    var partitionCount: Int { 1 }
    var listsPartsOfWindows: Bool { false }
    /// None: with `comparisonTime` Rapid7 answers every change since then, up to the moment it is asked, so
    /// the window ends at the pass's start and the next pass compares from there. A longer settle time would
    /// list the same changes again on every pass (only a window's end bound is remembered, not its inside).
    var settleSeconds: Double { 0 }

    init(client: Rapid7Client, scope: String, settings: Rapid7Settings,
         maxPages: Int = Rapid7Settings.maxPagesPerListing,
         definitions: Rapid7DefinitionCache = Rapid7DefinitionCache(),
         batchSize: Int = Rapid7DefinitionsQuery.maxBatch) {
        self.client = client
        self.scope = scope
        self.pageSize = settings.pageSize
        self.assetFilter = settings.assetFilter
        self.vulnerabilityFilter = settings.vulnerabilityFilter
        self.maxPages = max(1, maxPages)
        self.definitions = definitions
        self.batchSize = min(max(1, batchSize), Rapid7DefinitionsQuery.maxBatch)
    }

    func startPass() async {
        await client.quota.refill()
        await definitions.clear()
    }

    func query(for window: TimeWindow) -> Rapid7AssetsQuery {
        Rapid7AssetsQuery(window: window, pageSize: pageSize, assetFilter: assetFilter, vulnerabilityFilter: vulnerabilityFilter)
    }

    /// Loops on `metadata.cursor`, never on page size: a page may be empty with a cursor, and the last page
    /// may be empty. Stops with `pageLimitReached` after `maxPages`.
    func list(_ window: TimeWindow, partition: Int,
              consume: (SourcePage) async throws -> Bool) async throws -> ListingSummary {
        let query = query(for: window)
        var summary = ListingSummary()
        var cursor: String?
        repeat {
            guard summary.pages < maxPages else { throw Rapid7SourceError.pageLimitReached(pages: summary.pages) }
            try Task.checkCancellation()
            let answer = try await client.searchAssets(query, cursor: cursor)
            summary.pages += 1
            summary.findings += answer.page.items.count
            let references = try await definitions(for: answer.page.items)
            guard try await consume(SourcePage(items: answer.page.items, references: references)) else { return summary }
            cursor = answer.page.cursor
        } while cursor != nil
        summary.complete = true
        return summary
    }

    /// Every definition the assets' findings name that Rapid7 has: from the cache, the rest fetched in
    /// batches of `batchSize` ids. A definition Rapid7 does not return is simply not among them.
    func definitions(for assets: [JSONValue]) async throws -> [String: JSONValue] {
        let ids = Self.vulnerabilityIds(in: assets)
        guard !ids.isEmpty else { return [:] }
        var (references, unknown) = await definitions.lookup(ids)
        var start = 0
        while start < unknown.count {
            let batch = Array(unknown[start..<min(start + batchSize, unknown.count)])
            start += batch.count
            let (found, bytes) = try await fetch(batch)
            await definitions.store(found, asked: batch, answerBytes: bytes)
            references.merge(found) { old, _ in old }
        }
        return references
    }

    /// One batch: the definitions call's pages, followed to the end (bounded: a batch is one page).
    private func fetch(_ ids: [String]) async throws -> (found: [String: JSONValue], bytes: Int) {
        let query = Rapid7DefinitionsQuery(ids: ids)
        let wanted = Set(ids)
        var found: [String: JSONValue] = [:]
        var bytes = 0
        var cursor: String?
        var pages = 0
        repeat {
            guard pages < Self.maxDefinitionPages else { break }
            let answer = try await client.searchDefinitions(query, cursor: cursor)
            pages += 1
            bytes += answer.bytes
            for definition in answer.page.items {
                guard let id = definition["id"]?.string, wanted.contains(id) else { continue }
                found[id] = definition
            }
            // Everything asked for is here: no need to follow a cursor to a final empty page.
            if found.count == wanted.count { break }
            cursor = answer.page.cursor
        } while cursor != nil
        return (found, bytes)
    }

    /// A batch of ≤ 100 ids fits one page of 500; a few pages allow for an API that pages smaller.
    static let maxDefinitionPages = 20

    /// The distinct `vulnerability_id`s of the findings in the assets' `new`, `same` and `remediated`, in
    /// first-seen order.
    static func vulnerabilityIds(in assets: [JSONValue]) -> [String] {
        var seen: Set<String> = []
        var ids: [String] = []
        for asset in assets where asset.kind == .object {
            for listing in ["new", "same", "remediated"] {
                guard let findings = asset[listing], findings.kind == .array else { continue }
                for finding in findings.elements {
                    guard let id = finding["vulnerability_id"]?.string, !id.isEmpty, seen.insert(id).inserted else { continue }
                    ids.append(id)
                }
            }
        }
        return ids
    }
}
