import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Syslog over UDP (RFC 5426): one message per datagram, never split, never larger than the maximum.
///
/// `@unchecked Sendable`: the only mutable state, `isClosed` and `sent`, is read and written exclusively on
/// the serial `io` queue, and the descriptor is closed there too, so no call can use a reused descriptor.
public final class UDPTransport: SyslogTransport, @unchecked Sendable {
    /// The largest datagram this transport sends.
    public let maxMessageSize: Int?
    private let maxDatagramSize: Int
    private let fd: Int32
    private let io = IOQueue(label: "findings-collector.syslog.udp")
    private let host: String
    private let port: Int
    private var isClosed = false
    /// Datagrams handed to the kernel: all UDP can ever confirm (best effort, no receiver answers).
    private var sent = 0

    /// Resolves `host` and connects a UDP socket to it (no packet is sent), so later sends need no lookup
    /// and the kernel reports ICMP port-unreachable as ECONNREFUSED. Blocks for DNS: create it at startup.
    public init(host: String, port: Int, maxDatagramSize: Int = 8192) throws {
        let addresses = try SocketAddress.resolve(host: host, port: port, socketType: Int32(SOCK_DGRAM.rawValue))
        var lastError = Errno(EADDRNOTAVAIL)
        var connected: Int32?
        for address in addresses {
            switch SocketCalls.open(family: address.family, type: Int32(SOCK_DGRAM.rawValue)) {
            case .failure(let error):
                lastError = error
            case .success(let candidate):
                if let error = SocketCalls.connect(candidate, to: address, timeout: 1) {
                    lastError = error
                    Glibc.close(candidate)
                } else {
                    connected = candidate
                }
            }
            if connected != nil { break }
        }
        guard let fd = connected else {
            throw SyslogError.unreachable(host: host, port: port, detail: lastError.description)
        }
        self.fd = fd
        self.host = host
        self.port = port
        self.maxDatagramSize = maxDatagramSize
        self.maxMessageSize = maxDatagramSize
    }

    deinit {
        if !isClosed { Glibc.close(fd) }
    }

    /// Sends each message as one datagram. A message over the maximum stops the batch before it: the ones
    /// in front are sent, it and the rest are not, and the error says how many went out.
    public func send(_ messages: [[UInt8]]) async throws {
        let limit = maxDatagramSize
        let sendable = messages.firstIndex(where: { $0.count > limit }) ?? messages.count
        let (host, port) = (self.host, self.port)
        let outcome: (sent: Int, error: SyslogError?) = await io.run { [self] in
            guard !isClosed else { return (0, .writeFailed(detail: "UDP transport to \(host):\(port) is closed")) }
            let result = DatagramBatchSender.send(messages, 0..<sendable, on: fd)
            sent += result.sent
            return (result.sent, result.error.map { Self.describe($0, host: host, port: port, limit: limit) })
        }
        if let error = outcome.error { throw SyslogSendError(delivered: outcome.sent, cause: error) }
        if sendable < messages.count {
            throw SyslogSendError(delivered: sendable,
                                  cause: .messageTooLarge(size: messages[sendable].count, max: limit))
        }
    }

    public func receipt() async -> DeliveryReceipt {
        await io.run { [self] in DeliveryReceipt(confirmed: sent) }
    }

    /// Nothing to ask a UDP receiver: what was sent is all there is to know.
    public func confirmAll(within seconds: Double) async -> DeliveryReceipt {
        await receipt()
    }

    /// Closes the socket; later sends fail with `writeFailed`.
    public func close() async {
        await io.run { [self] in
            if !isClosed { Glibc.close(fd); isClosed = true }
        }
    }

    private static func describe(_ error: Errno, host: String, port: Int, limit: Int) -> SyslogError {
        switch error.code {
        case ECONNREFUSED: .connectionRefused(host: host, port: port)
        case EMSGSIZE: .writeFailed(detail: "the kernel rejected a datagram as too large (\(error)); "
                                    + "lower the maximum datagram size below \(limit)")
        case ENETUNREACH, EHOSTUNREACH: .unreachable(host: host, port: port, detail: error.description)
        default: .writeFailed(detail: "UDP send to \(host):\(port): \(error)")
        }
    }
}
