import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

/// One message as a private rsyslogd parsed it (its property names in the comments).
struct ReceivedSyslog: Decodable, Equatable {
    let protocolVersion: String   // protocol-version: "1" for RFC 5424, "0" for RFC 3164
    let facility: String          // syslogfacility-text, e.g. "local0"
    let severity: String          // syslogseverity-text, e.g. "warning", "info", "err"
    let timestamp: String         // timereported, RFC 3339
    let hostname: String
    let appName: String
    let procId: String
    let msgId: String
    let structuredData: String
    let msg: String               // %msg%, byte-exact: control-character escaping is off
    let inputName: String         // "imudp" or "imtcp"
}

/// Makes the receiver's TCP input a TLS input (RFC 5425) on rsyslog's OpenSSL stream driver.
struct RsyslogTLSInput {
    /// PEM CA that signs client certificates (rsyslog's DefaultNetstreamDriverCAFile).
    var caFile: String
    /// The receiver's PEM certificate and key.
    var certificateFile: String
    var keyFile: String
    /// true: mutual TLS ("x509/certvalid": clients must present a certificate signed by `caFile`);
    /// false: server authentication only ("anon").
    var requireClientCertificate = false
}

/// A collector destination sending over TCP to 127.0.0.1:`port`; `extra` is spliced in as more keys.
func loopbackTCPDestination(port: Int, _ extra: String = "") -> String {
    #"{"protocol": "tcp", "host": "127.0.0.1", "port": \#(port)\#(extra.isEmpty ? "" : ", " + extra)}"#
}

/// Why the rsyslog harness could not do its job.
struct RsyslogHarnessError: Error, CustomStringConvertible {
    let description: String
}

/// Starts a private rsyslogd on loopback (UDP and/or TCP on free ports) that writes every received message
/// as one JSON line, so tests can check what a real, independent receiver made of our bytes.
/// With `tls`, the TCP input on `tcpPort` speaks TLS instead of plain TCP; with `relp`, imrelp (rsyslog's
/// RELP input, Debian package rsyslog-relp) listens on `relpPort` too.
final class RsyslogReceiver {
    let udpPort: Int
    let tcpPort: Int
    let relpPort: Int
    private let useUDP: Bool
    private let useTCP: Bool
    private let useRELP: Bool
    private let tls: RsyslogTLSInput?
    private let directory: URL
    private var daemon: SpawnedDaemon?

    private var outputFile: URL { directory.appendingPathComponent("messages.jsonl") }
    private var logFile: URL { directory.appendingPathComponent("rsyslogd.log") }

    /// `stockLimits`: rsyslog's own defaults for message size (8096 bytes) and UDP socket buffer, as an
    /// operator's untuned receiver has them; otherwise 64 KiB messages and a 16 MiB buffer.
    init(udp: Bool = true, tcp: Bool = true, tls: RsyslogTLSInput? = nil, relp: Bool = false, stockLimits: Bool = false) throws {
        self.stockLimits = stockLimits
        guard let rsyslogd = Self.rsyslogdPath else {
            throw RsyslogHarnessError(description: "rsyslogd not found (looked in /usr/sbin and PATH): "
                                      + "run `bash .ci/setup` to install rsyslog")
        }
        useUDP = udp
        useTCP = tcp || tls != nil
        useRELP = relp
        self.tls = tls
        udpPort = try LoopbackPort.free(type: Int32(SOCK_DGRAM.rawValue))
        tcpPort = try LoopbackPort.free()
        relpPort = try LoopbackPort.free()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rsyslog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        executable = rsyslogd
        try config().write(to: directory.appendingPathComponent("rsyslog.conf"), atomically: true, encoding: .utf8)
        try start()
    }

    private let executable: String
    private let stockLimits: Bool

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts rsyslogd (again) on the same ports and waits until its inputs listen.
    func start() throws {
        guard daemon?.pid == nil else { return }
        let conf = directory.appendingPathComponent("rsyslog.conf").path
        let child = try SpawnedDaemon([executable, "-n", "-f", conf, "-i", directory.appendingPathComponent("rsyslogd.pid").path],
                                      logFile: logFile)
        daemon = child
        let listening = child.waitUntil(timeout: 10) {
            (!useTCP || LoopbackPort.acceptsConnections(tcpPort)) && (!useUDP || Self.udpListening(port: udpPort))
                && (!useRELP || LoopbackPort.acceptsConnections(relpPort))
        }
        guard !listening else { return }
        stop()
        throw RsyslogHarnessError(description: "rsyslogd did not start listening within 10 s; its output:\n"
                                  + diagnostics())
    }

    /// A collector destination sending here over TCP; `extra` is spliced in as more keys (`"capacity": …`).
    func tcpDestination(_ extra: String = "") -> String {
        loopbackTCPDestination(port: tcpPort, extra)
    }

    /// Stops rsyslogd (SIGTERM, then SIGKILL after 5 s); received messages stay readable.
    func stop() { daemon?.stop() }

    /// Every message received so far, in the order rsyslog wrote them.
    func messages() throws -> [ReceivedSyslog] {
        guard let data = FileManager.default.contents(atPath: outputFile.path) else { return [] }
        let decoder = JSONDecoder()
        var result: [ReceivedSyslog] = []
        var lineStart = data.startIndex
        for index in data.indices where data[index] == 0x0A {   // only complete lines: rsyslog may be mid-write
            result.append(try decoder.decode(ReceivedSyslog.self, from: data[lineStart..<index]))
            lineStart = index + 1
        }
        return result
    }

    /// Waits until `count` messages arrived (or timeout) and returns them parsed by rsyslog.
    func waitForMessages(count: Int, timeout: TimeInterval) throws -> [ReceivedSyslog] {
        let deadline = Date().addingTimeInterval(timeout)
        var received = try messages()
        while received.count < count && Date() < deadline {
            usleep(25_000)
            received = try messages()
        }
        return received
    }

    /// rsyslogd's own output (startup errors, dropped-message notices), for failure messages.
    func diagnostics() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    private func config() -> String {
        // maxMessageSize must precede the inputs; escaping control characters is turned off so %msg% stays
        // byte-exact (with it on, a TAB would arrive as "#011").
        var lines = [
            #"global(workDirectory="\#(directory.path)""# + (stockLimits ? "" : #" maxMessageSize="64k""#)
                + #" parser.escapeControlCharactersOnReceive="off"\#(tlsGlobals()))"#,
            #"template(name="json" type="list" option.jsonf="on") {"#,
        ]
        let properties = [("protocolVersion", "protocol-version"), ("facility", "syslogfacility-text"),
                          ("severity", "syslogseverity-text"), ("timestamp", "timereported"),
                          ("hostname", "hostname"), ("appName", "app-name"), ("procId", "procid"),
                          ("msgId", "msgid"), ("structuredData", "structured-data"), ("msg", "msg"),
                          ("inputName", "inputname")]
        for (outname, name) in properties {
            let date = name == "timereported" ? #" dateFormat="rfc3339""# : ""
            lines.append(#"  property(outname="\#(outname)" name="\#(name)"\#(date) format="jsonf")"#)
        }
        lines.append("}")
        lines.append(#"ruleset(name="received") { action(type="omfile" file="\#(outputFile.path)" template="json") }"#)
        if useUDP {
            lines.append(#"module(load="imudp")"#)
            // 16 MiB socket buffer (rsyslog forces it as root): bursts of thousands of datagrams must not drop.
            lines.append(#"input(type="imudp" address="127.0.0.1" port="\#(udpPort)" ruleset="received""#
                         + (stockLimits ? ")" : #" rcvbufSize="16m")"#))
        }
        if useTCP {
            lines.append(#"module(load="imtcp"\#(tlsDriver()))"#)
            lines.append(#"input(type="imtcp" address="127.0.0.1" port="\#(tcpPort)" ruleset="received")"#)
        }
        if useRELP {
            lines.append(#"module(load="imrelp")"#)
            lines.append(#"input(type="imrelp" address="127.0.0.1" port="\#(relpPort)" ruleset="received")"#)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The certificates for rsyslog's OpenSSL driver ("ossl"), in the global() statement.
    private func tlsGlobals() -> String {
        guard let tls else { return "" }
        return #" DefaultNetstreamDriver="ossl" DefaultNetstreamDriverCAFile="\#(tls.caFile)""#
            + #" DefaultNetstreamDriverCertFile="\#(tls.certificateFile)""#
            + #" DefaultNetstreamDriverKeyFile="\#(tls.keyFile)""#
    }

    /// imtcp's stream driver settings: TLS only (mode 1), anonymous or certificate-checked clients.
    private func tlsDriver() -> String {
        guard let tls else { return "" }
        let authMode = tls.requireClientCertificate ? "x509/certvalid" : "anon"
        return #" StreamDriver.Name="ossl" StreamDriver.Mode="1" StreamDriver.AuthMode="\#(authMode)""#
    }

    private static var rsyslogdPath: String? {
        let candidates = ["/usr/sbin/rsyslogd"] + (ProcessInfo.processInfo.environment["PATH"] ?? "")
            .split(separator: ":").map { "\($0)/rsyslogd" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// imudp is bound when /proc/net/udp lists 127.0.0.1:port (hex, little-endian address).
    private static func udpListening(port: Int) -> Bool {
        guard let table = try? String(contentsOfFile: "/proc/net/udp", encoding: .utf8) else { return false }
        return table.contains(String(format: "0100007F:%04X", port))
    }
}
