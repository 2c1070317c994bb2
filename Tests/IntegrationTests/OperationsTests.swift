import FindingsCollector
import Simulator
import Foundation
import XCTest
import TestSupport

/// What an operator sees of a running daemon: systemd notifications, /metrics, and TLS configured by config.
final class OperationsTests: XCTestCase {
    func testNotifyProtocolReadyWatchdogReloadingStoppingInOrder() throws {
        let findings = SyntheticFindings(count: 20, newestUpdatedAt: Date().addingTimeInterval(-600))
        let fixture = try CollectorFixture(findings: findings)
        defer { fixture.remove() }
        let receiver = try LoopbackSyslogReceiver { _ in }
        defer { receiver.stop() }
        try fixture.writeConfig(destination: #"{"protocol": "tcp", "host": "127.0.0.1", "port": \#(receiver.port)}"#,
                                connectors: [fixture.connector("notify")])
        let socket = try NotifySocket(path: fixture.directory.appendingPathComponent("notify.sock").path)
        defer { socket.close() }
        let daemon = try CollectorProcess.start(["run", "--config", fixture.configPath],
                                                environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "400000"])
        defer { if daemon.process.isRunning { kill(daemon.process.processIdentifier, SIGKILL) } }
        var datagrams: [String] = []
        func receive(until predicate: (String) -> Bool) {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                if let message = socket.receive(timeout: 0.2) {
                    datagrams.append(message)
                    if predicate(message) { return }
                }
            }
        }
        receive { $0.contains("READY=1") }
        receive { $0.contains("WATCHDOG=1") }
        kill(daemon.process.processIdentifier, SIGHUP)
        receive { $0.contains("RELOADING=1") }
        receive { $0.contains("READY=1") }
        kill(daemon.process.processIdentifier, SIGTERM)
        receive { $0.contains("STOPPING=1") }
        daemon.process.waitUntilExit()
        XCTAssertEqual(daemon.process.terminationStatus, 0)

        let order = ["READY=1", "WATCHDOG=1", "RELOADING=1", "READY=1", "STOPPING=1"]
        var position = 0
        for message in datagrams where position < order.count && message.contains(order[position]) { position += 1 }
        XCTAssertEqual(position, order.count, "notifications out of order or missing: \(datagrams)")
        XCTAssertTrue(datagrams.first { $0.contains("RELOADING=1") }?.contains("MONOTONIC_USEC=") ?? false)
    }

    func testMetricsScrapedAfterAPassEqualTheDoublesNumbersAndParseAsPrometheus() throws {
        let count = 240
        let findings = SyntheticFindings(count: count, newestUpdatedAt: Date().addingTimeInterval(-600), spacing: 30)
        let fixture = try CollectorFixture(findings: findings)
        defer { fixture.remove() }
        let receiver = try LoopbackSyslogReceiver { _ in }
        defer { receiver.stop() }
        let (daemon, port) = try fixture.startDaemonWithMetrics(connector: "scraped", receiverPort: receiver.port)
        defer {
            kill(daemon.process.processIdentifier, SIGTERM)
            daemon.process.waitUntilExit()
        }
        let low = (0..<count).filter { findings.severity(at: $0) == "LOW" }.count
        var text = ""
        let scraped = eventually(timeout: 20) {
            text = (try? String(contentsOf: URL(string: "http://127.0.0.1:\(port)/metrics")!, encoding: .utf8)) ?? ""
            return text.contains(#"findings_collector_findings_pulled_total{connector="scraped"} \#(count)"#)
        }
        XCTAssertTrue(scraped, "pulled counter never reached \(count):\n\(text)\n\(daemon.stderrText)")
        let families = try parsePrometheus(text)
        XCTAssertEqual(families["findings_collector_findings_pulled_total"]?["connector=scraped"], Double(count))
        XCTAssertEqual(families["findings_collector_findings_sent_total"]?["connector=scraped"], Double(count - low))
        let filtered = families["findings_collector_findings_filtered_total"]?.values.reduce(0, +)
        XCTAssertEqual(filtered, Double(low))
        let requests = families["findings_collector_api_requests_total"]?.filter { $0.key.contains("status=200") }.values.reduce(0, +)
        XCTAssertEqual(requests, Double(fixture.simulator.double.listRequestCount), "API requests equal what the double served")
        XCTAssertNotNil(families["findings_collector_page_latency_seconds_count"])
    }

    func testAReloadThatMovesTheMetricsAddressMovesTheEndpoint() throws {
        let findings = SyntheticFindings(count: 30, newestUpdatedAt: Date().addingTimeInterval(-600))
        let fixture = try CollectorFixture(findings: findings)
        defer { fixture.remove() }
        let receiver = try LoopbackSyslogReceiver { _ in }
        defer { receiver.stop() }
        let (daemon, first) = try fixture.startDaemonWithMetrics(connector: "moving", receiverPort: receiver.port)
        defer {
            kill(daemon.process.processIdentifier, SIGTERM)
            daemon.process.waitUntilExit()
        }
        func scrape(_ port: Int) -> String? { try? String(contentsOf: URL(string: "http://127.0.0.1:\(port)/metrics")!, encoding: .utf8) }
        XCTAssertTrue(eventually(timeout: 10) { scrape(first)?.contains("findings_collector_build_info") ?? false }, daemon.stderrText)
        let second = try LoopbackPort.free()
        try fixture.writeConfig(destination: #"{"protocol": "tcp", "host": "127.0.0.1", "port": \#(receiver.port)}"#,
                                connectors: [fixture.connector("moving")],
                                extraTopLevel: #", "metrics": {"listen": "127.0.0.1:\#(second)"}"#)
        kill(daemon.process.processIdentifier, SIGHUP)
        XCTAssertTrue(eventually(timeout: 10) { scrape(second)?.contains("findings_collector_findings_pulled_total") ?? false },
                      daemon.stderrText)
        XCTAssertNil(scrape(first), "the old address is closed")
    }

    func testTLSDestinationFromConfigDeliversToRsyslog() throws {
        let pki = try TestCertificates()
        let rsyslog = try RsyslogReceiver(udp: false, tls: RsyslogTLSInput(
            caFile: pki.path("ca.pem"), certificateFile: pki.path("server.pem"), keyFile: pki.path("server.key"),
            requireClientCertificate: true))
        defer { rsyslog.stop() }
        let findings = SyntheticFindings(count: 120, newestUpdatedAt: Date().addingTimeInterval(-600))
        let fixture = try CollectorFixture(findings: findings)
        defer { fixture.remove() }
        let tls = #"{"ca_file": "\#(pki.path("ca.pem"))", "cert_file": "\#(pki.path("client.pem"))", "key_file": "\#(pki.path("client.key"))"}"#
        try fixture.writeConfig(destination: #"{"protocol": "tls", "host": "127.0.0.1", "port": \#(rsyslog.tcpPort), "tls": \#(tls)}"#,
                                connectors: [fixture.connector("secure")])
        let run = try CollectorProcess.run(["run", "--config", fixture.configPath, "--once"], timeout: 60)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(try eventually(timeout: 10) { Set(findingUIDs(try rsyslog.messages())).count == 120 })

        // Without the client certificate, test-connector names the problem.
        try fixture.writeConfig(destination: #"{"protocol": "tls", "host": "127.0.0.1", "port": \#(rsyslog.tcpPort), "tls": {"ca_file": "\#(pki.path("ca.pem"))"}}"#,
                                connectors: [fixture.connector("secure")])
        let check = try CollectorProcess.run(["test-connector", "secure", "--config", fixture.configPath], timeout: 30)
        XCTAssertEqual(check.status, 1)
        XCTAssertTrue(check.stdout.contains("Failure: destination siem"), check.stdout)
        XCTAssertTrue(check.stdout.lowercased().contains("client certificate"), check.stdout)
    }
}

/// Parses exposition text with the reference parser (Python prometheus_client): family → "label=value,…" → value.
func parsePrometheus(_ text: String) throws -> [String: [String: Double]] {
    let script = """
    import json, sys
    from prometheus_client.parser import text_string_to_metric_families
    out = {}
    for family in text_string_to_metric_families(sys.stdin.read()):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            out.setdefault(sample.name, {})[labels] = sample.value
    print(json.dumps(out))
    """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let input = Pipe(), output = Pipe(), errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw NSError(domain: "prometheus_client", code: Int(process.terminationStatus),
                      userInfo: [NSLocalizedDescriptionKey: "the Prometheus parser rejected the text (run `bash .ci/setup test`): \(problems)"])
    }
    return try JSONDecoder().decode([String: [String: Double]].self, from: data)
}

/// An AF_UNIX datagram socket standing in for systemd's notify socket.
final class NotifySocket {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        unlink(path)
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw NSError(domain: "notify", code: Int(errno)) }
    }

    func receive(timeout: Double) -> String? {
        var poll = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard Glibc.poll(&poll, 1, Int32(timeout * 1000)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }

    func close() {
        Glibc.close(fd)
        unlink(path)
    }
}
