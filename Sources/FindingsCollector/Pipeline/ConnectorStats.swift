/// What happened to the findings of one pass. Every pulled finding ends up in exactly one bucket:
/// pulled = sent + failed + unsent. `reduced` counts the sent ones that had to be shrunk to fit.
public struct ConnectorStats: Sendable, Equatable {
    public var pulled = 0
    public var sent = 0
    /// Could not be turned into a record or does not fit the destination: logged one by one, not retried.
    public var failed = 0
    /// Pulled but not delivered because the destination failed; the cursor stays, so the next pass re-pulls them.
    public var unsent = 0
    public var reduced = 0
    public var pages = 0
    public var apiRetries = 0

    public init() {}

    public var isBalanced: Bool { pulled == sent + failed + unsent }

    var logFields: [(String, Any)] {
        [("pulled", pulled), ("sent", sent), ("failed", failed), ("unsent", unsent), ("reduced", reduced),
         ("pages", pages), ("api_retries", apiRetries)]
    }
}
