import FindingsCollector
import Simulator
import Foundation
import JSONBytes
import Syslog
import TestSupport
import XCTest

/// The whole path with the real binary: the project's Inspector2 double (paging, filters, SigV4 check) →
/// `run --once` → a real rsyslog on loopback UDP and TCP, which must parse every record as RFC 5424.
final class EndToEndTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func writeConfig(simulator: InspectorSimulator, rsyslog: RsyslogReceiver, udpMax: Int) throws -> String {
        let connector = { (name: String, destination: String) in
            """
            {"name": "\(name)", "type": "aws_inspector", "tenant": "acme", "destination": "\(destination)",
             "regions": ["us-east-1"], "endpoint_url": "\(simulator.endpoint)", "sts_endpoint_url": "\(simulator.endpoint)",
             "auth": {"method": "access_key", "access_key_id": "AKIAE2ETESTKEY000001", "secret_access_key_env": "E2E_SECRET"}}
            """
        }
        let config = """
        {"state_dir": "\(directory.path)/state",
         "destinations": {
           "udp": {"protocol": "udp", "host": "127.0.0.1", "port": \(rsyslog.udpPort), "facility": "local3", "max_message_size": \(udpMax)},
           "tcp": {"protocol": "tcp", "host": "127.0.0.1", "port": \(rsyslog.tcpPort), "facility": "local3",
                   "max_message_size": 65000}},
         "connectors": [\(connector("over-udp", "udp")), \(connector("over-tcp", "tcp"))]}
        """
        let path = directory.appendingPathComponent("config.json").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testEveryFindingArrivesOnceOverUDPAndTCPAsTheMappedRecord() throws {
        let count = 230
        let findings = SyntheticFindings(count: count, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 60)
        let double = InspectorDouble(findings: findings, emptyPagesBeforeData: 1)
        let simulator = try InspectorSimulator(double: double)
        defer { simulator.stop() }
        let rsyslog = try RsyslogReceiver()
        defer { rsyslog.stop() }
        let udpMax = 4096 // below the largest synthetic findings: some records must be reduced, none split
        let config = try writeConfig(simulator: simulator, rsyslog: rsyslog, udpMax: udpMax)

        let run = try CollectorProcess.run(["run", "--config", config, "--once"], environment: ["E2E_SECRET": "e2e-secret-value"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertFalse(run.stderr.contains("e2e-secret-value"), "a secret reached the log")

        let everything = try rsyslog.waitForMessages(count: 2 * count + 2, timeout: 20)
        let received = everything.filter { $0.msgId == "aws_inspector_finding" }
        XCTAssertEqual(received.count, 2 * count)
        let stats = everything.filter { $0.msgId == "collector_stats" }
        XCTAssertEqual(stats.count, 2, "one collector_stats record per connector and pass")
        try assertEveryRecordMatchesTheRecordSchema(everything.map(\.msg))
        for record in stats {
            let fields = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(record.msg.utf8)) as? [String: Any])
            XCTAssertEqual(fields["pulled"] as? Int, count)
            XCTAssertEqual(fields["sent"] as? Int, count)
        }
        let procId = try XCTUnwrap(received.first?.procId)
        let expected = try expectedRecords(findings, udpMax: udpMax, hostname: received[0].hostname, procId: procId)
        for (input, detailSensitive) in [("imudp", true), ("imtcp", false)] {
            let messages = received.filter { $0.inputName == input }
            var seen: Set<String> = []
            for message in messages {
                XCTAssertEqual(message.protocolVersion, "1")
                XCTAssertEqual(message.appName, "findings-collector")
                XCTAssertEqual(message.msgId, "aws_inspector_finding")
                XCTAssertEqual(message.facility, "local3")
                let record = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(message.msg.utf8)) as? NSDictionary)
                let uid = try XCTUnwrap((record["normalized"] as? NSDictionary)?["uid"] as? String)
                XCTAssertTrue(seen.insert(uid).inserted, "\(uid) arrived twice over \(input)")
                let want = try XCTUnwrap(expected[uid]?[detailSensitive ? 1 : 0], "unexpected finding \(uid)")
                let got = withoutCollectionTime(record)
                let wanted = withoutCollectionTime(want, connector: input == "imudp" ? "over-udp" : "over-tcp")
                for key in Set(got.allKeys.map { "\($0)" } + wanted.allKeys.map { "\($0)" }) {
                    XCTAssertEqual(got[key] as? NSObject, wanted[key] as? NSObject, "\(uid) over \(input): \(key) differs")
                }
                XCTAssertEqual(message.severity, syslogSeverityName(want))
            }
            XCTAssertEqual(seen.count, count, "\(input): every finding exactly once")
        }
        XCTAssertTrue(received.contains { $0.inputName == "imudp" && $0.msg.contains("\"finding_omitted\":true") },
                      "the UDP maximum should have forced some reductions")

        // The cursor moved to the end of the window: a second pass finds nothing new and sends nothing.
        let again = try CollectorProcess.run(["run", "--config", config, "--once"], environment: ["E2E_SECRET": "e2e-secret-value"])
        XCTAssertEqual(again.status, 0, again.stderr)
        Thread.sleep(forTimeInterval: 1)
        XCTAssertEqual(try rsyslog.messages().filter { $0.msgId == "aws_inspector_finding" }.count, 2 * count)
    }

    /// etc/findings-collector.record.schema.json is the contract SIEM parsers are written against: every
    /// record that reached rsyslog (full, reduced, stats) must match it.
    private func assertEveryRecordMatchesTheRecordSchema(_ records: [String]) throws {
        let schema = JSONSchemaCheck.etc.appendingPathComponent("findings-collector.record.schema.json")
        let verdicts = try JSONSchemaCheck.validate(documents: records.map { Array($0.utf8) }, against: schema)
        for (record, errors) in zip(records, verdicts) where !errors.isEmpty {
            XCTFail("a received record does not match the record schema: \(errors.prefix(3)) in \(record.prefix(300))")
        }
    }

    /// uid → [TCP record (full), UDP record (reduced as the encoder would)], as parsed dictionaries.
    /// The header the collector wrote (host name, pid) decides which records needed reducing.
    private func expectedRecords(_ findings: SyntheticFindings, udpMax: Int, hostname: String, procId: String) throws -> [String: [NSDictionary]] {
        // The record's own length decides reductions, so stamp it exactly as the UDP connector does.
        let mapper = InspectorFindingMapper(stamp: RecordStamp(tenant: "acme", connector: "over-udp"))
        let formatter = SyslogFormatter(facility: .local3, hostname: hostname, procId: procId)
        let encoder = RecordEncoder(mapper: mapper, formatter: formatter, maxMessageSize: udpMax)
        var records: [String: [NSDictionary]] = [:]
        for index in 0..<findings.count {
            let finding = try JSONValue.parse(findings.finding(at: index))
            let full = try mapper.map(finding, region: "us-east-1", collectedAtMillis: 0)
            guard case .encoded(let encoded) = try encoder.encode(finding, region: "us-east-1", collectedAt: Date()) else {
                XCTFail("no filter is configured, yet the encoder filtered a finding")
                continue
            }
            let detail = encoded.detail
            let reduced = try mapper.map(finding, region: "us-east-1", collectedAtMillis: 0, detail: detail)
            records[full.uid] = try [full, reduced].map {
                try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.bytes)) as? NSDictionary)
            }
        }
        return records
    }

    /// The record minus its collection time (the only field that differs run to run), stamped for `connector`.
    private func withoutCollectionTime(_ record: NSDictionary, connector: String? = nil) -> NSDictionary {
        let copy = record.mutableCopy() as! NSMutableDictionary
        copy.removeObject(forKey: "timestamp")
        if let connector { copy["connector"] = connector }
        return copy
    }

    private func syslogSeverityName(_ record: NSDictionary) -> String {
        switch (record["normalized"] as? NSDictionary)?["severity"] as? String {
        case "Critical": return "crit"
        case "High": return "err"
        case "Medium": return "warning"
        case "Low": return "notice"
        default: return "info"
        }
    }
}
