/// The answer of `CapacityQueue.offer(_:)`; the caller counts each outcome per connector and severity.
public enum OfferResult: Sendable, Equatable {
    /// Queued. Under `.shed`, lower-priority records may have been evicted to make room: the caller counts them as shed.
    case accepted(evicted: [QueuedRecord])
    /// Not queued (`.shed` policy): the offered record ranks at or below everything that would have to leave.
    case shed
    /// Not queued (`.defer` policy): the queue is full; stop pulling and leave the cursor behind this record.
    case deferred
    /// Not queued (`.block` policy): the queue is full; wait for room (`secondsUntilNextSend`) and offer it again.
    case full
}
