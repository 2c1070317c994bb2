import FindingsCollector
import Foundation
import Simulator
import XCTest

/// A temp folder with a config for the real binary: a `rapid7_insightvm` connector against the InsightVM double.
struct Rapid7Fixture {
    static let apiKey = "r7-integration-key-7a1f09c3e5"
    static let keyVariable = "R7_TEST_API_KEY"

    let directory: URL
    let simulator: Rapid7Simulator
    var double: Rapid7Double { simulator.double }

    init(assets: Int, findingsPerAsset: Int, definitions: Int = 60, pageLatency: TimeInterval = 0,
         chaos: SimulatedChaos = .none) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("r7-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let data = Rapid7SyntheticData.make(assets: assets, findingsPerAsset: findingsPerAsset, definitions: definitions,
                                            now: Date().timeIntervalSince1970)
        simulator = try Rapid7Simulator(double: Rapid7Double(data: data, apiKey: Self.apiKey, chaos: chaos,
                                                             pageLatency: pageLatency))
    }

    var configPath: String { directory.appendingPathComponent("config.json").path }
    var environment: [String: String] { [Self.keyVariable: Self.apiKey] }

    /// One rapid7_insightvm connector JSON object against the double; `extra` is spliced in as more keys.
    func connector(_ name: String, endpoint: String? = nil, extra: String = "") -> String {
        """
        {"name": "\(name)", "type": "rapid7_insightvm", "tenant": "acme", "destination": "siem",
         "endpoint_url": "\(endpoint ?? simulator.endpoint)", "auth": {"api_key_env": "\(Self.keyVariable)"},
         "page_size": 20, "interval_minutes": 0.05\(extra.isEmpty ? "" : ", " + extra)}
        """
    }

    func writeConfig(destination: String, connectors: [String]) throws {
        let text = """
        {"state_dir": "\(directory.path)/state", "shutdown_timeout_seconds": 5,
         "destinations": {"siem": \(destination)},
         "connectors": [\(connectors.joined(separator: ", "))]}
        """
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// Every finding the double serves on a first pull (the collector's initial lookback is 24 h; every
    /// synthetic asset was scanned in the last two hours).
    var groundTruth: Set<String> {
        double.data.currentUIDs(scannedAfter: 0, now: Date().timeIntervalSince1970)
    }

    func remove() {
        simulator.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

extension XCTestCase {
    func rapid7AndRsyslog(assets: Int, findingsPerAsset: Int, pageLatency: TimeInterval = 0,
                          chaos: SimulatedChaos = .none) throws -> (Rapid7Fixture, RsyslogReceiver) {
        let fixture = try Rapid7Fixture(assets: assets, findingsPerAsset: findingsPerAsset, pageLatency: pageLatency, chaos: chaos)
        addTeardownBlock { fixture.remove() }
        let rsyslog = try RsyslogReceiver()
        addTeardownBlock { rsyslog.stop() }
        return (fixture, rsyslog)
    }
}

/// The uid of a Rapid7 finding record; nil for any other message.
func rapid7UID(_ message: some SyslogMessageText) -> String? {
    guard message.msgId == "rapid7_insightvm_finding" else { return nil }
    let record = try? JSONSerialization.jsonObject(with: Data(message.msg.utf8)) as? [String: Any]
    return (record?["normalized"] as? [String: Any])?["uid"] as? String
}

func rapid7UIDs(_ messages: [some SyslogMessageText]) -> [String] { messages.compactMap(rapid7UID) }

/// The Rapid7 finding records, parsed.
func rapid7Records(_ messages: [ReceivedSyslog]) -> [[String: Any]] {
    messages.filter { $0.msgId == "rapid7_insightvm_finding" }.compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.msg.utf8)) as? [String: Any]
    }
}
