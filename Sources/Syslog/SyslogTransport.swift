/// Moves formatted syslog messages to a receiver.
public protocol SyslogTransport: Sendable {
    /// Sends whole messages (unframed) in order. Returns when all are handed over; on failure throws
    /// SyslogSendError with how many leading messages were handed over, so the caller never loses or
    /// double-counts. Handed over is not yet confirmed: see `receipt()`.
    func send(_ messages: [[UInt8]]) async throws
    /// How far the receiver has confirmed what `send` took.
    func receipt() async -> DeliveryReceipt
    /// Asks the receiver to confirm everything taken so far, waiting at most `seconds` (TCP/TLS: close our
    /// side and wait for the receiver to close its own, which it does only after reading all we wrote).
    func confirmAll(within seconds: Double) async -> DeliveryReceipt
    /// The largest message this transport can carry (UDP: the datagram maximum); nil when unbounded (TCP).
    var maxMessageSize: Int? { get }
    /// Releases the socket; later sends reconnect (TCP) or fail (UDP).
    func close() async
}
