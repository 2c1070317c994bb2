/// One formatted record waiting for its destination, with what its priority is decided by.
public struct QueuedRecord: Sendable, Equatable {
    /// The bytes to send (a formatted syslog message); its length counts against `maxQueuedBytes`.
    public var message: [UInt8]
    /// The finding's normalized severity: the first priority key.
    public var severity: FindingSeverity
    /// The finding's `updatedAt` (epoch seconds): within a severity, newer is sent first and shed last.
    public var updatedAt: Double
    /// Which connector or window offered the record: the caller's handle, opaque to the queue.
    public var owner: Int
    /// The finding version (ARN and `updatedAt`) the record carries, for duplicate suppression; opaque to the queue.
    public var key: FindingKey?
    /// Arrival order, assigned by the queue on offer; among equals, earlier arrivals go first.
    public var sequence: UInt64

    /// A record to offer; `sequence` is overwritten by the queue.
    public init(message: [UInt8], severity: FindingSeverity, updatedAt: Double, owner: Int,
                key: FindingKey? = nil, sequence: UInt64 = 0) {
        self.message = message
        self.severity = severity
        self.updatedAt = updatedAt
        self.owner = owner
        self.key = key
        self.sequence = sequence
    }
}

/// A queued record ordered by priority: `a < b` means `a` is sent later and shed sooner than `b`.
struct PrioritizedRecord: Comparable, Sendable {
    let record: QueuedRecord

    /// A NaN `updatedAt` would break the total order a heap relies on; it ranks as the oldest possible.
    private var age: Double { record.updatedAt.isNaN ? -.infinity : record.updatedAt }

    static func < (lhs: PrioritizedRecord, rhs: PrioritizedRecord) -> Bool {
        if lhs.record.severity != rhs.record.severity { return lhs.record.severity < rhs.record.severity }
        if lhs.age != rhs.age { return lhs.age < rhs.age }
        return lhs.record.sequence > rhs.record.sequence   // later arrival, lower priority
    }

    static func == (lhs: PrioritizedRecord, rhs: PrioritizedRecord) -> Bool {
        lhs.record.severity == rhs.record.severity && lhs.age == rhs.age && lhs.record.sequence == rhs.record.sequence
    }
}
