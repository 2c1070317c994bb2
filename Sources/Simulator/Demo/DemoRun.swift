import FindingsCollector
import Foundation
import JSONBytes
import Synchronization

/// The README's first command: the real connector path (HTTP, SigV4, paging, mapping, syslog framing)
/// against the built-in Inspector2 simulator (or the InsightVM one) on loopback, into a local syslog receiver.
/// No account needed.
public struct DemoRun: Sendable {
    /// The scanner API the demo's connector pulls from.
    public enum Source: String, Sendable, CaseIterable {
        case awsInspector = "aws_inspector"
        case rapid7InsightVM = "rapid7_insightvm"
    }

    let findingCount: Int
    let source: Source
    let logger: Logger
    let output: @Sendable (String) -> Void

    public init(findingCount: Int, source: Source = .awsInspector, logger: Logger,
                output: @escaping @Sendable (String) -> Void) {
        self.findingCount = findingCount
        self.source = source
        self.logger = logger
        self.output = output
    }

    /// True when every finding the simulator holds arrived at the receiver as a record.
    public func run() async throws -> Bool {
        switch source {
        case .awsInspector:
            let findings = SyntheticFindings(count: findingCount, newestUpdatedAt: Date().addingTimeInterval(-600),
                                             spacing: min(60, 20 * 3600 / Double(max(findingCount, 1))))
            let simulator = try InspectorSimulator(double: InspectorDouble(findings: findings))
            defer { simulator.stop() }
            return try await pass(expecting: findingCount, environment: [:],
                                  served: "Inspector2 simulator at \(simulator.endpoint) holds \(findingCount) findings") {
                Self.config(endpoint: simulator.endpoint, receiverPort: $0, stateDirectory: $1)
            } summary: { "\(findingCount) findings listed by the simulator" }
        case .rapid7InsightVM:
            // `findingCount` findings spread five to an asset.
            let key = "demo-insightvm-key-not-a-secret"
            let now = Date().timeIntervalSince1970
            let data = Rapid7SyntheticData.make(assets: max(1, findingCount / 5), findingsPerAsset: 5, now: now)
            let expected = data.currentUIDs(scannedAfter: 0, now: now).count
            let simulator = try Rapid7Simulator(double: Rapid7Double(data: data, apiKey: key))
            defer { simulator.stop() }
            return try await pass(expecting: expected, environment: ["DEMO_RAPID7_API_KEY": key],
                                  served: "InsightVM simulator at \(simulator.endpoint) holds \(data.assets.count) assets "
                                      + "with \(expected) current findings") {
                Self.rapid7Config(endpoint: simulator.endpoint, receiverPort: $0, stateDirectory: $1)
            } summary: {
                "\(expected) findings on \(data.assets.count) assets served by the simulator "
                    + "(\(simulator.double.definitionsServed.count) definitions, each fetched once)"
            }
        }
    }

    /// One pass of the collector, configured by `config(receiverPort, stateDirectory)`, into a local receiver
    /// that prints what it gets; true when `expected` finding records arrived.
    private func pass(expecting expected: Int, environment: [String: String], served: String,
                      config: (Int, String) -> String, summary: () -> String) async throws -> Bool {
        let printer = RecordPrinter(output: output)
        let receiver = try LoopbackSyslogReceiver { printer.show($0) }
        defer { receiver.stop() }
        let stateDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("findings-collector-demo-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: stateDirectory) }

        output("demo: \(served); syslog receiver at tcp://127.0.0.1:\(receiver.port)\n")
        let parsed = try ConfigLoader.parse(Array(config(receiver.port, stateDirectory).utf8))
        let runtime = try CollectorRuntime(config: parsed, logger: logger, environment: environment)
        let ending = await runtime.run(once: true, signals: nil)
        let deadline = Date().addingTimeInterval(5)
        while printer.findings < expected, Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        output("demo: \(summary()), \(printer.findings) finding records "
               + "(and \(receiver.count - printer.findings) collector_stats record) received by the syslog receiver\n")
        guard case .finished(succeeded: true) = ending else { return false }
        return printer.findings == expected
    }

    /// The Rapid7 demo's config.
    static func rapid7Config(endpoint: String, receiverPort: Int, stateDirectory: String) -> String {
        """
        {
          "state_dir": "\(stateDirectory)",
          "destinations": {
            "local": {"protocol": "tcp", "host": "127.0.0.1", "port": \(receiverPort), "format": "rfc5424", "facility": "local0"}
          },
          "connectors": [{
            "name": "demo-rapid7", "type": "rapid7_insightvm", "tenant": "demo", "destination": "local",
            "interval_minutes": 15, "endpoint_url": "\(endpoint)", "page_size": 50,
            "auth": {"api_key_env": "DEMO_RAPID7_API_KEY"}
          }]
        }
        """
    }

    /// The demo's config, in the same JSON an operator writes (see etc/findings-collector.json).
    static func config(endpoint: String, receiverPort: Int, stateDirectory: String) -> String {
        """
        {
          "state_dir": "\(stateDirectory)",
          "destinations": {
            "local": {"protocol": "tcp", "host": "127.0.0.1", "port": \(receiverPort), "format": "rfc5424", "facility": "local0"}
          },
          "connectors": [{
            "name": "demo-inspector", "type": "aws_inspector", "tenant": "demo", "destination": "local",
            "interval_minutes": 15, "regions": ["us-east-1"],
            "endpoint_url": "\(endpoint)", "sts_endpoint_url": "\(endpoint)",
            "auth": {"method": "access_key", "access_key_id": "AKIADEMODEMODEMO0000",
                     "secret_access_key": "demo-secret-not-a-real-key"}
          }]
        }
        """
    }
}

/// Prints the first record whole and one summary line for each record after it.
private final class RecordPrinter: Sendable {
    let output: @Sendable (String) -> Void
    private let shown = Mutex(0)

    init(output: @escaping @Sendable (String) -> Void) { self.output = output }

    var findings: Int { shown.withLock { $0 } }

    func show(_ message: [UInt8]) {
        guard let start = message.firstIndex(of: UInt8(ascii: "{")) else { return }
        let json = Array(message[start...])
        guard !String(decoding: message.prefix(start), as: UTF8.self).contains(" collector_stats ") else {
            output("collector_stats record: \(String(decoding: json, as: UTF8.self))\n")
            return
        }
        let number = shown.withLock { count -> Int in
            count += 1
            return count
        }
        if number == 1 {
            output("first syslog message as received:\n\(String(decoding: message, as: UTF8.self))\n\n")
        }
        guard let record = try? JSONValue.parse(json), let normalized = record["normalized"] else { return }
        let severity = normalized["severity"]?.string ?? "-"
        let asset = normalized["asset"]?["name"]?.string ?? normalized["asset"]?["uid"]?.string ?? "-"
        let cve = normalized["cves"]?[0]?.string ?? normalized["type"]?.string ?? "-"
        let title = normalized["title"]?.string ?? ""
        let columns = [(String(number), 6), (severity, 14), (String(cve.prefix(20)), 21), (String(asset.prefix(28)), 29)]
        output(columns.map { $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0) }.joined() + title.prefix(60) + "\n")
    }
}
