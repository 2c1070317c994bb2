/// What happened to the findings of one pass. Every pulled finding ends up in exactly one bucket:
/// pulled = sent + filtered + shed + deferred + failed + duplicates (`isBalanced`).
public struct ConnectorStats: Sendable, Equatable {
    public var pulled = 0
    public var sent = 0
    /// Dropped by a log filter rule; keyed by the rule's label.
    public var filteredByRule: [String: Int] = [:]
    /// Dropped by the destination's capacity policy (shed), by severity.
    public var shedBySeverity: [FindingSeverity: Int] = [:]
    /// Not sent this pass but not lost: the cursor stays, so the next pass pulls them again.
    public var deferred = 0
    /// Could not be turned into a record or does not fit the destination: logged one by one, not retried.
    public var failed = 0
    /// Already delivered earlier in the same window (after a crash or an interrupted pass): suppressed.
    public var duplicates = 0
    /// Sent, but reduced to fit the destination's maximum message size.
    public var reduced = 0
    /// Written again after a broken connection, so the receiver may hold them twice; outside the balance
    /// (they were pulled and sent once).
    public var resent = 0
    public var pages = 0
    /// Listings of a sub-window whose pages stayed unreadable, set aside as dead letters (their findings
    /// are unknown, so outside the balance).
    public var deadLetteredPages = 0
    public var apiRetries = 0

    public init() {}

    public var filtered: Int { filteredByRule.values.reduce(0, +) }
    public var shed: Int { shedBySeverity.values.reduce(0, +) }

    /// Adds the counts of a part of the pass (one partition of a split listing).
    public mutating func add(_ other: ConnectorStats) {
        pulled += other.pulled
        sent += other.sent
        filteredByRule.merge(other.filteredByRule, uniquingKeysWith: +)
        shedBySeverity.merge(other.shedBySeverity, uniquingKeysWith: +)
        deferred += other.deferred
        failed += other.failed
        duplicates += other.duplicates
        reduced += other.reduced
        resent += other.resent
        pages += other.pages
        deadLetteredPages += other.deadLetteredPages
        apiRetries += other.apiRetries
    }

    public var isBalanced: Bool { pulled == sent + filtered + shed + deferred + failed + duplicates }

    var logFields: [(String, Any)] {
        [("pulled", pulled), ("sent", sent), ("filtered", filtered), ("shed", shed), ("deferred", deferred),
         ("failed", failed), ("duplicates", duplicates), ("reduced", reduced), ("resent", resent), ("pages", pages), ("dead_lettered_pages", deadLetteredPages), ("api_retries", apiRetries)]
    }
}
