import FindingsCollector
import Foundation
import Simulator
import TestSupport
import XCTest

/// The real binary against the InsightVM double into a real rsyslog: every finding once, only the changes
/// on the next pass, definitions fetched once per pass, a kill -9 that loses nothing, filters and capacity.
final class Rapid7EndToEndTests: XCTestCase {
    private func runOnce(_ fixture: Rapid7Fixture, _ rsyslog: RsyslogReceiver, statsBefore: Int = 0,
                         file: StaticString = #filePath, line: UInt = #line) throws -> (CollectorProcess.Result, [ReceivedSyslog]) {
        let run = try CollectorProcess.run(["run", "--config", fixture.configPath, "--once"], environment: fixture.environment,
                                           timeout: 120)
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        XCTAssertFalse(run.stderr.contains(Rapid7Fixture.apiKey) || run.stdout.contains(Rapid7Fixture.apiKey), "the key leaked",
                       file: file, line: line)
        XCTAssertTrue(try eventually(timeout: 20) { statsRecords(try rsyslog.messages()).count == statsBefore + 1 },
                      file: file, line: line)
        return (run, try rsyslog.messages())
    }

    private func assertSchemaValid(_ messages: [ReceivedSyslog], file: StaticString = #filePath, line: UInt = #line) throws {
        let records = messages.filter { $0.msgId == "rapid7_insightvm_finding" }.map { Array($0.msg.utf8) }
        XCTAssertFalse(records.isEmpty, file: file, line: line)
        let schema = JSONSchemaCheck.etc.appendingPathComponent("findings-collector.record.schema.json")
        for (record, errors) in zip(records, try JSONSchemaCheck.validate(documents: records, against: schema)) where !errors.isEmpty {
            XCTFail("a received record does not match the record schema: \(errors.prefix(3)) in \(String(decoding: record.prefix(300), as: UTF8.self))",
                    file: file, line: line)
        }
    }

    func testEveryFindingArrivesExactlyOnceWithItsDefinition() throws {
        let (fixture, rsyslog) = try rapid7AndRsyslog(assets: 60, findingsPerAsset: 8)
        try fixture.writeConfig(destination: rsyslog.tcpDestination(), connectors: [fixture.connector("r7")])
        let (_, messages) = try runOnce(fixture, rsyslog)
        let received = rapid7UIDs(messages)
        let truth = fixture.groundTruth
        XCTAssertEqual(Set(received), truth, "missing \(truth.subtracting(received).count), unexpected \(Set(received).subtracting(truth).count)")
        XCTAssertEqual(received.count, truth.count, "nothing twice")
        try assertSchemaValid(messages)
        // Definitions: each fetched once in the pass, in batches, never per finding.
        let served = fixture.double.definitionsServed
        XCTAssertEqual(served.values.max(), 1, "\(served.filter { $0.value > 1 })")
        XCTAssertLessThan(fixture.double.vulnerabilitiesRequests, fixture.double.assetsRequests * 2)
        XCTAssertLessThan(fixture.double.vulnerabilitiesRequests, truth.count / 10)
        // The first pull: includeSame and a last_scan_end criterion, no comparisonTime.
        let first = try XCTUnwrap(fixture.double.received.first { $0.endpoint == .assets })
        XCTAssertEqual(first.query["includeSame"], "true")
        XCTAssertNil(first.query["comparisonTime"])
        XCTAssertTrue(first.body.contains("last_scan_end >"), first.body)
        // Every record names its vulnerability's definition, or says it is missing.
        let known = Set(fixture.double.data.definitions.map(\.id))
        for record in rapid7Records(messages) {
            let finding = try XCTUnwrap(record["finding"] as? [String: Any])
            let id = try XCTUnwrap(finding["vulnerability_id"] as? String)
            XCTAssertEqual(record["vulnerability"] != nil, known.contains(id), id)
        }
    }

    func testAnAPIThatThrottlesFailsAndGarblesStillDeliversEveryFindingInOnePass() throws {
        for seed in [1, 2, 3] as [UInt64] {
            let chaos = SimulatedChaos(seed: seed, throttlePercent: 30, serverErrorPercent: 10, malformedPercent: 10, retryAfter: 0)
            let (fixture, rsyslog) = try rapid7AndRsyslog(assets: 40, findingsPerAsset: 6, chaos: chaos)
            try fixture.writeConfig(destination: rsyslog.tcpDestination(), connectors: [fixture.connector("hostile")])
            let (_, messages) = try runOnce(fixture, rsyslog)
            let received = rapid7UIDs(messages)
            XCTAssertEqual(Set(received), fixture.groundTruth, "seed \(seed)")
            let counts = fixture.double.chaosCounts
            XCTAssertGreaterThan(counts.throttled + counts.serverErrors + counts.malformed, 0, "seed \(seed): the double misbehaved")
        }
    }

    func testTheNextPassBringsOnlyTheNewAndTheRemediated() throws {
        let (fixture, rsyslog) = try rapid7AndRsyslog(assets: 30, findingsPerAsset: 6)
        try fixture.writeConfig(destination: rsyslog.tcpDestination(), connectors: [fixture.connector("r7")])
        let (_, firstMessages) = try runOnce(fixture, rsyslog)
        XCTAssertEqual(Set(rapid7UIDs(firstMessages)), fixture.groundTruth)
        let firstCount = firstMessages.count

        let now = Date().timeIntervalSince1970
        let added = Set(fixture.double.mutate { $0.addFindings(5, at: now) })
        let remediated = Set(fixture.double.mutate { $0.remediate(4, at: now, stride: 7) })
        fixture.double.resetCounters()
        let (_, all) = try runOnce(fixture, rsyslog, statsBefore: 1)
        let second = Array(all.dropFirst(firstCount))
        // A remediated finding keeps the `last_found` it had while active (Rapid7 did not find it again), so it
        // must reach the receiver as a new version of its uid; a journal keyed on (uid, last_found) alone would
        // take its Fixed record for a repeat of the Active one already delivered.
        let received = rapid7UIDs(second)
        XCTAssertEqual(Set(received), added.union(remediated),
                       "extra: \(Set(received).subtracting(added.union(remediated)).prefix(3)), missing: \(added.union(remediated).subtracting(received))")
        XCTAssertEqual(received.count, added.count + remediated.count)
        for record in rapid7Records(second) {
            let normalized = try XCTUnwrap(record["normalized"] as? [String: Any])
            let uid = try XCTUnwrap(normalized["uid"] as? String)
            XCTAssertEqual(normalized["status"] as? String, remediated.contains(uid) ? "Fixed" : "Active", uid)
        }
        try assertSchemaValid(second)
        let asked = try XCTUnwrap(fixture.double.received.first { $0.endpoint == .assets })
        XCTAssertNotNil(asked.query["comparisonTime"], "later passes ask for the changes since the cursor")
        XCTAssertNil(asked.query["includeSame"])
        XCTAssertLessThanOrEqual(fixture.double.definitionsServed.values.max() ?? 0, 1)
    }

    func testKillDashNineMidPassThenRestartMissesNothing() throws {
        let (fixture, rsyslog) = try rapid7AndRsyslog(assets: 150, findingsPerAsset: 8, pageLatency: 0.15)
        try fixture.writeConfig(destination: rsyslog.tcpDestination(), connectors: [fixture.connector("crash")])
        let truth = fixture.groundTruth
        let first = try CollectorProcess.start(["run", "--config", fixture.configPath, "--once"], environment: fixture.environment)
        XCTAssertTrue(try eventually(timeout: 30) { rapid7UIDs(try rsyslog.messages()).count >= 200 }, "records started arriving")
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        let beforeRestart = rapid7UIDs(try rsyslog.messages()).count
        XCTAssertLessThan(beforeRestart, truth.count, "the kill must land mid-pass for this test to mean anything")

        let (_, messages) = try runOnce(fixture, rsyslog)
        XCTAssertTrue(try eventually(timeout: 10) { Set(rapid7UIDs(try rsyslog.messages())).count == truth.count })
        let received = rapid7UIDs(try rsyslog.messages())
        XCTAssertEqual(Set(received), truth, "every finding arrived after the restart")
        // At-least-once: what comes twice is at most what the killed run had sent.
        XCTAssertLessThanOrEqual(received.count - truth.count, beforeRestart, "duplicates: \(received.count - truth.count)")
        let stats = try XCTUnwrap(statsRecords(messages).last)
        print("kill -9: \(beforeRestart) before the kill, \(received.count - truth.count) duplicates; stats \(stats)")
    }

    func testLogFiltersApplyToRapid7Records() throws {
        let (fixture, rsyslog) = try rapid7AndRsyslog(assets: 30, findingsPerAsset: 6)
        let rules = #""log_filters": {"rules": [{"field": "normalized.severity", "op": "eq", "value": "Low", "action": "drop"}, {"field": "asset.os_family", "op": "eq", "value": "Windows", "action": "drop"}]}"#
        try fixture.writeConfig(destination: rsyslog.tcpDestination(), connectors: [fixture.connector("filtered", extra: rules)])
        let (_, messages) = try runOnce(fixture, rsyslog)
        let records = rapid7Records(messages)
        XCTAssertFalse(records.isEmpty)
        for record in records {
            XCTAssertNotEqual((record["normalized"] as? [String: Any])?["severity"] as? String, "Low")
            XCTAssertNotEqual((record["asset"] as? [String: Any])?["os_family"] as? String, "Windows")
        }
        let stats = try XCTUnwrap(statsRecords(messages).last)
        XCTAssertGreaterThan(stats["filtered"] as? Int ?? 0, 0)
        XCTAssertEqual((stats["filtered"] as? Int ?? 0) + records.count, fixture.groundTruth.count, "\(stats)")
    }

    func testAboveCapacityOnlyTheLowestSeveritiesAreShed() throws {
        let (fixture, rsyslog) = try rapid7AndRsyslog(assets: 80, findingsPerAsset: 8)
        let data = fixture.double.data
        let severe = Set(data.findings.filter { finding in
            guard let definition = data.definition(finding.vulnerabilityId) else { return false }
            return definition.severityScore >= 7
        }.map(data.uid(of:))).intersection(fixture.groundTruth)
        let capacity = #"{"events_per_second": 300, "burst": 20, "max_queued_records": \#(severe.count + 20), "policy": "shed"}"#
        try fixture.writeConfig(destination: rsyslog.tcpDestination(#""capacity": \#(capacity)"#), connectors: [fixture.connector("burst")])
        let (_, messages) = try runOnce(fixture, rsyslog)
        let received = Set(rapid7UIDs(messages))
        let stats = try XCTUnwrap(statsRecords(messages).last)
        XCTAssertGreaterThan(stats["shed"] as? Int ?? 0, 0, "the burst must exceed capacity: \(stats)")
        XCTAssertEqual(received.count, stats["sent"] as? Int)
        XCTAssertTrue(severe.isSubset(of: received), "critical/high shed: \(severe.subtracting(received).count)")
        XCTAssertEqual(received.count + (stats["shed"] as? Int ?? 0), fixture.groundTruth.count, "\(stats)")
    }
}
