/// One open byte stream to a syslog receiver: a plain TCP socket or a TLS session over one.
///
/// Every method except `abort` blocks and runs on the owner's serial I/O queue; `abort` is safe from any
/// thread and wakes a blocked call, which then fails.
protocol StreamConnection: Sendable {
    /// Writes all bytes or stops at the first error; returns how many bytes reached the kernel whole
    /// (for TLS: the plaintext bytes of every record fully written).
    func write(_ bytes: [UInt8]) -> (written: Int, error: (any Error)?)
    /// Writes `messages[start...]` framed by `framing`, or stops at the first error; returns how many
    /// messages the stream took whole (a torn last frame does not count) and the error, if any.
    func writeFrames(_ messages: [[UInt8]], from start: Int, framing: TCPFraming) -> (completed: Int, error: (any Error)?)
    /// True when the receiver closed or reset the connection since the last write.
    func peerHasClosed() -> Bool
    /// Wakes any call blocked on this connection (it then fails).
    func abort()
    /// Ends the connection (politely where the protocol has a goodbye) and releases it. Call exactly once.
    func close()
    /// Ends our side, waits at most `seconds` for the receiver to end its own (which proves it read all we
    /// wrote) and releases the connection; true when it did. Call exactly once, instead of `close`.
    func finish(within seconds: Double) -> Bool
}

extension StreamConnection {
    /// Frames into chunks of at most `chunkBytes` and writes each with `write`: the path for streams that
    /// need contiguous buffers (TLS records).
    func writeFrames(_ messages: [[UInt8]], from start: Int, framing: TCPFraming) -> (completed: Int, error: (any Error)?) {
        var chunk = FramedChunk()
        var completed = 0
        while start + completed < messages.count {
            chunk.fill(from: messages, start: start + completed, framing: framing, byteLimit: FramedChunk.chunkBytes)
            let result = write(chunk.bytes)
            completed += chunk.messagesCompleted(byteCount: result.written)
            if let error = result.error { return (completed, error) }
        }
        return (completed, nil)
    }
}
