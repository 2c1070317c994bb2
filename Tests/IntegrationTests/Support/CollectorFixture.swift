import FindingsCollector
import Simulator
import Foundation
import TestSupport
import XCTest

/// A temp folder with a config for the real binary: connectors against an Inspector2 double, one destination.
struct CollectorFixture {
    let directory: URL
    let simulator: InspectorSimulator

    /// `overrides`: finding JSON served instead of the synthetic one at an index (see InspectorDouble).
    init(findings: SyntheticFindings, pageLatency: TimeInterval = 0, chaos: SimulatedChaos = .none,
         overrides: [Int: [UInt8]] = [:]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("daemon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        simulator = try InspectorSimulator(double: InspectorDouble(findings: findings, pageLatency: pageLatency,
                                                                   chaos: chaos, overrides: overrides))
    }

    var configPath: String { directory.appendingPathComponent("config.json").path }

    static let accessKeyAuth = #"{"method": "access_key", "access_key_id": "AKIADAEMONTEST000001", "secret_access_key": "daemon-secret"}"#

    /// One connector JSON object against the double (STS too, unless `stsEndpoint` says otherwise);
    /// `extra` is spliced in as more keys.
    func connector(_ name: String, tenant: String = "acme", destination: String = "siem", extra: String = "",
                   auth: String = CollectorFixture.accessKeyAuth, stsEndpoint: String? = nil) -> String {
        """
        {"name": "\(name)", "type": "aws_inspector", "tenant": "\(tenant)", "destination": "\(destination)",
         "regions": ["us-east-1"], "endpoint_url": "\(simulator.endpoint)", "sts_endpoint_url": "\(stsEndpoint ?? simulator.endpoint)",
         "interval_minutes": 0.05\(extra.isEmpty ? "" : ", " + extra), "auth": \(auth)}
        """
    }

    /// Writes the config: `destination` is the JSON of the one destination named "siem".
    func writeConfig(destination: String, connectors: [String], extraTopLevel: String = "") throws {
        let text = """
        {"state_dir": "\(directory.path)/state", "shutdown_timeout_seconds": 5\(extraTopLevel),
         "destinations": {"siem": \(destination)},
         "connectors": [\(connectors.joined(separator: ", "))]}
        """
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Starts `run` (the daemon) with /metrics on a free loopback port and one connector `name` that drops
    /// Low findings, forwarding to a TCP receiver on `receiverPort`. Returns the process and the metrics port.
    func startDaemonWithMetrics(connector name: String, receiverPort: Int) throws -> (daemon: CollectorProcess, metricsPort: Int) {
        let port = try LoopbackPort.free()
        let lowRule = #"{"field": "normalized.severity", "op": "eq", "value": "Low", "action": "drop"}"#
        try writeConfig(destination: #"{"protocol": "tcp", "host": "127.0.0.1", "port": \#(receiverPort)}"#,
                        connectors: [connector(name, extra: #""log_filters": {"rules": [\#(lowRule)]}"#)],
                        extraTopLevel: #", "metrics": {"listen": "127.0.0.1:\#(port)"}"#)
        return (try CollectorProcess.start(["run", "--config", configPath]), port)
    }

    func remove() {
        simulator.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

extension XCTestCase {
    /// The Inspector2 double serving `findings` and an rsyslog taking TCP, both removed when the test ends.
    func collectorAndRsyslog(_ findings: SyntheticFindings, pageLatency: TimeInterval = 0, chaos: SimulatedChaos = .none,
                             overrides: [Int: [UInt8]] = [:], udp: Bool = false,
                             stockLimits: Bool = false) throws -> (CollectorFixture, RsyslogReceiver) {
        let fixture = try CollectorFixture(findings: findings, pageLatency: pageLatency, chaos: chaos, overrides: overrides)
        addTeardownBlock { fixture.remove() }
        let rsyslog = try RsyslogReceiver(udp: udp, stockLimits: stockLimits)
        addTeardownBlock { rsyslog.stop() }
        return (fixture, rsyslog)
    }
}

/// A received syslog message as far as telling records apart goes: what rsyslog parsed, or what a test
/// receiver read itself.
protocol SyslogMessageText {
    var msgId: String { get }
    var msg: String { get }
}

extension ReceivedSyslog: SyslogMessageText {}

extension SyslogMessageText {
    /// The findingArn of a finding record; nil for any other message.
    var findingUID: String? {
        guard msgId == "aws_inspector_finding" else { return nil }
        let record = try? JSONSerialization.jsonObject(with: Data(msg.utf8)) as? [String: Any]
        return (record?["normalized"] as? [String: Any])?["uid"] as? String
    }
}

/// The findingArns of the finding records among received syslog messages.
func findingUIDs(_ messages: [some SyslogMessageText]) -> [String] {
    messages.compactMap(\.findingUID)
}

/// The collector_stats records among received syslog messages, parsed.
func statsRecords(_ messages: [ReceivedSyslog]) -> [[String: Any]] {
    messages.filter { $0.msgId == "collector_stats" }.compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.msg.utf8)) as? [String: Any]
    }
}

/// Polls `condition` every 50 ms until it holds or `timeout` passes.
func eventually(timeout: TimeInterval, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        usleep(50_000)
    }
    return try condition()
}
