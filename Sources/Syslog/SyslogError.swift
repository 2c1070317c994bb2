/// Why sending to the syslog destination failed, worded for the operator who has to fix it.
public enum SyslogError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The destination host name did not resolve.
    case resolveFailed(host: String, detail: String)
    /// Nothing listens on the port (TCP RST, or ICMP port-unreachable for UDP).
    case connectionRefused(host: String, port: Int)
    /// The receiver could not be reached, or stayed unreachable past `ReconnectPolicy.giveUpAfter`.
    case unreachable(host: String, port: Int, detail: String)
    /// A UDP message is larger than the datagram maximum; it was not sent.
    case messageTooLarge(size: Int, max: Int)
    /// The socket failed while writing.
    case writeFailed(detail: String)
    /// TLS to the receiver failed: settings, handshake or certificates (see `TLSFailure`).
    case tls(host: String, port: Int, failure: TLSFailure)
    /// A RELP receiver answered a message with an error status (`answer`, e.g. "500 command disabled") on
    /// each of `attempts` sessions: it will not take that message.
    case refused(host: String, port: Int, answer: String, attempts: Int)
    /// The RELP session broke down: the receiver did not answer in time or broke the protocol.
    case protocolFailure(host: String, port: Int, detail: String)

    public var description: String {
        switch self {
        case let .resolveFailed(host, detail):
            "cannot resolve syslog host '\(host)': \(detail); check the destination host name and DNS"
        case let .connectionRefused(host, port):
            "syslog destination \(host):\(port) refused the connection; check that the receiver is running "
                + "and listening on that port and protocol (UDP vs TCP)"
        case let .unreachable(host, port, detail):
            "syslog destination \(host):\(port) unreachable: \(detail); check the receiver, routes and firewalls"
        case let .messageTooLarge(size, max):
            "syslog message of \(size) bytes exceeds the \(max)-byte datagram limit; reduce the record "
                + "or raise the maximum message size (receiver and sender) or use TCP"
        case let .writeFailed(detail):
            "writing to the syslog destination failed: \(detail)"
        case let .tls(host, port, failure):
            "TLS to syslog destination \(host):\(port): \(failure)"
        case let .refused(host, port, answer, attempts):
            "syslog destination \(host):\(port) refused a message \(attempts) times, answering \"\(answer)\"; "
                + "check the receiver's own log for why (message size limit, disabled command, full queue)"
        case let .protocolFailure(host, port, detail):
            "RELP session with syslog destination \(host):\(port) failed: \(detail)"
        }
    }
}

/// A failed `SyslogTransport.send`: how many leading messages were handed over before `cause` stopped it.
public struct SyslogSendError: Error, Sendable, CustomStringConvertible {
    /// The number of leading messages of the batch that were fully handed to the kernel.
    public var delivered: Int
    /// What stopped the rest.
    public var cause: SyslogError

    /// A failure after the first `delivered` messages.
    public init(delivered: Int, cause: SyslogError) {
        self.delivered = delivered
        self.cause = cause
    }

    public var description: String { "\(cause) (\(delivered) messages of the batch were sent before the failure)" }
}
