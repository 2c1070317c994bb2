import FindingsCollector
import Foundation
import HTTP
import Synchronization

/// An Inspector2-compatible ListFindings endpoint over a synthetic finding set, with STS on the side.
///
/// Behaves like the real API where collectors get bitten: SigV4 required, maxResults 1–100, dates
/// checked, tokens bound to their filter, empty pages with a token, canned faults on demand, seeded random
/// faults (`SimulatedChaos`) for tests that must keep making progress under hostile conditions. Findings
/// come in index order (newest `updatedAt` first); `sortCriteria` is validated but does not reorder.
/// `handle` is called on many server threads at once; all mutable state sits behind one Mutex.
public final class InspectorDouble: Sendable {
    private struct State: Sendable {
        var queuedFaults: [SimulatedFault] = []
        var permanentFault: SimulatedFault?
        var listRequestCount = 0
        var findingsServed = 0
        var receivedFilters: [String] = []
        var chaosDice: ChaosDice
        var chaosCounts = ChaosCounts()
    }

    /// The finding set served.
    public let findings: SyntheticFindings
    /// The account the double answers for (GetCallerIdentity, error messages).
    public let accountId: String
    private let requireSigV4: Bool
    private let pageLatency: TimeInterval
    private let emptyPagesBeforeData: Int
    private let clock: @Sendable () -> Date
    private let chaos: SimulatedChaos
    private let sts: STSDouble
    private let overrides: [Int: [UInt8]]
    private let state: Mutex<State>

    /// A page never examines more than this many findings, so a very selective filter over a huge set
    /// yields a short (possibly empty) page with a token, as the real service does, not a stall.
    static let scanBudgetPerPage = 250_000

    /// `clock` decides "now" for signature freshness and credential expiry (tests inject one). `chaos` applies
    /// to the ListFindings calls that no queued or permanent fault answers. `overrides` serves the given JSON
    /// bytes instead of the synthetic finding at an index (shapes the generator never makes, e.g. a huge
    /// package list); filters still see the synthetic traits, so an override keeps its ARN and `updatedAt`.
    public init(findings: SyntheticFindings, accountId: String = "123456789012", requireSigV4: Bool = true,
                pageLatency: TimeInterval = 0, emptyPagesBeforeData: Int = 0,
                clock: @escaping @Sendable () -> Date = { Date() }, chaos: SimulatedChaos = .none,
                overrides: [Int: [UInt8]] = [:]) {
        self.overrides = overrides
        self.state = Mutex(State(chaosDice: ChaosDice(chaos)))
        self.chaos = chaos
        self.findings = findings
        self.accountId = accountId
        self.requireSigV4 = requireSigV4
        self.pageLatency = max(0, pageLatency)
        self.emptyPagesBeforeData = max(0, emptyPagesBeforeData)
        self.clock = clock
        self.sts = STSDouble(accountId: accountId, requireSigV4: requireSigV4, clock: clock)
    }

    /// Routes ListFindings (`POST /findings/list`) and STS (`POST /` with `Action=`); 404 otherwise.
    public func handle(_ request: HTTPServerRequest) -> HTTPResponse {
        if request.method == "POST" && request.path == "/findings/list" { return listFindings(request) }
        if STSDouble.isSTSRequest(request) { return sts.handle(request) }
        return SimulatedFault.status(404, code: "UnknownOperationException",
                                     message: "No operation \(request.method) \(request.path) in the simulator").response()
    }

    /// Answered, in order, to the next ListFindings calls (before any permanent fault).
    public func enqueueFaults(_ faults: [SimulatedFault]) {
        state.withLock { $0.queuedFaults.append(contentsOf: faults) }
    }

    /// Every ListFindings call gets `fault` until called again with nil.
    public func failAlways(with fault: SimulatedFault?) {
        state.withLock { $0.permanentFault = fault }
    }

    /// ListFindings calls received, including refused ones.
    public var listRequestCount: Int { state.withLock { $0.listRequestCount } }
    /// Findings returned in successful pages.
    public var findingsServed: Int { state.withLock { $0.findingsServed } }
    /// The filterCriteria of each ListFindings call as canonical JSON (sorted keys); "" when none was sent.
    public var receivedFilters: [String] { state.withLock { $0.receivedFilters } }
    /// How chaos answered the ListFindings calls so far.
    public var chaosCounts: ChaosCounts { state.withLock { $0.chaosCounts } }

    private func listFindings(_ request: HTTPServerRequest) -> HTTPResponse {
        let requestId = InspectorWire.newRequestId()
        if requireSigV4,
           case .failure(let failure) = SignatureCheck(service: "inspector2", region: findings.region)
               .verify(request, now: clock()) {
            return Self.fault(for: failure).response(requestId: requestId)
        }
        let filter = ListFindingsQuery.canonicalFilter(of: request.body)
        // Drawn under the same lock as the counters, so a seed gives the same answers call after call.
        let (fault, outcome): (SimulatedFault?, ChaosDice.Outcome) = state.withLock { state in
            state.listRequestCount += 1
            state.receivedFilters.append(filter)
            let fault = state.queuedFaults.isEmpty ? state.permanentFault : state.queuedFaults.removeFirst()
            return (fault, fault == nil ? state.chaosDice.roll(counting: &state.chaosCounts) : .untouched)
        }
        if pageLatency > 0 { Thread.sleep(forTimeInterval: pageLatency) }
        if let fault { return fault.response(requestId: requestId) }
        if outcome == .throttle { return chaos.throttle.response(requestId: requestId) }
        if outcome == .serverError { return chaos.serverError.response(requestId: requestId) }
        do {
            let query = try ListFindingsQuery(body: request.body)
            let page = try page(for: query)
            var body = render(page)
            if case .malformed(let keeping) = outcome {
                body.removeLast(body.count - Int(Double(body.count) * keeping))
            } else {
                state.withLock { $0.findingsServed += page.indices.count }
            }
            return HTTPResponse(status: 200, headers: InspectorWire.jsonHeaders(requestId: requestId), body: body)
        } catch let rejected as RequestRejected {
            return rejected.fault.response(requestId: requestId)
        } catch {
            return SimulatedFault.internalError.response(requestId: requestId)
        }
    }

    private struct Page {
        var indices: [Int] = []
        var nextToken: PageToken?
    }

    /// Resumes at the token's position and scans forward: no page ever rescans from the start.
    private func page(for query: ListFindingsQuery) throws -> Page {
        let token = query.token ?? PageToken(position: 0, emptyPagesServed: 0, requestFingerprint: query.fingerprint)
        guard token.requestFingerprint == query.fingerprint else {
            throw RequestRejected(fault: .validationFailure(
                reason: "OTHER",
                message: "The nextToken does not match this request: filterCriteria, sortCriteria and maxResults "
                    + "must stay the same across the pages of one listing",
                fields: [SimulatedFault.Field(name: "nextToken", message: "token was issued for a different request")]))
        }
        guard token.position <= findings.count else {
            throw RequestRejected(fault: .validationFailure(reason: "OTHER", message: "Invalid pagination token",
                                                            fields: [SimulatedFault.Field(name: "nextToken", message: "invalid token")]))
        }
        var page = Page()
        if token.emptyPagesServed < emptyPagesBeforeData {
            page.nextToken = PageToken(position: token.position, emptyPagesServed: token.emptyPagesServed + 1,
                                       requestFingerprint: query.fingerprint)
            return page
        }
        let candidates = query.matcher.candidateIndices(in: findings)
        var index = max(token.position, candidates.lowerBound)
        let scanLimit = min(candidates.upperBound, index + Self.scanBudgetPerPage)
        page.indices.reserveCapacity(query.maxResults)
        while index < scanLimit && page.indices.count < query.maxResults {
            if query.matcher.matches(findings.traits(at: index), region: findings.region) { page.indices.append(index) }
            index += 1
        }
        // Like the real service, a full page can end with a token even when nothing matching is left.
        if index < candidates.upperBound {
            page.nextToken = PageToken(position: index, emptyPagesServed: token.emptyPagesServed,
                                       requestFingerprint: query.fingerprint)
        }
        return page
    }

    private func render(_ page: Page) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(page.indices.count * 4_096 + 256)
        body.append(contentsOf: #"{"findings":["#.utf8)
        for (offset, index) in page.indices.enumerated() {
            if offset > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: overrides[index] ?? findings.finding(at: index))
        }
        body.append(UInt8(ascii: "]"))
        if let token = page.nextToken {
            body.append(contentsOf: #","nextToken":""#.utf8)
            body.append(contentsOf: token.encoded().utf8)
            body.append(UInt8(ascii: "\""))
        }
        body.append(UInt8(ascii: "}"))
        return body
    }

    private static func fault(for failure: SignatureCheck.Failure) -> SimulatedFault {
        switch failure {
        case .missing: return .status(403, code: "MissingAuthenticationTokenException", message: "Missing Authentication Token")
        case .incomplete(let message): return .status(403, code: "IncompleteSignatureException", message: message)
        case .invalid(let message): return .status(403, code: "InvalidSignatureException", message: message)
        case .unrecognizedClient: return .unrecognizedClient
        }
    }
}
