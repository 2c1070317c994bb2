/// The answer of `DestinationQueue.offer(_:)` for a run of records.
public struct BatchOffer: Sendable, Equatable {
    /// Records dealt with, from the front: queued, or shed outright (counted in `shed`).
    public var taken = 0
    /// Records the shed policy refused outright (they were the lowest priority), by severity.
    public var shed: [FindingSeverity: Int] = [:]
    /// Why the record after the `taken` ones was refused: `.deferred`, or `.full` when cancelled while
    /// waiting for room; nil when all were taken.
    public var refusal: OfferResult?
}
