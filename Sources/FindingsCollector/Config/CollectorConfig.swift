import Foundation
import Syslog

/// The whole configuration file: where state lives, where records go, and which connectors run.
public struct CollectorConfig: Sendable {
    public var stateDirectory: String
    /// Loopback host and port of the Prometheus endpoint (`metrics.listen`), when enabled.
    public var metricsListen: (host: String, port: Int)?
    /// On SIGTERM or a reload: how long queued records may take to go out before the process moves on.
    public var shutdownTimeoutSeconds: Double
    public var destinations: [String: DestinationConfig]
    public var connectors: [ConnectorConfig]

    public func destination(for connector: ConnectorConfig) -> DestinationConfig? {
        destinations[connector.destination]
    }

    public func connector(named name: String) -> ConnectorConfig? {
        connectors.first { $0.name == name }
    }
}

/// One syslog receiver. Several connectors may name the same destination.
public struct DestinationConfig: Sendable {
    /// udp, tcp, tls (RFC 5425) or relp (rsyslog's acknowledged protocol, plain TCP only).
    public enum TransportProtocol: String, Sendable, CaseIterable { case udp, tcp, tls, relp }

    public var name: String
    public var transport: TransportProtocol
    public var host: String
    public var port: Int
    public var format: SyslogFormat
    public var facility: SyslogFacility
    public var framing: TCPFraming
    /// No message is ever larger than this, on any transport; bigger records are reduced (README: "Oversize
    /// records"), and one that cannot be reduced enough is set aside as a dead letter.
    public var maxMessageSize: Int
    /// Output rate, queue bounds and what happens when they are exceeded.
    public var capacity: DestinationCapacity
    /// Applied after each connector's own filter.
    public var logFilter: LogFilter
    /// protocol "tls" only (RFC 5425): CA, client certificate, expected server name.
    public var tls: SyslogTLSSettings

    /// What a stock rsyslog accepts (its `maxMessageSize` default, 8096 bytes; syslog-ng's `log-msg-size` is
    /// 65536): a larger message is truncated by rsyslog, or closes the connection of a smaller-limit receiver.
    public static let defaultMaxMessageSize = 8096
    /// 16 MiB: a receiver raised to this is rare; past it one record would dominate the queue's byte bound.
    public static let largestStreamMessage = 16 << 20
    /// A pace a stock rsyslog or syslog-ng on the same host keeps up with for 4–8 KiB records, measured by the
    /// UDP loss tests; set `capacity.events_per_second` to change it.
    public static let defaultUDPEventsPerSecond = 2_000.0
    /// Records that may leave back to back: 20 records of up to 8 KiB stay inside a stock receiver's UDP socket
    /// buffer (Linux's default 208 KiB), where a second's worth at once would overflow it.
    public static let defaultUDPBurst = 20
}

/// One connector: a scanner account pulled on an interval and forwarded to one destination. The fields here are
/// the same for every kind; what only one vendor needs (regions, credentials, filters of its API) is in
/// `settings`, read by the kind the `type` names (`ConnectorKinds`).
public struct ConnectorConfig: Sendable {
    public var name: String
    let kind: any ConnectorKind
    public var tenant: String
    public var destination: String
    public var intervalMinutes: Double
    public var initialLookbackHours: Double
    public var maxAttempts: Int
    /// TLS for the calls to the vendor's API.
    public var tls: APITLSConfig
    public var logFilter: LogFilter
    /// The kind's own settings (`InspectorSettings`, `Rapid7Settings`).
    var settings: any ConnectorSettings

    /// The config's `type`.
    public var type: String { kind.type }
    /// The scopes its cursors are kept under (regions), for `status`.
    public var scopes: [String] { kind.scopes(of: self) }
    /// What check-config warns about this connector.
    public var warnings: [String] { kind.warnings(for: self) }
}

/// TLS for the calls to the cloud API (not for syslog).
public struct APITLSConfig: Sendable {
    public var verify: Bool = true
    public var caFile: String?
}
