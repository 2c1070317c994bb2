import FindingsCollector
import Simulator
import Foundation
import XCTest

/// The real binary into a real syslog-ng: the receiver whose `network(transport("tcp"))` source reads RFC 3164
/// one message per line, and which split 2,000 octet-counted RFC 3164 records into 186 pieces.
final class SyslogNGTests: XCTestCase {
    private func fixtureAndSyslogNG(_ findings: SyntheticFindings, source: SyslogNGSource,
                                    overrides: [Int: [UInt8]] = [:]) throws -> (CollectorFixture, SyslogNGReceiver) {
        let fixture = try CollectorFixture(findings: findings, overrides: overrides)
        addTeardownBlock { fixture.remove() }
        let receiver = try SyslogNGReceiver(source)
        addTeardownBlock { receiver.stop() }
        return (fixture, receiver)
    }

    /// `run --once`, then the messages syslog-ng wrote once their count has not changed for a second (a split
    /// stream has no known message count to wait for).
    private func runOnce(_ fixture: CollectorFixture, into receiver: SyslogNGReceiver,
                         file: StaticString = #filePath, line: UInt = #line) throws -> [SyslogNGMessage] {
        let run = try CollectorProcess.run(["run", "--config", fixture.configPath, "--once"], timeout: 120)
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        var settled = try receiver.messages()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            usleep(1_000_000)
            let now = try receiver.messages()
            if now.count == settled.count && !now.isEmpty { break }
            settled = now
        }
        return settled
    }

    private func uid(_ record: [String: Any]) -> String? { (record["normalized"] as? [String: Any])?["uid"] as? String }

    func testRFC3164WithDefaultFramingArrivesWholeAtSyslogNG() throws {
        for seed: UInt64 in [1, 42] {
            let count = 2_000
            let findings = SyntheticFindings(count: count, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 5,
                                             seed: seed)
            let (fixture, syslogNG) = try fixtureAndSyslogNG(findings, source: .rfc3164Lines)
            // No "framing" key: RFC 3164 must default to LF, what syslog-ng's network() source reads.
            try fixture.writeConfig(destination: syslogNG.tcpDestination(#""format": "rfc3164", "facility": "local5""#),
                                    connectors: [fixture.connector("legacy-\(seed)")])
            let messages = try runOnce(fixture, into: syslogNG)
            XCTAssertEqual(messages.count, count + 1, "seed \(seed): \(count) findings and the stats record, each "
                           + "one message; syslog-ng said: \(syslogNG.diagnostics())")
            let records = messages.compactMap(\.record)
            XCTAssertEqual(records.count, messages.count, "seed \(seed): every message is one whole JSON record")
            XCTAssertTrue(messages.allSatisfy { $0.program == "findings-collector" && $0.facility == "local5" },
                          "seed \(seed): every RFC 3164 header parsed")
            let findingRecords = records.filter { $0["msg_class"] as? String == "aws_inspector_finding" }
            XCTAssertEqual(findingRecords.count, count, "seed \(seed)")
            XCTAssertEqual(Set(findingRecords.compactMap(uid)), Set((0..<count).map { findings.arn(at: $0) }), "seed \(seed)")
            XCTAssertEqual(records.filter { $0["msg_class"] as? String == "collector_stats" }.count, 1, "seed \(seed)")
        }
    }

    /// The bug the LF default fixes, seen through the same harness: octet-counted RFC 3164 is not what
    /// syslog-ng's network() source reads, so the records do not arrive as 2,000 whole messages.
    func testRFC3164WithOctetCountingIsSplitBySyslogNGAndCheckConfigWarns() throws {
        let count = 2_000
        let findings = SyntheticFindings(count: count, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 5)
        let (fixture, syslogNG) = try fixtureAndSyslogNG(findings, source: .rfc3164Lines)
        try fixture.writeConfig(destination: syslogNG.tcpDestination(#""format": "rfc3164", "framing": "octet_counting""#),
                                connectors: [fixture.connector("counted")])

        let check = try CollectorProcess.run(["check-config", "--config", fixture.configPath])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("warning: destinations.siem sends RFC 3164 with octet_counting framing"),
                      check.stdout)
        XCTAssertTrue(check.stdout.contains("split octet-counted frames; use framing lf"), check.stdout)

        let messages = try runOnce(fixture, into: syslogNG)
        XCTAssertFalse(messages.isEmpty, "syslog-ng received nothing: \(syslogNG.diagnostics())")
        let whole = messages.compactMap(\.record).filter { $0["msg_class"] as? String == "aws_inspector_finding" }
        XCTAssertLessThan(whole.count, count, "octet-counted RFC 3164 arrived whole: the harness cannot see the bug")
        XCTAssertNotEqual(messages.count, count + 1, "one message per record despite octet counting")
    }

    /// The default max_message_size (8096) holds on TCP too: a finding with 700 packages is reduced to fit,
    /// and arrives whole at a syslog-ng with its default log-msg-size (65536) among 24 ordinary ones.
    func testOversizeFindingIsReducedByDefaultAndArrivesWholeAtSyslogNG() throws {
        let count = 25
        let findings = SyntheticFindings(count: count, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 20)
        let big = try XCTUnwrap((0..<count).first { findings.findingType(at: $0) == "PACKAGE_VULNERABILITY" })
        let (fixture, syslogNG) = try fixtureAndSyslogNG(findings, source: .rfc5424OctetCounted,
                                                         overrides: [big: try withPackages(700, findings.finding(at: big))])
        try fixture.writeConfig(destination: syslogNG.tcpDestination(), connectors: [fixture.connector("big")])

        let messages = try runOnce(fixture, into: syslogNG)
        XCTAssertEqual(messages.count, count + 1, "syslog-ng said: \(syslogNG.diagnostics())")
        let records = messages.compactMap(\.record)
        XCTAssertEqual(records.count, messages.count, "every message is one whole JSON record")
        let findingRecords = records.filter { $0["msg_class"] as? String == "aws_inspector_finding" }
        XCTAssertEqual(Set(findingRecords.compactMap(uid)), Set((0..<count).map { findings.arn(at: $0) }))
        XCTAssertEqual(Set(messages.compactMap(\.msgId)), ["aws_inspector_finding", "collector_stats"])
        XCTAssertTrue(messages.allSatisfy { $0.msg.utf8.count <= 8096 }, "no message above the default limit")

        let bigRecord = try XCTUnwrap(findingRecords.first { uid($0) == findings.arn(at: big) })
        let reduced = try XCTUnwrap(bigRecord["reduced"] as? [String: Any], "the 700-package finding is marked reduced")
        XCTAssertEqual(reduced["finding_omitted"] as? Bool, true)
        XCTAssertGreaterThan(reduced["original_bytes"] as? Int ?? 0, 8096)
        // Records carry the fuller `normalized` of issue #12, so a few ordinary findings of 4–5 KiB no longer fit
        // 8096 bytes whole: they lose only their `finding`; nothing but the 700-package finding needs more.
        let others = findingRecords.filter { $0["reduced"] != nil && uid($0) != findings.arn(at: big) }
        XCTAssertLessThanOrEqual(others.count, count / 5, "most ordinary findings fit whole")
        for record in others {
            XCTAssertEqual((record["reduced"] as? [String: Any])?.keys.sorted(), ["finding_omitted", "original_bytes"])
        }
        let stats = try XCTUnwrap(records.first { $0["msg_class"] as? String == "collector_stats" })
        XCTAssertGreaterThanOrEqual(stats["reduced"] as? Int ?? 0, 1, "\(stats)")
        XCTAssertEqual(stats["sent"] as? Int, count)
    }

    /// `finding` with `packageVulnerabilityDetails.vulnerablePackages` replaced by `n` packages shaped like
    /// its first one (distinct names), serialized again. ARN and updatedAt are untouched.
    private func withPackages(_ n: Int, _ finding: [UInt8]) throws -> [UInt8] {
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(finding)) as? [String: Any])
        var details = try XCTUnwrap(object["packageVulnerabilityDetails"] as? [String: Any])
        let model = try XCTUnwrap((details["vulnerablePackages"] as? [[String: Any]])?.first)
        details["vulnerablePackages"] = (0..<n).map { index -> [String: Any] in
            var package = model
            package["name"] = "synthetic-package-\(index)"
            return package
        }
        object["packageVulnerabilityDetails"] = details
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes]))
    }
}
