/// One destination's queue: records wait here by priority and leave at the capacity's rate.
///
/// A state machine without I/O or a clock: the caller passes `now` (monotonic seconds), sends what
/// `takeBatch` returns and counts what `offer` reports. Priority is severity (critical first), then newer
/// `updatedAt`, then earlier arrival; shedding takes from the other end. Every operation is O(log n) except
/// `removeAll(owner:)` and `reconfigure`, which are O(n).
public struct CapacityQueue: Sendable {
    /// The limits this queue applies.
    public private(set) var capacity: DestinationCapacity
    private var heap = MinMaxHeap<PrioritizedRecord>()
    private var bucket: TokenBucket?
    private var queuedBytes = 0
    private var countByOwner: [Int: Int] = [:]
    private var nextSequence: UInt64 = 0

    /// An empty queue whose token bucket starts full at `now`.
    public init(capacity: DestinationCapacity, now: Double) {
        self.capacity = capacity
        self.bucket = Self.bucket(for: capacity, now: now)
    }

    /// Records queued.
    public var count: Int { heap.count }
    /// Message bytes queued.
    public var bytes: Int { queuedBytes }
    /// True when nothing waits.
    public var isEmpty: Bool { heap.isEmpty }

    /// Records of one owner still queued.
    public func queuedCount(owner: Int) -> Int { countByOwner[owner, default: 0] }

    /// Queues the record if it fits; when full, applies the policy (see `OfferResult`). Stamps `sequence`.
    public mutating func offer(_ record: QueuedRecord) -> OfferResult {
        var record = record
        record.sequence = nextSequence
        nextSequence &+= 1
        if hasRoom(for: record) {
            push(record)
            return .accepted(evicted: [])
        }
        switch capacity.policy {
        case .shed: return shedToMakeRoom(for: record)
        case .defer: return .deferred
        case .block: return .full
        }
    }

    /// Up to `max` records the rate allows now, highest priority first (severity, then newest updatedAt).
    public mutating func takeBatch(max: Int, now: Double) -> [QueuedRecord] {
        let wanted = Swift.min(max, heap.count)
        guard wanted > 0 else { return [] }
        let granted = bucket?.take(upTo: wanted, now: now) ?? wanted
        var batch: [QueuedRecord] = []
        batch.reserveCapacity(granted)
        for _ in 0..<granted {
            guard let highest = heap.popMax() else { break }
            forget(highest.record)
            batch.append(highest.record)
        }
        return batch
    }

    /// Seconds from `now` until `takeBatch` can return a record: 0 if it can now, nil when the queue is empty.
    public func secondsUntilNextSend(now: Double) -> Double? {
        guard !heap.isEmpty else { return nil }
        return bucket?.secondsUntilAvailable(now: now) ?? 0
    }

    /// Removes and returns every queued record of `owner`, highest priority first (e.g. a connector shutting down).
    public mutating func removeAll(owner: Int) -> [QueuedRecord] {
        guard queuedCount(owner: owner) > 0 else { return [] }
        var kept: [PrioritizedRecord] = []
        var removed: [PrioritizedRecord] = []
        kept.reserveCapacity(heap.count)
        for entry in heap.elements {
            if entry.record.owner == owner { removed.append(entry) } else { kept.append(entry) }
        }
        heap = MinMaxHeap(kept)
        for entry in removed { forget(entry.record) }
        return removed.sorted(by: >).map(\.record)
    }

    /// Applies new limits (a config reload) without losing the queue: the bucket starts full again, and the
    /// lowest-priority records beyond the new bounds are removed and returned, lowest first, for the caller to count.
    public mutating func reconfigure(_ newCapacity: DestinationCapacity, now: Double) -> [QueuedRecord] {
        capacity = newCapacity
        bucket = Self.bucket(for: newCapacity, now: now)
        var removed: [QueuedRecord] = []
        while heap.count > newCapacity.maxQueuedRecords || (queuedBytes > newCapacity.maxQueuedBytes && heap.count > 1),
              let lowest = heap.popMin() {
            forget(lowest.record)
            removed.append(lowest.record)
        }
        return removed
    }

    // MARK: - Room and bookkeeping

    /// Whether `record` fits beside what is queued. An empty queue takes any record, however large, so one
    /// oversized record cannot stall `.defer` or `.block` for ever.
    private func hasRoom(for record: QueuedRecord) -> Bool {
        guard heap.count < capacity.maxQueuedRecords else { return false }
        return heap.isEmpty || record.message.count <= capacity.maxQueuedBytes - queuedBytes
    }

    /// Evicts strictly lower-priority records, lowest first, until `record` fits. If even evicting all of them
    /// would not make room (a large record under the byte bound), nothing is evicted and the record is shed.
    private mutating func shedToMakeRoom(for record: QueuedRecord) -> OfferResult {
        let offered = PrioritizedRecord(record: record)
        var evicted: [QueuedRecord] = []
        while !hasRoom(for: record), let lowest = heap.min, lowest < offered {
            _ = heap.popMin()
            forget(lowest.record)
            evicted.append(lowest.record)
        }
        guard hasRoom(for: record) else {
            evicted.forEach { push($0) }   // roll back: their sequences are kept, so their rank is unchanged
            return .shed
        }
        push(record)
        return .accepted(evicted: evicted)
    }

    private mutating func push(_ record: QueuedRecord) {
        heap.insert(PrioritizedRecord(record: record))
        queuedBytes += record.message.count
        countByOwner[record.owner, default: 0] += 1
    }

    private mutating func forget(_ record: QueuedRecord) {
        queuedBytes -= record.message.count
        let remaining = countByOwner[record.owner, default: 0] - 1
        countByOwner[record.owner] = remaining > 0 ? remaining : nil
    }

    private static func bucket(for capacity: DestinationCapacity, now: Double) -> TokenBucket? {
        capacity.eventsPerSecond.map { TokenBucket(ratePerSecond: $0, burst: capacity.burst, now: now) }
    }
}
