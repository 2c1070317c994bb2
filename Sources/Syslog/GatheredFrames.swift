#if canImport(Glibc)
import Glibc
#endif

/// Writes framed messages to a stream with gather writes: each call's iovecs alternate between a frame's
/// own bytes (`LEN SP` before the message, or LF after it) and the message's own storage, so the payload is
/// never copied in user space (with 5–10 KiB records that copy into a chunk cost about as much as the
/// kernel's own copy). Pure bookkeeping around an injected `send`, so the accounting is tested without sockets.
///
/// The accounting is the chunk path's (`FramedChunk.messagesCompleted`): a message counts only once every
/// byte of its frame was taken; a short write that ends mid-iovec continues from that exact byte.
enum GatheredFrames {
    /// One gather-write call: takes the iovecs, returns how many bytes the stream took (> 0) or the errno
    /// that stopped it. It may take fewer bytes than offered.
    typealias Send = (UnsafeMutableBufferPointer<iovec>) -> Result<Int, Errno>

    /// Linux's IOV_MAX is 1024 and every frame needs two iovecs.
    static let maxMessagesPerCall = 512

    /// Writes `messages[start...]` framed by `framing`; returns how many messages the stream took whole and
    /// the errno that stopped it, if any.
    static func write(_ messages: [[UInt8]], from start: Int, framing: TCPFraming,
                      using send: Send) -> (completed: Int, error: Errno?) {
        var completed = 0
        var frames = FrameBytes()
        while start + completed < messages.count {
            let first = start + completed
            let range = first..<Swift.min(first + maxMessagesPerCall, messages.count)
            let result: (completed: Int, error: Errno?)
            if framing == .lineFeed, let repaired = repairedForLineFeed(messages, range) {
                result = writeGroup(repaired, 0..<repaired.count, framing: framing, frames: &frames, using: send)
            } else {
                result = writeGroup(messages, range, framing: framing, frames: &frames, using: send)
            }
            completed += result.completed
            if let error = result.error { return (completed, error) }
        }
        return (completed, nil)
    }

    /// Under LF framing an embedded LF or CR becomes a space (`Framer.append`): the few messages holding one
    /// are copied and repaired; nil when none does (records are JSON, which never holds a raw LF or CR).
    private static func repairedForLineFeed(_ messages: [[UInt8]], _ range: Range<Int>) -> [[UInt8]]? {
        func needsRepair(_ message: [UInt8]) -> Bool {
            message.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress else { return false }
                return memchr(base, 0x0A, bytes.count) != nil || memchr(base, 0x0D, bytes.count) != nil
            }
        }
        guard messages[range].contains(where: needsRepair) else { return nil }
        return messages[range].map { message in
            guard needsRepair(message) else { return message }
            return message.map { $0 == 0x0A || $0 == 0x0D ? UInt8(ascii: " ") : $0 }
        }
    }

    /// Writes one group (at most `maxMessagesPerCall` messages) until it is all written or a call fails.
    private static func writeGroup(_ messages: [[UInt8]], _ range: Range<Int>, framing: TCPFraming,
                                   frames: inout FrameBytes, using send: Send) -> (completed: Int, error: Errno?) {
        frames.fill(lengths: messages[range].lazy.map(\.count), framing: framing)
        let vectorCount = 2 * range.count
        let iovecs = UnsafeMutablePointer<iovec>.allocate(capacity: vectorCount)
        defer { iovecs.deallocate() }
        return frames.bytes.withUnsafeBytes { frameBytes in
            withPinnedBytes(of: messages, range, from: range.lowerBound, framing: framing, frames: frames,
                            frameBytes: frameBytes, frameOffset: 0, into: iovecs) {
                var next = 0      // first iovec not yet fully written
                var written = 0   // bytes of this group the stream took
                while next < vectorCount {
                    switch send(UnsafeMutableBufferPointer(start: iovecs + next, count: vectorCount - next)) {
                    case .failure(let error):
                        return (frames.messagesCompleted(byteCount: written), error)
                    case .success(let taken):
                        written += taken
                        next = advance(iovecs, count: vectorCount, from: next, by: taken)
                    }
                }
                return (range.count, nil)
            }
        }
    }

    /// Drops `taken` bytes from the front of `iovecs[from..<count]`; returns the first iovec with bytes left
    /// (one cut mid-way now starts at its first unwritten byte).
    private static func advance(_ iovecs: UnsafeMutablePointer<iovec>, count: Int, from: Int, by taken: Int) -> Int {
        var next = from, rest = taken
        while next < count && iovecs[next].iov_len <= rest {
            rest -= iovecs[next].iov_len
            next += 1
        }
        if rest > 0 {   // only when a vector was cut: the kernel never takes more than offered
            iovecs[next].iov_base = iovecs[next].iov_base.map { $0 + rest }
            iovecs[next].iov_len -= rest
        }
        return next
    }

    /// Fills two iovecs per message (frame bytes and payload, in stream order) and runs `body` while every
    /// payload stays pinned. Recursion depth is the group size (at most `maxMessagesPerCall`).
    private static func withPinnedBytes<Result>(of messages: [[UInt8]], _ range: Range<Int>, from index: Int,
                                                framing: TCPFraming, frames: FrameBytes,
                                                frameBytes: UnsafeRawBufferPointer,
                                                frameOffset: Int, into iovecs: UnsafeMutablePointer<iovec>,
                                                _ body: () -> Result) -> Result {
        guard index < range.upperBound else { return body() }
        return messages[index].withUnsafeBytes { payload in
            let slot = 2 * (index - range.lowerBound)
            let frameLength = frames.frameByteCount(ofMessage: index - range.lowerBound, payloadCount: payload.count)
            let frame = iovec(iov_base: UnsafeMutableRawPointer(mutating: frameBytes.baseAddress! + frameOffset),
                              iov_len: frameLength)
            let message = iovec(iov_base: payload.isEmpty ? nil : UnsafeMutableRawPointer(mutating: payload.baseAddress),
                                iov_len: payload.count)
            iovecs[slot] = framing == .lineFeed ? message : frame
            iovecs[slot + 1] = framing == .lineFeed ? frame : message
            return withPinnedBytes(of: messages, range, from: index + 1, framing: framing, frames: frames,
                                   frameBytes: frameBytes,
                                   frameOffset: frameOffset + frameLength, into: iovecs, body)
        }
    }
}

/// The frame bytes of one group, concatenated in stream order (`LEN SP` per message, or one LF each), and
/// where each whole frame ends in the stream, for the accounting. Reused across groups.
private struct FrameBytes {
    private(set) var bytes: [UInt8] = []
    /// `frameEnds[k]`: the stream offset, within the group, just past message k's frame.
    private var frameEnds: [Int] = []

    mutating func fill(lengths: some Sequence<Int>, framing: TCPFraming) {
        bytes.removeAll(keepingCapacity: true)
        frameEnds.removeAll(keepingCapacity: true)
        var end = 0
        for length in lengths {
            switch framing {
            case .octetCounting:   // `LEN SP`, the digits written in place (this runs once per message)
                var digitCount = 1, power = 10
                while length >= power { digitCount += 1; power &*= 10 }
                let first = bytes.count
                bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: digitCount + 1))
                var rest = length
                for index in (first..<(first + digitCount)).reversed() {
                    bytes[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                }
                end += digitCount + 1 + length
            case .lineFeed:
                bytes.append(0x0A)
                end += length + 1
            }
            frameEnds.append(end)
        }
    }

    /// The number of frame bytes (besides the payload) of message `index` in the group.
    func frameByteCount(ofMessage index: Int, payloadCount: Int) -> Int {
        frameEnds[index] - (index == 0 ? 0 : frameEnds[index - 1]) - payloadCount
    }

    /// How many frames lie entirely within the first `byteCount` bytes of the group.
    func messagesCompleted(byteCount: Int) -> Int {
        FramedChunk.wholeFrames(ending: frameEnds, within: byteCount)
    }
}
