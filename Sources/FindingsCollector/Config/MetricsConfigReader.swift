/// Reads `metrics`: `{"listen": "127.0.0.1:9464"}`. Loopback only: the endpoint has no authentication.
enum MetricsConfigReader {
    static func read(_ reader: ConfigReader) -> (host: String, port: Int)? {
        defer { reader.rejectUnknownKeys() }
        guard let listen = reader.string("listen", required: true) else { return nil }
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
              (1...65535).contains(port) else {
            reader.report("listen", "use HOST:PORT, e.g. 127.0.0.1:9464")
            return nil
        }
        let host = String(listen[..<colon]).trimmingCharacters(in: ["[", "]"])
        guard ["127.0.0.1", "::1", "localhost"].contains(host) || host.hasPrefix("127.") else {
            reader.report("listen", "must be a loopback address (127.0.0.1, ::1): /metrics has no authentication")
            return nil
        }
        return (host, port)
    }
}
