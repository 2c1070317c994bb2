/// One open byte stream to a syslog receiver: a plain TCP socket or a TLS session over one.
///
/// Every method except `abort` blocks and runs on the owner's serial I/O queue; `abort` is safe from any
/// thread and wakes a blocked call, which then fails.
protocol StreamConnection: Sendable {
    /// Writes all bytes or stops at the first error; returns how many bytes reached the kernel whole
    /// (for TLS: the plaintext bytes of every record fully written).
    func write(_ bytes: [UInt8]) -> (written: Int, error: (any Error)?)
    /// True when the receiver closed or reset the connection since the last write.
    func peerHasClosed() -> Bool
    /// Wakes any call blocked on this connection (it then fails).
    func abort()
    /// Ends the connection (politely where the protocol has a goodbye) and releases it. Call exactly once.
    func close()
}
