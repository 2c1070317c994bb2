/// How much one destination takes: an output rate (token bucket) and a bounded queue with an overflow policy.
public struct DestinationCapacity: Sendable, Equatable {
    /// Token-bucket refill rate in records per second; nil sends as fast as the transport takes them.
    public var eventsPerSecond: Double?
    /// Bucket size: how many records may leave at once after a quiet spell. Defaults to one second's worth
    /// (`eventsPerSecond` rounded up, at least 1); `Int.max` when there is no rate limit (it is then unused).
    public var burst: Int
    /// Most records the queue holds before the policy applies (default 10 000).
    public var maxQueuedRecords: Int
    /// Most message bytes the queue holds before the policy applies (default 16 MiB). A record larger than
    /// this on its own is still admitted into an empty queue, so it can neither wedge `.defer` nor `.block`.
    public var maxQueuedBytes: Int
    /// What an offer to a full queue does (default `.block`: a slow receiver is backpressure, not overload).
    public var policy: OverflowPolicy

    public static let defaultMaxQueuedRecords = 10_000
    /// 16 MiB: with the rest of the process this keeps a busy collector within 64 MiB of memory.
    public static let defaultMaxQueuedBytes = 16 * 1024 * 1024

    /// A capacity; the defaults are those of a destination without a `capacity` section.
    public init(eventsPerSecond: Double? = nil, burst: Int? = nil,
                maxQueuedRecords: Int = DestinationCapacity.defaultMaxQueuedRecords,
                maxQueuedBytes: Int = DestinationCapacity.defaultMaxQueuedBytes,
                policy: OverflowPolicy = .block) {
        precondition(eventsPerSecond.map { $0 > 0 && $0.isFinite } ?? true, "eventsPerSecond must be positive")
        precondition(burst.map { $0 >= 1 } ?? true, "burst must be at least 1")
        precondition(maxQueuedRecords >= 1 && maxQueuedBytes >= 1, "queue bounds must be at least 1")
        self.eventsPerSecond = eventsPerSecond
        self.burst = burst ?? DestinationCapacity.defaultBurst(eventsPerSecond: eventsPerSecond)
        self.maxQueuedRecords = maxQueuedRecords
        self.maxQueuedBytes = maxQueuedBytes
        self.policy = policy
    }

    /// No rate limit and no queue bounds: never sheds, defers or blocks, so memory follows what is offered.
    /// For tests and for callers that bound their input themselves.
    public static let unlimited = DestinationCapacity(maxQueuedRecords: .max, maxQueuedBytes: .max)

    /// The same capacity with an output rate and burst.
    func paced(at eventsPerSecond: Double, burst: Int) -> DestinationCapacity {
        DestinationCapacity(eventsPerSecond: eventsPerSecond, burst: burst, maxQueuedRecords: maxQueuedRecords,
                            maxQueuedBytes: maxQueuedBytes, policy: policy)
    }

    /// One second's worth of records, so a steady producer at the configured rate never waits.
    public static func defaultBurst(eventsPerSecond: Double?) -> Int {
        guard let rate = eventsPerSecond else { return .max }
        return max(1, Int(min(rate.rounded(.up), Double(Int.max / 2))))
    }
}
