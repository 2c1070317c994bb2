import Foundation
import JSONBytes
import Syslog

/// Turns the JSON config file into a validated `CollectorConfig`, or every problem at once.
public enum ConfigLoader {
    public static func load(path: String) throws -> CollectorConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError.unreadable(path: path, detail: "no such file, or not readable by this user")
        }
        return try parse([UInt8](data))
    }

    public static func parse(_ bytes: [UInt8]) throws -> CollectorConfig {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch let error as JSONError {
            let (line, column) = lineAndColumn(of: error.offset, in: bytes)
            throw ConfigError.invalid([ConfigProblem("", "not valid JSON at line \(line), column \(column): \(error.reason)")])
        }
        guard document.kind == .object else {
            throw ConfigError.invalid([ConfigProblem("", "the config must be a JSON object")])
        }
        let problems = ProblemCollector()
        let root = ConfigReader(path: "", value: document, problems: problems)
        let config = read(root)
        if !problems.problems.isEmpty { throw ConfigError.invalid(problems.problems) }
        return config
    }

    private static func read(_ root: ConfigReader) -> CollectorConfig {
        _ = root.string("$schema")   // the editor's pointer to etc/findings-collector.schema.json; known, unused
        let stateDirectory = root.string("state_dir") ?? "/var/lib/findings-collector"
        let shutdownTimeout = root.double("shutdown_timeout_seconds", default: 30, range: 0...3600)
        let metricsListen = root.object("metrics").flatMap(MetricsConfigReader.read)
        var destinations: [String: DestinationConfig] = [:]
        if let table = root.object("destinations", required: true) {
            for (name, _) in table.value.members {
                if let reader = table.object(name) {
                    destinations[name] = DestinationReader.read(reader, name: name)
                }
            }
            if destinations.isEmpty { root.report("destinations", "define at least one destination") }
        }
        let connectorReaders = root.objectArray("connectors", required: true)
        let connectors = connectorReaders.enumerated().compactMap { ConnectorReader.read($1, index: $0) }
        root.rejectUnknownKeys()

        var seen: Set<String> = []
        for (reader, connector) in zip(connectorReaders, connectors) {
            if !seen.insert(connector.name).inserted {
                reader.report("name", "\"\(connector.name)\" is used by another connector; names must be unique (they key the saved cursors)")
            }
            if destinations[connector.destination] == nil, !destinations.isEmpty {
                reader.report("destination", "no destination named \"\(connector.destination)\"; defined: \(destinations.keys.sorted().joined(separator: ", "))")
            }
        }
        if connectorReaders.isEmpty, root.has("connectors") { root.report("connectors", "define at least one connector") }
        return CollectorConfig(stateDirectory: stateDirectory, metricsListen: metricsListen, shutdownTimeoutSeconds: shutdownTimeout,
                               destinations: destinations, connectors: connectors)
    }

    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}

/// Reads one entry of `destinations`.
enum DestinationReader {
    static func read(_ reader: ConfigReader, name: String) -> DestinationConfig {
        let transport = reader.choice("protocol", default: nil as DestinationConfig.TransportProtocol?) ?? .udp
        let host = reader.string("host", required: true) ?? "127.0.0.1"
        let defaultPort = [DestinationConfig.TransportProtocol.udp: 514, .tcp: 601, .tls: 6514, .relp: 2514][transport] ?? 514
        let port = reader.int("port", default: defaultPort, range: 1...65535)
        let format = reader.choice("format", default: SyslogFormat.rfc5424, among: [.rfc5424, .rfc3164]) ?? .rfc5424
        var facility = SyslogFacility.user
        if let facilityName = reader.string("facility") {
            if let named = SyslogFacility(name: facilityName) {
                facility = named
            } else {
                reader.report("facility", "unknown facility \"\(facilityName)\"; use kern, user, daemon, auth, local0 … local7")
            }
        }
        // RFC 3164 receivers (syslog-ng's network(), legacy appliances) expect one message per line; RFC 5424
        // receivers read octet counting (RFC 6587), which survives newlines inside a record.
        let defaultFraming: TCPFraming = format == .rfc3164 ? .lineFeed : .octetCounting
        let framing = reader.choice("framing", default: defaultFraming, among: [.octetCounting, .lineFeed]) ?? defaultFraming
        if transport != .tcp, reader.has("framing") {
            let why = switch transport {
            case .udp: "UDP sends one record per datagram"
            case .relp: "RELP frames every record itself"
            case .tcp, .tls: "TLS (RFC 5425) always uses octet counting"
            }
            reader.report("framing", "applies to tcp only; \(why)")
        }
        let tls = SyslogTLSReader.read(reader.object("tls"), transport: transport, reader: reader)
        let maxMessageSize = reader.int("max_message_size", default: DestinationConfig.defaultMaxMessageSize,
                                        range: transport == .udp ? 480...65_000 : 480...DestinationConfig.largestStreamMessage)
        var capacity = reader.object("capacity").map(CapacityReader.read) ?? DestinationCapacity()
        if transport == .udp, capacity.eventsPerSecond == nil {
            // UDP has no backpressure: unpaced, a burst overruns the receiver's socket buffer and is lost unseen.
            capacity = capacity.paced(at: DestinationConfig.defaultUDPEventsPerSecond, burst: DestinationConfig.defaultUDPBurst)
        }
        // Records of every kind may reach a destination: a rule needs a field some kind has.
        let logFilter = LogFilterReader.read(reader, fields: ConnectorKinds.recordFields) ?? .keepAll
        reader.rejectUnknownKeys()
        return DestinationConfig(name: name, transport: transport, host: host, port: port, format: format,
                                 facility: facility, framing: framing, maxMessageSize: maxMessageSize,
                                 capacity: capacity, logFilter: logFilter, tls: tls)
    }
}
