/// Offers a window's records to the destination under its overflow policy.
struct WindowOffer {
    let window: Int
    let destination: DestinationQueue
    let journal: DeliveryJournal
    /// Records the shed policy refused outright (they were the lowest priority), by severity.
    var shedOnOffer: [FindingSeverity: Int] = [:]

    /// False when the destination is full under the defer policy: stop pulling.
    mutating func offer(_ record: EncodedRecord, key: FindingKey) async -> Bool {
        let queued = QueuedRecord(message: record.message, severity: record.severity, updatedAt: record.updatedAt,
                                  owner: window, key: key)
        while true {
            switch await destination.offer(queued) {
            case .accepted:
                return true
            case .shed:
                shedOnOffer[record.severity, default: 0] += 1
                return true
            case .deferred:
                return false
            case .full:
                if Task.isCancelled { return false }
                await destination.waitForRoom()
            }
        }
    }
}
