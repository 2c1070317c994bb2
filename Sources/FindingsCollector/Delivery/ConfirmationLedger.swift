import Syslog

/// The messages a transport took but the receiver has not confirmed yet, oldest first: what a broken
/// connection could still cost. A window's record counts as delivered (journal, cursor, `sent`) only once
/// it leaves this ledger, so a crash or a dead receiver never turns "written to a socket" into "delivered".
struct ConfirmationLedger {
    /// One message handed to the transport: whose it is. Control messages (stats) have no window.
    struct Entry: Sendable {
        var window: Int?
        var key: FindingKey?
    }

    private var entries: [Entry] = []
    private var head = 0
    /// The transport's counts already accounted for.
    private var seen = DeliveryReceipt()

    var isEmpty: Bool { head == entries.count }
    var count: Int { entries.count - head }

    /// Notes messages the transport took, in the order it took them.
    mutating func took(_ taken: some Sequence<Entry>) {
        entries.append(contentsOf: taken)
    }

    /// Applies a receipt: returns the newly confirmed entries, oldest first, and the windows of the messages
    /// written again since the last receipt (a re-send writes the oldest unconfirmed messages).
    mutating func apply(_ receipt: DeliveryReceipt) -> (confirmed: ArraySlice<Entry>, resent: [Int]) {
        let resentCount = max(0, receipt.resent - seen.resent)
        let resent = entries[head..<min(entries.count, head + resentCount)].compactMap(\.window)
        let confirmedCount = min(count, max(0, receipt.confirmed - seen.confirmed))
        let confirmed = entries[head..<(head + confirmedCount)]
        head += confirmedCount
        seen = receipt
        if head > 4096, head * 2 > entries.count {
            entries.removeFirst(head)   // `confirmed` keeps its own copy of what it holds
            head = 0
        }
        return (confirmed, resent)
    }
}
