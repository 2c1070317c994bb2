import FindingsCollector
import Simulator
import Foundation
import XCTest

/// `findings-collector status` with the real binary: from the state directory after `run --once` against the
/// Inspector2 double, and from a running daemon's /metrics (then, once it is stopped, from the state directory again).
final class StatusCommandTests: XCTestCase {
    func testStateDirectoryModeShowsEachRegionsCursorAndAWindowInProgress() throws {
        let count = 60
        let findings = SyntheticFindings(count: count, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 30)
        let fixture = try CollectorFixture(findings: findings)
        defer { fixture.remove() }
        let receiver = try LoopbackSyslogReceiver { _ in }
        defer { receiver.stop() }
        let destination = #"{"protocol": "tcp", "host": "127.0.0.1", "port": \#(receiver.port)}"#
        try fixture.writeConfig(destination: destination, connectors: [fixture.connector("pulled")])
        let run = try CollectorProcess.run(["run", "--config", fixture.configPath, "--once"], timeout: 30)
        XCTAssertEqual(run.status, 0, run.stderr)

        // A second connector that never ran, and a window of the first left in progress.
        try fixture.writeConfig(destination: destination, connectors: [fixture.connector("pulled"), fixture.connector("never-ran")])
        let state = fixture.directory.appendingPathComponent("state/cursors/pulled")
        let cursor = try XCTUnwrap(try CheckpointStore(directory: fixture.directory.path + "/state")
            .cursor(connector: "pulled", region: "us-east-1"), "run --once saved no cursor")
        let status = try CollectorProcess.run(["status", "--config", fixture.configPath])
        XCTAssertEqual(status.status, 0, status.stderr)
        let lines = status.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.first?.hasPrefix("source: state directory \(fixture.directory.path)/state (metrics.listen is not configured)") ?? false,
                      status.stdout)
        let cursorLine = try XCTUnwrap(line(after: "pulled → siem", containing: "us-east-1", in: lines), status.stdout)
        XCTAssertTrue(cursorLine.contains("cursor \(StatusCommandFormat.timestamp(cursor))"), cursorLine)
        XCTAssertFalse(cursorLine.contains("in progress"), "run --once finished its window: \(cursorLine)")
        let neverRan = try XCTUnwrap(line(after: "never-ran → siem", containing: "us-east-1", in: lines), status.stdout)
        XCTAssertTrue(neverRan.contains("no cursor yet"), neverRan)

        // A journal whose header names a listing still open: start (the cursor), then a later end.
        var header = Data()
        for bound in [cursor, cursor + 3600] { withUnsafeBytes(of: bound.bitPattern.littleEndian) { header.append(contentsOf: $0) } }
        FileManager.default.createFile(atPath: state.appendingPathComponent("us-east-1.delivered").path, contents: header)
        let again = try CollectorProcess.run(["status", "--config", fixture.configPath])
        let inProgress = line(after: "pulled → siem", containing: "us-east-1", in: again.stdout.split(separator: "\n").map(String.init))
        XCTAssertTrue(inProgress?.contains("window in progress") ?? false, again.stdout)
    }

    func testDaemonModeReadsTheRunningDaemonsMetricsThenFallsBackWhenItStops() throws {
        let count = 90
        let findings = SyntheticFindings(count: count, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 30)
        let fixture = try CollectorFixture(findings: findings)
        defer { fixture.remove() }
        let receiver = try LoopbackSyslogReceiver { _ in }
        defer { receiver.stop() }
        let (daemon, port) = try fixture.startDaemonWithMetrics(connector: "live", receiverPort: receiver.port)
        defer {
            if daemon.process.isRunning {
                kill(daemon.process.processIdentifier, SIGTERM)
                daemon.process.waitUntilExit()
            }
        }
        let low = (0..<count).filter { findings.severity(at: $0) == "LOW" }.count
        var status = CollectorProcess.Result(status: -1, stdout: "", stderr: "")
        let settled = try eventually(timeout: 20) {
            status = try CollectorProcess.run(["status", "--config", fixture.configPath])
            return status.stdout.contains("pulled \(count),") && status.stdout.contains("last pass  succeeded")
        }
        XCTAssertTrue(settled, "status never showed the pass:\n\(status.stdout)\n\(status.stderr)\n\(daemon.stderrText)")
        XCTAssertEqual(status.status, 0)
        XCTAssertTrue(status.stdout.hasPrefix("source: running daemon (http://127.0.0.1:\(port)/metrics)"), status.stdout)
        XCTAssertTrue(status.stdout.contains("pulled \(count), sent \(count - low), filtered \(low), shed 0, deferred 0, failed 0"),
                      status.stdout)
        // Passes repeat every 3 s, so bracket one status run by what the double served; the daemon counts a request
        // when its answer arrives, so at most one request (in flight) may be missing from its count.
        let servedBefore = fixture.simulator.double.listRequestCount
        let bracketed = try CollectorProcess.run(["status", "--config", fixture.configPath])
        let servedAfter = fixture.simulator.double.listRequestCount
        let shown = try XCTUnwrap(requestCounts(in: bracketed.stdout), bracketed.stdout)
        XCTAssertEqual(shown.total, shown.ok, "every request to the double answered 200:\n\(bracketed.stdout)")
        XCTAssertTrue((servedBefore - 1...servedAfter).contains(shown.ok),
                      "status shows \(shown.ok) requests; the double served \(servedBefore)…\(servedAfter)")
        XCTAssertTrue(status.stdout.contains("record(s) waiting for siem"), status.stdout)
        XCTAssertTrue(status.stdout.contains(" behind"), "cursor lag per region:\n\(status.stdout)")

        kill(daemon.process.processIdentifier, SIGTERM)
        daemon.process.waitUntilExit()
        let stopped = try CollectorProcess.run(["status", "--config", fixture.configPath])
        XCTAssertEqual(stopped.status, 0, stopped.stderr)
        XCTAssertTrue(stopped.stdout.hasPrefix("source: state directory"), stopped.stdout)
        XCTAssertTrue(stopped.stdout.contains("no daemon answered at http://127.0.0.1:\(port)/metrics"), stopped.stdout)
        XCTAssertTrue(stopped.stdout.contains("us-east-1  cursor "), stopped.stdout)
    }

    func testAnInvalidConfigExitsTwo() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("status-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: directory) }
        try #"{"destinations": {}, "connectors": []}"#.write(to: directory, atomically: true, encoding: .utf8)
        let status = try CollectorProcess.run(["status", "--config", directory.path])
        XCTAssertEqual(status.status, 2)
        XCTAssertTrue(status.stderr.contains("destinations"), status.stderr)
    }

    /// The numbers of `api        requests N (200: M), …`.
    private func requestCounts(in text: String) -> (total: Int, ok: Int)? {
        guard let start = text.range(of: "requests ")?.upperBound else { return nil }
        let words = text[start...].prefix { $0 != "," && $0 != "\n" }
            .split(whereSeparator: { " ():".contains($0) })
        guard words.count >= 3, words[1] == "200", let total = Int(words[0]), let ok = Int(words[2]) else { return nil }
        return (total, ok)
    }

    /// The first line after the one starting with `header` that contains `text`, before the next connector's header.
    private func line(after header: String, containing text: String, in lines: [String]) -> String? {
        guard let start = lines.firstIndex(where: { $0.hasPrefix(header) }) else { return nil }
        return lines[(start + 1)...].prefix { $0.hasPrefix(" ") }.first { $0.contains(text) }
    }
}

/// The timestamp form `status` prints (RFC 3339, whole seconds, UTC).
enum StatusCommandFormat {
    static func timestamp(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
