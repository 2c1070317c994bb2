import Foundation

/// Reads and checks one entry of `connectors`: the keys every kind shares here, the rest by the kind its
/// `type` names.
enum ConnectorReader {
    static func read(_ reader: ConfigReader, index: Int) -> ConnectorConfig? {
        let name = reader.string("name", required: true)
        if let name, !ConfigPatterns.matches(name, ConfigPatterns.connectorName) {
            reader.report("name", "use letters, digits, '.', '_' or '-' (1–64 characters): it names the state files")
        }
        let (kind, typeIsKnown) = readKind(reader)
        let tenant = reader.string("tenant", required: true)
        let destination = reader.string("destination", required: true)
        let interval = reader.double("interval_minutes", default: 15, range: 0.05...1440)
        let lookback = reader.double("initial_lookback_hours", default: 24, range: 0...2160)
        let maxAttempts = reader.int("max_attempts", default: 10, range: 1...30)
        let tls = readTLS(reader.object("tls"))
        let logFilter = LogFilterReader.read(reader, fields: kind.map { [$0.records.fields] } ?? ConnectorKinds.recordFields) ?? .keepAll
        let settings = kind?.readSettings(reader, index: index)
        reader.rejectUnknownKeys()

        guard let name, let kind, typeIsKnown, let tenant, let destination, let settings else { return nil }
        return ConnectorConfig(name: name, kind: kind, tenant: tenant, destination: destination,
                               intervalMinutes: interval, initialLookbackHours: lookback, maxAttempts: maxAttempts,
                               tls: tls, logFilter: logFilter, settings: settings)
    }

    /// The kind `type` names. A misspelt type is reported, and the nearest kind still reads the rest of the
    /// entry, so that every problem is reported at once.
    private static func readKind(_ reader: ConfigReader) -> (kind: (any ConnectorKind)?, isKnown: Bool) {
        guard let type = reader.string("type", required: true) else { return (nil, false) }
        if let kind = ConnectorKinds.named(type) { return (kind, true) }
        let nearest = ConnectorKinds.all.min { editDistance(type, $0.type) < editDistance(type, $1.type) }
            .flatMap { editDistance(type, $0.type) <= 2 ? $0 : nil }
        let hint = nearest.map { " (did you mean \"\($0.type)\"?)" } ?? ""
        reader.report("type", "unknown value \"\(type)\"\(hint); use one of: \(ConnectorKinds.all.map(\.type).joined(separator: ", "))")
        return (nearest, false)
    }

    /// An `http://` or `https://` URL with a host, without its trailing slash.
    static func url(_ reader: ConfigReader, _ key: String) -> String? {
        guard let text = reader.string(key) else { return nil }
        guard let parsed = URL(string: text), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            reader.report(key, "must be an http:// or https:// URL with a host")
            return nil
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    private static func readTLS(_ reader: ConfigReader?) -> APITLSConfig {
        guard let reader else { return APITLSConfig() }
        let config = APITLSConfig(verify: reader.bool("verify", default: true), caFile: reader.string("ca_file"))
        if let caFile = config.caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            reader.report("ca_file", "cannot read \(caFile)")
        }
        reader.rejectUnknownKeys()
        return config
    }
}

/// Shapes that config values must have.
enum ConfigPatterns {
    static let connectorName = "^[A-Za-z0-9._-]{1,64}$"

    static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }
}
