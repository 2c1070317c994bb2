import Synchronization

/// Counts API retries across the concurrent requests of a connector, for its stats.
public final class RetryCounter: Sendable {
    private let value = Atomic<Int>(0)
    public init() {}
    public func increment() { value.add(1, ordering: .relaxed) }
    public var count: Int { value.load(ordering: .relaxed) }
}
