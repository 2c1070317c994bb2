/// Offers a window's records to the destination under its overflow policy.
struct WindowOffer {
    let window: Int
    let destination: DestinationQueue
    let journal: DeliveryJournal
    /// The window's end, and what the window before it delivered on that shared bound.
    let end: Double
    let alreadyDelivered: Set<FindingKey>
    /// Keys offered on the window's end: the next window lists them again.
    var onTheBound: Set<FindingKey> = []
    /// Records the shed policy refused outright (they were the lowest priority), by severity.
    var shedOnOffer: [FindingSeverity: Int] = [:]

    /// A window's record ready to offer.
    func queued(_ record: EncodedRecord, key: FindingKey) -> QueuedRecord {
        QueuedRecord(message: record.message, severity: record.severity, updatedAt: record.updatedAt,
                     owner: window, key: key)
    }

    /// Offers `records` in order (waiting for room under the block policy) and returns how many the
    /// destination took, queued or shed: fewer than all when it is full under the defer policy, or on
    /// shutdown, and pulling must stop.
    mutating func offer(_ records: [QueuedRecord]) async -> Int {
        let answer = await destination.offer(records[...])
        shedOnOffer.merge(answer.shed, uniquingKeysWith: +)
        return answer.taken
    }
}
