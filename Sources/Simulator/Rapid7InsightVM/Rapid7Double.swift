import FindingsCollector
import Foundation
import HTTP
import JSONBytes
import Synchronization

/// An InsightVM v4 integration API over a `Rapid7DataSet`: `POST /vm/v4/integration/assets` and
/// `POST /vm/v4/integration/vulnerabilities`, as the API reference describes them:
/// - `X-Api-Key` checked (401 with Rapid7's error body when wrong);
/// - `size` 1–500; `cursor` paging, the cursor bound to the request it was issued for (reused with another
///   query or body: 400); a full page carries a cursor even when nothing is left, so the last page may be empty;
/// - search criteria parsed (`Rapid7CriteriaParser`) and applied: `asset` to assets, `vulnerability` to the
///   findings listed and to the definitions searched;
/// - `comparisonTime` T (default: now, as the reference says): `new` = found since T, `remediated` = gone since
///   T, `same` = there both times, only with `includeSame=true`;
/// - canned faults (queued or permanent) and seeded chaos (`SimulatedChaos`: 429, 500, cut-short 200);
/// - counters to prove what the collector did (requests per endpoint, definitions served per id).
/// `handle` runs on many server threads; all mutable state sits behind one Mutex.
public final class Rapid7Double: Sendable {
    public enum Endpoint: String, Sendable, Equatable { case assets, vulnerabilities }

    public static let assetsPath = "/vm/v4/integration/assets"
    public static let vulnerabilitiesPath = "/vm/v4/integration/vulnerabilities"

    /// One assets request as received, for tests that check what the collector sent.
    public struct ReceivedRequest: Sendable, Equatable {
        public var endpoint: Endpoint
        public var query: [String: String]
        public var body: String
    }

    private struct State: Sendable {
        var data: Rapid7DataSet
        var queuedFaults: [Rapid7Fault] = []
        var permanentFault: Rapid7Fault?
        var assetsRequests = 0
        var vulnerabilitiesRequests = 0
        var assetsServed = 0
        var findingsServed = 0
        var definitionsServed: [String: Int] = [:]
        var received: [ReceivedRequest] = []
        var chaosDice: ChaosDice
        var chaosCounts = ChaosCounts()
    }

    public let apiKey: String
    private let clock: @Sendable () -> Date
    private let chaos: SimulatedChaos
    private let prettyPrint: Bool
    private let pageLatency: TimeInterval
    private let state: Mutex<State>

    public init(data: Rapid7DataSet, apiKey: String, clock: @escaping @Sendable () -> Date = { Date() },
                chaos: SimulatedChaos = .none, prettyPrint: Bool = true, pageLatency: TimeInterval = 0) {
        self.apiKey = apiKey
        self.clock = clock
        self.chaos = chaos
        self.prettyPrint = prettyPrint
        self.pageLatency = max(0, pageLatency)
        state = Mutex(State(data: data, chaosDice: ChaosDice(chaos)))
    }

    // MARK: Controls and counters

    /// The data as it is now.
    public var data: Rapid7DataSet { state.withLock { $0.data } }
    /// Changes the data (between passes: add findings, remediate some).
    public func mutate<T>(_ change: (inout Rapid7DataSet) -> T) -> T {
        state.withLock { change(&$0.data) }
    }
    /// Answered, in order, to the next calls of their endpoint (before any permanent fault).
    public func enqueueFaults(_ faults: [Rapid7Fault]) { state.withLock { $0.queuedFaults.append(contentsOf: faults) } }
    /// Every call (of the fault's endpoint) gets `fault` until called again with nil.
    public func failAlways(with fault: Rapid7Fault?) { state.withLock { $0.permanentFault = fault } }

    public var assetsRequests: Int { state.withLock { $0.assetsRequests } }
    public var vulnerabilitiesRequests: Int { state.withLock { $0.vulnerabilitiesRequests } }
    public var assetsServed: Int { state.withLock { $0.assetsServed } }
    public var findingsServed: Int { state.withLock { $0.findingsServed } }
    /// How many times each definition was in a successful vulnerabilities answer.
    public var definitionsServed: [String: Int] { state.withLock { $0.definitionsServed } }
    public var received: [ReceivedRequest] { state.withLock { $0.received } }
    public var chaosCounts: ChaosCounts { state.withLock { $0.chaosCounts } }

    /// Forgets the counters (between passes).
    public func resetCounters() {
        state.withLock {
            $0.assetsRequests = 0; $0.vulnerabilitiesRequests = 0; $0.assetsServed = 0; $0.findingsServed = 0
            $0.definitionsServed = [:]; $0.received = []
        }
    }

    // MARK: Requests

    public func handle(_ request: HTTPServerRequest) -> HTTPResponse {
        let endpoint: Endpoint
        switch (request.method, request.path) {
        case ("POST", Self.assetsPath): endpoint = .assets
        case ("POST", Self.vulnerabilitiesPath): endpoint = .vulnerabilities
        default:
            return Rapid7Fault.status(404, "The resource does not exist.").response()
        }
        guard request.headers.value(for: "X-Api-Key") == apiKey else {
            state.withLock { state in
                if endpoint == .assets { state.assetsRequests += 1 } else { state.vulnerabilitiesRequests += 1 }
            }
            return Rapid7Fault.unauthorized.response()
        }
        let query = Self.queryItems(request.query)
        let (fault, outcome, data): (Rapid7Fault?, ChaosDice.Outcome, Rapid7DataSet) = state.withLock { state in
            if endpoint == .assets { state.assetsRequests += 1 } else { state.vulnerabilitiesRequests += 1 }
            state.received.append(ReceivedRequest(endpoint: endpoint, query: query, body: String(decoding: request.body, as: UTF8.self)))
            var fault: Rapid7Fault?
            if let index = state.queuedFaults.firstIndex(where: { $0.endpoint == nil || $0.endpoint == endpoint }) {
                fault = state.queuedFaults.remove(at: index)
            } else if let permanent = state.permanentFault, permanent.endpoint == nil || permanent.endpoint == endpoint {
                fault = permanent
            }
            return (fault, fault == nil ? state.chaosDice.roll(counting: &state.chaosCounts) : .untouched, state.data)
        }
        if pageLatency > 0 { Thread.sleep(forTimeInterval: pageLatency) }
        if let fault { return fault.response() }
        switch outcome {
        case .throttle: return Rapid7Fault.status(429, "Too many requests.", retryAfter: chaos.retryAfter).response()
        case .serverError: return Rapid7Fault.status(500, "An unexpected error occurred. Please contact Rapid7 support.",
                                                      retryAfter: chaos.retryAfter).response()
        case .malformed, .untouched: break
        }
        do {
            let search = try Rapid7DoubleSearch(path: request.path, query: query, body: request.body)
            var answer = endpoint == .assets ? try assets(search, data: data) : try definitions(search, data: data)
            if case .malformed(let keeping) = outcome {
                answer.body.removeLast(answer.body.count - Int(Double(answer.body.count) * keeping))
            } else {
                state.withLock { state in
                    state.assetsServed += answer.assets
                    state.findingsServed += answer.findings
                    for id in answer.definitionIds { state.definitionsServed[id, default: 0] += 1 }
                }
            }
            return HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "application/json")],
                                body: prettyPrint && outcome == .untouched ? Rapid7Rendering.prettyPrinted(answer.body) : answer.body)
        } catch let rejected as Rapid7DoubleSearch.Rejected {
            return Rapid7Fault.status(rejected.status, rejected.message).response()
        } catch {
            return Rapid7Fault.serverError.response()
        }
    }

    private struct Answer {
        var body: [UInt8]
        var assets = 0
        var findings = 0
        var definitionIds: [String] = []
    }

    private func assets(_ search: Rapid7DoubleSearch, data: Rapid7DataSet) throws -> Answer {
        let now = clock().timeIntervalSince1970
        let comparison = search.comparisonTime ?? now
        let definitions = Dictionary(data.definitions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var matching: [Int] = []
        for index in data.assets.indices where try search.assetMatches(data.assets[index]) { matching.append(index) }
        let start = search.position
        let slice = matching.dropFirst(start).prefix(search.size)
        var answer = Answer(body: [])
        let cursor = start + slice.count < matching.count || slice.count == search.size
            ? search.cursor(at: start + slice.count) : nil
        let findingsByAsset = Dictionary(grouping: data.findings.indices, by: { data.findings[$0].assetIndex })
        answer.body = Rapid7Rendering.page(path: Self.assetsPath, size: search.size, number: start / max(search.size, 1),
                                           total: matching.count, cursor: cursor) { writer in
            for assetIndex in slice {
                var lists: [Rapid7DataSet.Listing: [Rapid7DataSet.Finding]] = [.new: [], .same: [], .remediated: []]
                var total = 0
                for findingIndex in findingsByAsset[assetIndex] ?? [] {
                    let finding = data.findings[findingIndex]
                    if data.isCurrent(finding, at: now) { total += 1 }
                    guard let listing = data.listing(of: finding, comparison: comparison, now: now, includeSame: search.includeSame),
                          (try? search.vulnerabilityMatches(finding.vulnerabilityId, definitions[finding.vulnerabilityId])) == true
                    else { continue }
                    lists[listing, default: []].append(finding)
                    answer.findings += 1
                }
                var ordered: [(Rapid7DataSet.Listing, [Rapid7DataSet.Finding])] = [(.new, lists[.new] ?? [])]
                if search.includeSame { ordered.append((.same, lists[.same] ?? [])) }
                ordered.append((.remediated, lists[.remediated] ?? []))
                Rapid7Rendering.asset(data.assets[assetIndex], lists: ordered, total: total, into: &writer)
                answer.assets += 1
            }
        }
        return answer
    }

    private func definitions(_ search: Rapid7DoubleSearch, data: Rapid7DataSet) throws -> Answer {
        var matching: [Int] = []
        for index in data.definitions.indices
            where try search.vulnerabilityMatches(data.definitions[index].id, data.definitions[index]) {
            matching.append(index)
        }
        let start = search.position
        let slice = matching.dropFirst(start).prefix(search.size)
        let cursor = slice.count == search.size ? search.cursor(at: start + slice.count) : nil
        var answer = Answer(body: [])
        answer.body = Rapid7Rendering.page(path: Self.vulnerabilitiesPath, size: search.size,
                                           number: start / max(search.size, 1), total: matching.count, cursor: cursor) { writer in
            for index in slice {
                Rapid7Rendering.definition(data.definitions[index], into: &writer)
                answer.definitionIds.append(data.definitions[index].id)
            }
        }
        return answer
    }

    /// `a=1&b=x%20y` → ["a": "1", "b": "x y"] (the last value of a repeated name wins).
    static func queryItems(_ query: String) -> [String: String] {
        var items: [String: String] = [:]
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "") : ""
            items[name] = value
        }
        return items
    }
}
