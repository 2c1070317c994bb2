import FindingsCollector
import Simulator
import Foundation
import XCTest

/// Log filters and destination capacity with the real binary into rsyslog: what arrives, what is counted.
final class CapacityAndFilterTests: XCTestCase {
    private let severityRank = ["INFORMATIONAL": 0, "UNTRIAGED": 0, "LOW": 2, "MEDIUM": 3, "HIGH": 4, "CRITICAL": 5]

    private func assertBalanced(_ stats: [String: Any], file: StaticString = #filePath, line: UInt = #line) {
        let buckets = ["sent", "filtered", "shed", "deferred", "failed", "duplicates"].map { stats[$0] as? Int ?? -1 }
        XCTAssertEqual(stats["pulled"] as? Int, buckets.reduce(0, +), "pulled = sent + filtered + shed + deferred + failed + duplicates: \(stats)",
                       file: file, line: line)
    }

    /// `run --once`, then what rsyslog received and the pass's stats record (checked for balance).
    private func runOnce(_ fixture: CollectorFixture, into rsyslog: RsyslogReceiver,
                         file: StaticString = #filePath, line: UInt = #line) throws -> ([ReceivedSyslog], [String: Any]) {
        let run = try CollectorProcess.run(["run", "--config", fixture.configPath, "--once"], timeout: 60)
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        XCTAssertTrue(try eventually(timeout: 10) { statsRecords(try rsyslog.messages()).count == 1 }, file: file, line: line)
        let messages = try rsyslog.messages()
        let stats = try XCTUnwrap(statsRecords(messages).first, file: file, line: line)
        assertBalanced(stats, file: file, line: line)
        return (messages, stats)
    }

    func testABurstAboveCapacityShedsOnlyTheLowestPriority() throws {
        let count = 800
        let findings = SyntheticFindings(count: count, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 20)
        let important = (0..<count).filter { ["CRITICAL", "HIGH"].contains(findings.severity(at: $0)) }
        let (fixture, rsyslog) = try collectorAndRsyslog(findings)
        // Room for every critical/high finding but far from all; sending is rate-limited so the queue fills.
        let capacity = #"{"events_per_second": 400, "burst": 20, "max_queued_records": \#(important.count + 20), "policy": "shed"}"#
        try fixture.writeConfig(destination: rsyslog.tcpDestination(#""capacity": \#(capacity)"#), connectors: [fixture.connector("burst")])

        let (messages, stats) = try runOnce(fixture, into: rsyslog)
        let received = Set(findingUIDs(messages))
        XCTAssertEqual(received.count, stats["sent"] as? Int)
        XCTAssertGreaterThan(stats["shed"] as? Int ?? 0, 0, "the burst must exceed capacity for this test to mean anything")
        for index in important {
            XCTAssertTrue(received.contains(findings.arn(at: index)), "\(findings.severity(at: index)) finding shed")
        }
        // Whatever was shed ranks below everything critical or high.
        let shed = (0..<count).filter { !received.contains(findings.arn(at: $0)) }
        XCTAssertEqual(shed.count, stats["shed"] as? Int)
        XCTAssertTrue(shed.allSatisfy { severityRank[findings.severity(at: $0)]! < 4 })
        let shedBySeverity = try XCTUnwrap(stats["shed_by_severity"] as? [String: Int])
        XCTAssertNil(shedBySeverity["Critical"])
        XCTAssertNil(shedBySeverity["High"])
    }

    func testDeferLosesNothingOverSeveralIntervals() throws {
        let count = 300
        let findings = SyntheticFindings(count: count, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 20)
        let (fixture, rsyslog) = try collectorAndRsyslog(findings)
        let capacity = #"{"events_per_second": 300, "burst": 10, "max_queued_records": 70, "policy": "defer"}"#
        try fixture.writeConfig(destination: rsyslog.tcpDestination(#""capacity": \#(capacity)"#), connectors: [fixture.connector("slow")])

        var passes = 0
        var finished = false
        while passes < 10, !finished {
            passes += 1
            let run = try CollectorProcess.run(["run", "--config", fixture.configPath, "--once"], timeout: 60)
            finished = run.status == 0
            XCTAssertTrue(finished || run.stderr.contains("deferred"), run.stderr)
        }
        XCTAssertTrue(finished, "all deferred findings went out within 10 intervals")
        XCTAssertGreaterThan(passes, 2, "the queue is small: deferring must have happened")
        XCTAssertTrue(try eventually(timeout: 10) { statsRecords(try rsyslog.messages()).count == passes })
        let messages = try rsyslog.messages()
        let received = findingUIDs(messages)
        XCTAssertEqual(Set(received), Set((0..<count).map { findings.arn(at: $0) }), "nothing lost")
        XCTAssertEqual(received.count, count, "nothing twice")
        for stats in statsRecords(messages) { assertBalanced(stats) }
    }

    func testLogFiltersDropWhatTheyMatchAndCountItPerRule() throws {
        let count = 300
        let findings = SyntheticFindings(count: count, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 20)
        let (fixture, rsyslog) = try collectorAndRsyslog(findings)
        let filters = #"""
        "log_filters": {"default": "keep", "rules": [
          {"field": "finding.resources[].type", "op": "eq", "value": "AWS_LAMBDA_FUNCTION", "action": "drop"},
          {"field": "normalized.severity", "op": "in", "value": ["Low", "None"], "action": "drop"}]}
        """#
        try fixture.writeConfig(destination: rsyslog.tcpDestination(),
                                connectors: [fixture.connector("filtered", extra: filters)])
        let (messages, stats) = try runOnce(fixture, into: rsyslog)
        let lambda = (0..<count).filter { findings.resourceType(at: $0) == "AWS_LAMBDA_FUNCTION" }
        let received = Set(findingUIDs(messages))
        XCTAssertTrue(lambda.allSatisfy { !received.contains(findings.arn(at: $0)) }, "a Lambda finding got through")
        let byRule = try XCTUnwrap(stats["filtered_by_rule"] as? [String: Int])
        XCTAssertEqual(byRule.first { $0.key.contains("rules[0]") }?.value, lambda.count, "\(byRule)")
        XCTAssertGreaterThan(byRule.first { $0.key.contains("rules[1]") }?.value ?? 0, 0, "\(byRule)")
        XCTAssertEqual(received.count + (stats["filtered"] as? Int ?? 0), count)
    }
}

/// Parallel paging through the real binary: every finding once, whatever the partition it came from.
final class PartitionedListingTests: XCTestCase {
    func testPartitionedListingDeliversEveryFindingExactlyOnce() throws {
        let count = 1000
        let findings = SyntheticFindings(count: count, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 20)
        let (fixture, rsyslog) = try collectorAndRsyslog(findings, pageLatency: 0.03)
        try fixture.writeConfig(destination: rsyslog.tcpDestination(),
                                connectors: [fixture.connector("parallel",
                                                               extra: #""partitions": {"by": ["severity", "resource_type"], "max_concurrency": 6}"#)])
        let run = try CollectorProcess.run(["run", "--config", fixture.configPath, "--once"], timeout: 60)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(try eventually(timeout: 10) { statsRecords(try rsyslog.messages()).count == 1 })
        let received = findingUIDs(try rsyslog.messages())
        XCTAssertEqual(received.count, count, "none twice")
        XCTAssertEqual(Set(received), Set((0..<count).map { findings.arn(at: $0) }), "none missing")
        XCTAssertGreaterThan(fixture.simulator.double.listRequestCount, 42, "one listing per partition (7 × 6 slices)")
    }
}

/// Legacy receivers: RFC 3164 with LF framing through the real binary, parsed by rsyslog.
final class LegacyFormatTests: XCTestCase {
    func testRFC3164WithLFFramingArrivesWhole() throws {
        let count = 150
        let findings = SyntheticFindings(count: count, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 20)
        let (fixture, rsyslog) = try collectorAndRsyslog(findings)
        try fixture.writeConfig(destination: #"""
            {"protocol": "tcp", "host": "127.0.0.1", "port": \#(rsyslog.tcpPort), "format": "rfc3164", "framing": "lf",
             "facility": "local5"}
            """#, connectors: [fixture.connector("legacy")])
        let run = try CollectorProcess.run(["run", "--config", fixture.configPath, "--once"], timeout: 60)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(try eventually(timeout: 10) { try rsyslog.messages().count == count + 1 })
        var uids: Set<String> = []
        for message in try rsyslog.messages() {
            XCTAssertEqual(message.protocolVersion, "0", "parsed as RFC 3164")
            XCTAssertEqual(message.appName, "findings-collector")
            XCTAssertEqual(message.facility, "local5")
            // rsyslog keeps the space after "TAG[PID]:" in msg; the rest is the record, whole.
            let record = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(message.msg.drop { $0 == " " }.utf8)) as? [String: Any])
            if let uid = (record["normalized"] as? [String: Any])?["uid"] as? String { uids.insert(uid) }
        }
        XCTAssertEqual(uids, Set((0..<count).map { findings.arn(at: $0) }))
    }
}
