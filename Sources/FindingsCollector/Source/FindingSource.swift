import JSONBytes

/// One vendor API a connector pulls from. A source knows the API's authentication, paging, incremental
/// window and retries, and yields pages of raw items; nothing downstream of it (runner, journal, checkpoints,
/// capacity, filters, metrics, sinks) knows which vendor it is.
public protocol FindingSource: Sendable {
    /// What this source's cursor and journal are kept under: an AWS region, a Rapid7 region.
    var scope: String { get }
    /// Disjoint listings of one window that may be paged side by side (1: a single listing).
    var partitionCount: Int { get }
    /// Whether a part of a window (`[start, end]` inside it) can be listed on its own. Inspector2 filters on
    /// `updatedAt` ranges, so the runner lists long windows in checkpointed parts; an API that can only list
    /// "changes since T, up to now" answers false and its windows are listed whole.
    var listsPartsOfWindows: Bool { get }
    /// How long the API takes to show a change: a window ends this long before now, so that what the vendor
    /// is still writing is picked up by the next pass instead of being missed.
    var settleSeconds: Double { get }

    /// Called at the start of each pass (the retry quota is refilled per pass).
    func startPass() async

    /// Lists one partition of `window` in order, calling `consume` with each page until the listing ends, or
    /// until `consume` answers false (the destination asked to stop: `complete` is then false). A page that
    /// stays unreadable through the retries throws an `UnreadablePageError`.
    func list(_ window: TimeWindow, partition: Int,
              consume: (SourcePage) async throws -> Bool) async throws -> ListingSummary
}

/// One page of raw items from a source, as the API sent them.
public struct SourcePage: Sendable {
    /// The items, each handed to the connector's `RecordMapper` (an Inspector finding, a Rapid7 asset).
    public var items: [JSONValue]
    /// Reference data the mapper reads beside the items, by id (Rapid7: vulnerability definitions, fetched
    /// once per pass for the whole page); empty for sources whose items stand alone.
    public var references: [String: JSONValue]

    public init(items: [JSONValue], references: [String: JSONValue] = [:]) {
        self.items = items
        self.references = references
    }
}

/// What one listing (a window, or one partition of it) went through.
public struct ListingSummary: Sendable, Equatable {
    public var pages = 0
    /// Raw items listed (findings for Inspector, assets for Rapid7).
    public var findings = 0
    /// The listing reached its last page.
    public var complete = false

    public init(pages: Int = 0, findings: Int = 0, complete: Bool = false) {
        self.pages = pages
        self.findings = findings
        self.complete = complete
    }
}

/// A source's error when the API kept answering with a page that cannot be read, through every retry. The
/// runner narrows the window to get past it (when the source lists parts of windows), and keeps `body` as a
/// dead letter when it cannot.
public protocol UnreadablePageError: Error {
    /// The last answer's bytes; nil when this error is not about an unreadable page.
    var unreadableBody: [UInt8]? { get }
}
