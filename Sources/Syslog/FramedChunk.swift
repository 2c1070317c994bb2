/// A run of consecutive messages framed into one buffer for a single large write, remembering where each
/// message ends so that a short write maps back to exactly how many messages the kernel fully took.
/// Pure bookkeeping, no I/O: the TCP transport's delivery accounting is tested through it without sockets.
struct FramedChunk {
    /// The write size streams that need contiguous buffers (TLS) coalesce to.
    static let chunkBytes = 256 * 1024

    /// The framed bytes to write.
    private(set) var bytes: [UInt8] = []
    /// Index in the batch of the first message in `bytes`.
    private(set) var firstMessage = 0
    /// `messageEnds[k]` is the offset in `bytes` just past message `firstMessage + k`.
    private(set) var messageEnds: [Int] = []

    /// Refills the chunk with messages from `start` on until adding the next would pass `byteLimit`; always
    /// takes at least one message so a single huge message still goes out (whole, never split).
    mutating func fill(from messages: [[UInt8]], start: Int, framing: TCPFraming, byteLimit: Int) {
        bytes.removeAll(keepingCapacity: true)
        messageEnds.removeAll(keepingCapacity: true)
        firstMessage = start
        var index = start
        while index < messages.count {
            let framedLength = Framer.framedLength(messages[index].count, framing: framing)
            if !messageEnds.isEmpty && bytes.count + framedLength > byteLimit { break }
            Framer.append(messages[index][...], framing: framing, to: &bytes)
            messageEnds.append(bytes.count)
            index += 1
        }
    }

    /// The number of messages in this chunk that lie entirely within the first `byteCount` bytes. A message
    /// cut by a short write does not count: it is re-sent whole on the next connection.
    func messagesCompleted(byteCount: Int) -> Int {
        Self.wholeFrames(ending: messageEnds, within: byteCount)
    }

    /// How many of the frames ending at `ends` (ascending offsets) lie entirely within the first `byteCount`
    /// bytes; shared with the gather-write path (`GatheredFrames`).
    static func wholeFrames(ending ends: [Int], within byteCount: Int) -> Int {
        var low = 0, high = ends.count   // binary search: first end beyond byteCount
        while low < high {
            let middle = (low + high) / 2
            if ends[middle] <= byteCount { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// How many messages the chunk holds.
    var messageCount: Int { messageEnds.count }
}
