#if canImport(Glibc)
import Glibc
#endif

/// Syslog over TLS (RFC 5425): octet-counted frames on a verified TLS 1.2+ connection, optionally with a
/// client certificate, with the TCP transport's delivery semantics (exact delivered counts, reconnection
/// with backoff that resumes at the first message not fully written, giving up after the policy's limit).
///
/// A failure retrying cannot cure (the receiver's certificate is untrusted or names another host, the
/// receiver requires or refuses our client certificate, it speaks another protocol) fails the batch at
/// once with `SyslogError.tls`, rather than after `ReconnectPolicy.giveUpAfter`.
public actor TLSTransport: SyslogTransport {
    /// TLS carries messages of any size.
    public nonisolated let maxMessageSize: Int? = nil

    private let sender: StreamSender<TLSConnection>

    /// A transport to `host:port`; no I/O happens until the first `send`. Throws `SyslogError.tls` with
    /// `.unusableSettings` when a CA, certificate or key file is unreadable or the key does not match.
    public init(host: String, port: Int = 6514, tls: SyslogTLSSettings, connectTimeout: Double = 5,
                reconnect: ReconnectPolicy = ReconnectPolicy(), onEvent: @escaping TransportEventHandler = { _ in }) throws {
        let context: TLSContext
        do {
            context = try TLSContext(settings: tls)
        } catch {
            throw SyslogError.tls(host: host, port: port, failure: error)
        }
        Self.survivePeerResets()
        sender = StreamSender(host: host, port: port, framing: .octetCounting, reconnect: reconnect,
                              io: IOQueue(label: "findings-collector.syslog.tls"), onEvent: onEvent) {
            TLSConnection.open(host: host, port: port, timeout: connectTimeout, context: context)
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

    /// Closes the connection, with a TLS close_notify when idle (a blocked write is woken and reconnects
    /// unless its task is cancelled).
    public func close() async {
        await sender.close()
    }

    /// OpenSSL writes with plain write(2), which raises SIGPIPE when the receiver has reset the connection;
    /// the default action would kill the daemon. Ignoring it process-wide turns that into an EPIPE error the
    /// transport handles. A handler the application installed itself is left alone.
    private static func survivePeerResets() {
        var current = sigaction()
        guard sigaction(SIGPIPE, nil, &current) == 0 else { return }
        if current.__sigaction_handler.sa_handler == nil {   // SIG_DFL
            signal(SIGPIPE, SIG_IGN)
        }
    }
}
