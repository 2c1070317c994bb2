/// Syslog over TCP (RFC 6587) with exact delivery accounting and reconnection.
///
/// Connects lazily on the first send. Messages are framed and gathered into one `sendmsg` of up to 512 messages
/// (frame headers beside each message's own bytes, nothing copied); the
/// transport tracks which messages the kernel fully took, and after a broken connection it reconnects with
/// exponential backoff and resumes at the first message not fully written, re-sending it whole (a frame
/// torn by the break is abandoned with the old connection). What TCP itself cannot promise: bytes the
/// kernel accepted but the receiver never read are lost when the connection breaks (DESIGN §4c); before
/// each write the transport checks whether the receiver has already hung up, which closes the common case
/// of a receiver that restarted while we were idle. The engine is `StreamSender`, shared with TLS.
public actor TCPTransport: SyslogTransport {
    /// TCP carries messages of any size.
    public nonisolated let maxMessageSize: Int? = nil

    private let sender: StreamSender<TCPConnection>

    /// A transport to `host:port`; no I/O happens until the first `send`.
    public init(host: String, port: Int, framing: TCPFraming = .octetCounting, connectTimeout: Double = 5,
                reconnect: ReconnectPolicy = ReconnectPolicy(), onEvent: @escaping TransportEventHandler = { _ in }) {
        sender = StreamSender(host: host, port: port, framing: framing, reconnect: reconnect,
                              io: IOQueue(label: "findings-collector.syslog.tcp"), onEvent: onEvent) {
            TCPConnection.open(host: host, port: port, timeout: connectTimeout)
        }
    }

    /// Sends `messages` in order; concurrent calls are served one after the other, never interleaved.
    public func send(_ messages: [[UInt8]]) async throws {
        try await sender.send(messages)
    }

    /// All but the re-send window until the receiver has closed after reading everything (`confirmAll`).
    public func receipt() async -> DeliveryReceipt {
        await sender.receipt
    }

    public func confirmAll(within seconds: Double) async -> DeliveryReceipt {
        await sender.confirmAll(within: seconds)
    }

    /// Closes the connection (waking a blocked write, which then reconnects unless its task is cancelled).
    public func close() async {
        await sender.close()
    }
}
