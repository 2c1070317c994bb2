import FindingsCollector
import Simulator
import Foundation
import XCTest

/// The daemon as an operator runs it: signals, reloads, crashes, and a receiver that goes away.
final class DaemonTests: XCTestCase {
    func testKillDashNineMidRunLosesNothing() throws {
        let findings = SyntheticFindings(count: 1500, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 20)
        let (fixture, rsyslog) = try collectorAndRsyslog(findings, pageLatency: 0.08)
        try fixture.writeConfig(destination: rsyslog.tcpDestination(), connectors: [fixture.connector("crash")])

        let first = try CollectorProcess.start(["run", "--config", fixture.configPath, "--once"])
        XCTAssertTrue(try eventually(timeout: 20) { findingUIDs(try rsyslog.messages()).count >= 300 }, "records started arriving")
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        let beforeRestart = findingUIDs(try rsyslog.messages()).count
        XCTAssertLessThan(beforeRestart, 1500, "the kill must land mid-run for this test to mean anything")

        let second = try CollectorProcess.run(["run", "--config", fixture.configPath, "--once"], timeout: 60)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(try eventually(timeout: 10) { Set(findingUIDs(try rsyslog.messages())).count == 1500 })
        let received = findingUIDs(try rsyslog.messages())
        let expected = Set((0..<1500).map { findings.arn(at: $0) })
        XCTAssertEqual(Set(received), expected, "every finding arrived after the restart")
        // At-least-once: duplicates are bounded by the unconfirmed part of one sub-window, not the whole history.
        XCTAssertLessThanOrEqual(received.count - expected.count, 1024, "duplicates: \(received.count - expected.count)")
    }

    func testReceiverStoppedForAWhileMidRunLosesNothing() throws {
        let findings = SyntheticFindings(count: 1000, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 20)
        let (fixture, rsyslog) = try collectorAndRsyslog(findings, pageLatency: 0.05)
        try fixture.writeConfig(destination: rsyslog.tcpDestination(), connectors: [fixture.connector("outage")])

        let run = try CollectorProcess.start(["run", "--config", fixture.configPath, "--once"])
        XCTAssertTrue(try eventually(timeout: 20) { findingUIDs(try rsyslog.messages()).count >= 200 })
        rsyslog.stop()
        Thread.sleep(forTimeInterval: 2)
        try rsyslog.start()
        XCTAssertTrue(eventually(timeout: 60) { !run.process.isRunning }, "the run finishes once the receiver is back")
        run.process.waitUntilExit()
        let result = run.result()
        XCTAssertEqual(result.status, 0, result.stderr)
        let complete = try eventually(timeout: 10) { Set(findingUIDs(try rsyslog.messages())).count == 1000 }
        let arrived = Set(findingUIDs(try rsyslog.messages())).count
        XCTAssertTrue(complete, "missing: \(1000 - arrived)")
    }

    func testSIGTERMStopsPullingDrainsAndExitsZero() throws {
        let findings = SyntheticFindings(count: 2000, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 20)
        let (fixture, rsyslog) = try collectorAndRsyslog(findings, pageLatency: 0.1)
        try fixture.writeConfig(destination: rsyslog.tcpDestination(), connectors: [fixture.connector("term")])

        let daemon = try CollectorProcess.start(["run", "--config", fixture.configPath])
        XCTAssertTrue(try eventually(timeout: 20) { findingUIDs(try rsyslog.messages()).count >= 200 })
        let stoppedAt = Date()
        kill(daemon.process.processIdentifier, SIGTERM)
        XCTAssertTrue(eventually(timeout: 10) { !daemon.process.isRunning }, "exits within the shutdown timeout")
        daemon.process.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(stoppedAt), 8)
        let result = daemon.result()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("msg=stopped signal=SIGTERM"), result.stderr)
        let afterStop = findingUIDs(try rsyslog.messages()).count
        XCTAssertLessThan(afterStop, 2000, "pulling stopped before the end of the listing")
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertEqual(findingUIDs(try rsyslog.messages()).count, afterStop, "nothing is sent after exit")

        // The next start resumes the window and completes it without re-sending what was delivered.
        let resume = try CollectorProcess.run(["run", "--config", fixture.configPath, "--once"], timeout: 60)
        XCTAssertEqual(resume.status, 0, resume.stderr)
        XCTAssertTrue(try eventually(timeout: 10) { Set(findingUIDs(try rsyslog.messages())).count == 2000 })
        XCTAssertEqual(findingUIDs(try rsyslog.messages()).count, 2000,
                       "nothing twice: what the shutdown drain delivered was journaled and suppressed on resume")
    }

    func testSIGHUPReloadsAGoodConfigAndKeepsTheOldOneOnABadConfig() throws {
        let findings = SyntheticFindings(count: 50, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 20)
        let (fixture, rsyslog) = try collectorAndRsyslog(findings)
        try fixture.writeConfig(destination: rsyslog.tcpDestination(), connectors: [fixture.connector("first", tenant: "one")])

        let daemon = try CollectorProcess.start(["run", "--config", fixture.configPath])
        defer { if daemon.process.isRunning { kill(daemon.process.processIdentifier, SIGKILL) } }
        XCTAssertTrue(try eventually(timeout: 20) { findingUIDs(try rsyslog.messages()).count == 50 })

        // A bad config is rejected with its reason; the daemon keeps running the old one.
        try "{ not json".write(toFile: fixture.configPath, atomically: true, encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        XCTAssertTrue(eventually(timeout: 10) { daemon.stderrText.contains("reload rejected") }, daemon.stderrText)
        XCTAssertTrue(daemon.process.isRunning)

        // A good config adds a second connector, which starts pulling.
        try fixture.writeConfig(destination: rsyslog.tcpDestination(),
                                connectors: [fixture.connector("first", tenant: "one"), fixture.connector("second", tenant: "two")])
        kill(daemon.process.processIdentifier, SIGHUP)
        XCTAssertTrue(try eventually(timeout: 20) {
            try rsyslog.messages().contains { $0.msgId == "aws_inspector_finding" && $0.msg.contains("\"tenant\":\"two\"") }
        }, daemon.stderrText)
        XCTAssertTrue(daemon.stderrText.contains("config reloaded"))
        XCTAssertEqual(findingUIDs(try rsyslog.messages()).count, 100, "the first connector's cursor survived the reload")

        kill(daemon.process.processIdentifier, SIGTERM)
        daemon.process.waitUntilExit()
        XCTAssertEqual(daemon.process.terminationStatus, 0)
    }

    func testATickDuringARunningPassIsSkippedAndLoggedNotStacked() throws {
        // interval_minutes 0.05 (3 s) against a pass of ≥ 4 s: four pages, one second each.
        let findings = SyntheticFindings(count: 400, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 20)
        let fixture = try CollectorFixture(findings: findings, pageLatency: 1)
        defer { fixture.remove() }
        let receiver = try LoopbackSyslogReceiver { _ in }
        defer { receiver.stop() }
        try fixture.writeConfig(destination: #"{"protocol": "tcp", "host": "127.0.0.1", "port": \#(receiver.port)}"#,
                                connectors: [fixture.connector("slow")])
        let daemon = try CollectorProcess.start(["run", "--config", fixture.configPath])
        defer {
            kill(daemon.process.processIdentifier, SIGTERM)
            daemon.process.waitUntilExit()
        }
        XCTAssertTrue(eventually(timeout: 20) { daemon.stderrText.contains("skipping ticks instead of stacking passes") },
                      daemon.stderrText)
        let passes = daemon.stderrText.components(separatedBy: "msg=\"pass complete\"").count - 1
        XCTAssertEqual(passes, 1, "one pass so far: the missed tick did not start a second one alongside")
    }
}
