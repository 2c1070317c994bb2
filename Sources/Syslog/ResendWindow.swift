/// The most recent messages a stream transport (TCP, TLS) accepted, up to a byte budget.
///
/// Plain TCP cannot say what the receiver has read: when a connection breaks, whatever sat in the peer's socket
/// buffer unread is gone, and the sender got no error for it. So after a break these messages are sent again
/// first — at-least-once, with duplicates bounded by the budget — instead of silently lost. (Only an
/// application-level acknowledgement, as RELP has, would make this exact.)
struct ResendWindow {
    /// Generous next to a receiver's socket buffer on a busy link; bounded so a break costs at most this in duplicates.
    static let defaultBytes = 4 << 20

    let maxBytes: Int
    private var messages: [[UInt8]] = []
    private var start = 0
    private var bytes = 0

    /// Messages remembered: written, not yet known to have been read.
    var count: Int { messages.count - start }

    init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    mutating func remember(_ sent: some Sequence<[UInt8]>) {
        guard maxBytes > 0 else { return }
        for message in sent {
            messages.append(message)
            bytes += message.count
        }
        while bytes > maxBytes, start < messages.count {
            bytes -= messages[start].count
            messages[start] = []   // release the bytes now, not at the next compaction
            start += 1
        }
        if start > 4096, start * 2 > messages.count {
            messages.removeFirst(start)
            start = 0
        }
    }

    /// Everything remembered, oldest first; the window is empty afterwards.
    mutating func takeAll() -> [[UInt8]] {
        let taken = Array(messages[start...])
        messages.removeAll(keepingCapacity: true)
        start = 0
        bytes = 0
        return taken
    }
}
