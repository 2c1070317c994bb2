import Foundation
import TestSupport

/// One message as a private syslog-ng parsed it (its macro names in the comments).
struct SyslogNGMessage: Decodable {
    let msg: String          // $MSG: the message part, after "TAG[PID]: " (RFC 3164) or the header (RFC 5424)
    let program: String?     // $PROGRAM: "findings-collector" when the header parsed
    let msgId: String?       // $MSGID: RFC 5424 only
    let facility: String?    // $FACILITY, e.g. "local5"

    /// `msg` parsed as one whole JSON object; nil when it is not one (a piece of a split frame).
    var record: [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(msg.utf8)) as? [String: Any]
    }
}

/// What a syslog-ng TCP source expects on the wire.
enum SyslogNGSource {
    /// `network(transport("tcp"))` with its defaults: RFC 3164 parsing, one message per line (LF framing).
    /// This is the source that splits octet-counted RFC 3164 frames.
    case rfc3164Lines
    /// `syslog(transport("tcp"))`: RFC 5424 parsing with RFC 6587 octet counting.
    case rfc5424OctetCounted
}

/// Starts a private syslog-ng on loopback (one TCP source on a free port) that writes every received message
/// as one JSON line, so tests see what the receiver that motivated LF framing for RFC 3164 made of our bytes.
///
/// syslog-ng cannot be apt-installed next to rsyslog (both provide system-log-daemon), so `.ci/setup`
/// extracts the Debian package into /opt/syslog-ng-extracted; it runs from there with its private libraries
/// and modules named on the command line. Its `log-msg-size` is left at the default, 65536.
final class SyslogNGReceiver {
    static let root = "/opt/syslog-ng-extracted"
    let tcpPort: Int
    private let directory: URL
    private var daemon: SpawnedDaemon?

    private var outputFile: URL { directory.appendingPathComponent("messages.jsonl") }
    private var logFile: URL { directory.appendingPathComponent("syslog-ng.log") }

    init(_ source: SyslogNGSource) throws {
        let binary = Self.root + "/usr/sbin/syslog-ng"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw HarnessError(description: "\(binary) not found: run `bash .ci/setup` (it extracts Debian's "
                               + "syslog-ng-core there, since the package conflicts with rsyslog)")
        }
        tcpPort = try LoopbackPort.free()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("syslog-ng-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let conf = directory.appendingPathComponent("syslog-ng.conf")
        try config(source).write(to: conf, atomically: true, encoding: .utf8)
        let file = { (name: String) in self.directory.appendingPathComponent(name).path }
        let child = try SpawnedDaemon(
            [binary, "-F", "-f", conf.path, "-R", file("syslog-ng.persist"), "-p", file("syslog-ng.pid"),
             "-c", file("syslog-ng.ctl"), "--module-path=\(Self.root)/usr/lib/syslog-ng/3.38"],
            // libsyslog-ng-3.38.so sits in the package's private directory, found through the RUNPATH of an
            // installed package only.
            environment: ["LD_LIBRARY_PATH": Self.root + "/usr/lib/syslog-ng", "PATH": "/usr/bin:/bin"],
            logFile: logFile)
        daemon = child
        guard child.waitUntil(timeout: 10, { LoopbackPort.acceptsConnections(tcpPort) }) else {
            child.stop()
            throw HarnessError(description: "syslog-ng did not start listening within 10 s; its output:\n" + diagnostics())
        }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Stops syslog-ng (SIGTERM, then SIGKILL after 5 s); received messages stay readable.
    func stop() { daemon?.stop() }

    /// A collector destination sending here over TCP; `extra` is spliced in as more keys.
    func tcpDestination(_ extra: String = "") -> String {
        #"{"protocol": "tcp", "host": "127.0.0.1", "port": \#(tcpPort)\#(extra.isEmpty ? "" : ", " + extra)}"#
    }

    /// Every message received so far, in the order syslog-ng wrote them (complete lines only).
    func messages() throws -> [SyslogNGMessage] {
        guard let data = FileManager.default.contents(atPath: outputFile.path) else { return [] }
        let decoder = JSONDecoder()
        var result: [SyslogNGMessage] = []
        var lineStart = data.startIndex
        for index in data.indices where data[index] == 0x0A {
            result.append(try decoder.decode(SyslogNGMessage.self, from: data[lineStart..<index]))
            lineStart = index + 1
        }
        return result
    }

    /// syslog-ng's own output (config errors, dropped-message notices), for failure messages.
    func diagnostics() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    private func config(_ source: SyslogNGSource) -> String {
        let driver = switch source {
        case .rfc3164Lines: #"network(ip("127.0.0.1") port(\#(tcpPort)) transport("tcp"))"#
        case .rfc5424OctetCounted: #"syslog(ip("127.0.0.1") port(\#(tcpPort)) transport("tcp"))"#
        }
        // format-json escapes quotes, backslashes and control characters, so one message stays one line
        // and $MSG comes back byte for byte. stats-freq(0): no periodic statistics messages in the log.
        return """
        @version: 3.38
        options { stats-freq(0); };
        source s { \(driver); };
        destination d { file("\(outputFile.path)" template("$(format-json --pair msg=$MSG --pair program=$PROGRAM \
        --pair msgId=$MSGID --pair facility=$FACILITY)\\n")); };
        log { source(s); destination(d); };

        """
    }
}
