/// Moves formatted syslog messages to a receiver.
public protocol SyslogTransport: Sendable {
    /// Sends whole messages (unframed) in order. Returns when all are handed to the kernel; on failure throws
    /// SyslogSendError with how many leading messages were delivered, so the caller never loses or double-counts.
    func send(_ messages: [[UInt8]]) async throws
    /// The largest message this transport can carry (UDP: the datagram maximum); nil when unbounded (TCP).
    var maxMessageSize: Int? { get }
    /// Releases the socket; later sends reconnect (TCP) or fail (UDP).
    func close() async
}
