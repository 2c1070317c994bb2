import Foundation

/// The most recent messages a stream transport (TCP, TLS) accepted, up to a byte budget.
///
/// Plain TCP cannot say what the receiver has read: when a connection breaks, whatever sat in the peer's socket
/// buffer unread is gone, and the sender got no error for it. So after a break these messages are sent again
/// first — at-least-once, with duplicates bounded by the budget — instead of silently lost. (Only an
/// application-level acknowledgement, as RELP has, would make this exact.)
struct ResendWindow {
    /// All that can sit between our write and the receiver's read: our socket's send buffer and the
    /// receiver's receive buffer, each at the most Linux autotunes it to (`tcp_wmem`/`tcp_rmem` maxima, read from
    /// this host as the best guess for the receiver's). Anything older was read, or the connection would
    /// have stalled before it was written. Bounded so a break costs at most this in duplicates.
    static let defaultBytes: Int = {
        let ceiling = 64 << 20
        return min(ceiling, autotuneMaximum("/proc/sys/net/ipv4/tcp_wmem", fallback: 4 << 20)
                   + autotuneMaximum("/proc/sys/net/ipv4/tcp_rmem", fallback: 6 << 20))
    }()

    /// The third figure of a `min default max` sysctl, or `fallback` when it cannot be read.
    private static func autotuneMaximum(_ path: String, fallback: Int) -> Int {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let last = text.split(whereSeparator: \.isWhitespace).last, let bytes = Int(last), bytes > 0 else {
            return fallback
        }
        return bytes
    }

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
