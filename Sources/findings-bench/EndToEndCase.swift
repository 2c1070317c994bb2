import FindingsCollector
import Simulator
import Foundation

/// The real binary, `run --once`, against the project's Inspector2 double (in this process, on loopback
/// HTTP, SigV4 checked, pages of 100 with `nextToken`) into a draining TCP (octet counting) or UDP receiver.
/// Measures the collector process: wall time until the last record arrived, its CPU time and peak RSS.
struct EndToEndCase {
    let collectorPath: String
    let transportKind: LoopbackReceiver.Kind
    /// The destination's `capacity.max_queued_bytes` (with policy `block`); nil keeps the collector's defaults.
    let queueBytes: Int?

    func run(findings count: Int) throws -> CaseResult {
        guard FileManager.default.isExecutableFile(atPath: collectorPath) else {
            throw BenchError.usage("findings-collector binary not found at \(collectorPath): build it "
                                   + "(swift build -c release) or pass --collector PATH")
        }
        let receiver = try LoopbackReceiver(transportKind)
        // All findings inside the default 24 h lookback and before the 120 s settle margin.
        let findings = SyntheticFindings(count: count, newestUpdatedAt: Date().addingTimeInterval(-600),
                                         spacing: min(60, 20 * 3600 / Double(max(count, 1))))
        let simulator = try InspectorSimulator(double: InspectorDouble(findings: findings))
        defer { simulator.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("findings-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try writeConfig(in: directory, endpoint: simulator.endpoint, port: receiver.port)
        let log = directory.appendingPathComponent("collector.log").path

        let simulatorStartCPU = ProcessMetrics.processCPUSeconds()
        let start = ProcessMetrics.now()
        let child = try ChildProcess.spawn(collectorPath, ["run", "--config", config, "--once", "--log-level", "warning"],
                                           environment: ["PATH": "/usr/bin:/bin", "HOME": directory.path,
                                                         "AWS_EC2_METADATA_DISABLED": "true",
                                                         "BENCH_SECRET": "bench-secret-not-real"],
                                           stdoutPath: log, stderrPath: log)
        let exit = child.waitForExit()
        // The collector may add its own records (pass statistics) after the findings: N or more is complete.
        let arrived = receiver.waitFor(messages: count, quiet: 2)
        let receiverTotals = receiver.stop()
        let simulatorCPU = ProcessMetrics.processCPUSeconds() - simulatorStartCPU - receiverTotals.cpuSeconds

        var result = CaseResult(kind: "e2e-\(transportKind.rawValue)", findings: count)
        result.delivered = arrived.messages
        result.bytes = arrived.bytes
        result.wallSeconds = max(arrived.lastArrival, start) - start
        result.cpuSeconds = exit.cpuSeconds
        result.peakRSSKiB = exit.peakRSSKiB
        result.simulatorCPUSeconds = simulatorCPU
        if exit.status != 0 || arrived.messages < count {
            let tail = (try? String(contentsOfFile: log, encoding: .utf8))?.suffix(2_000) ?? ""
            FileHandle.standardError.write(Data("e2e: collector exited \(exit.status), \(arrived.messages)/\(count) records arrived; its log ends:\n\(tail)\n".utf8))
            result.failed = max(1, count - arrived.messages)
        }
        return result
    }

    private func writeConfig(in directory: URL, endpoint: String, port: Int) throws -> String {
        let capacity = queueBytes.map { #", "capacity": {"max_queued_bytes": \#($0), "policy": "block"}"# } ?? ""
        let config = """
        {"state_dir": "\(directory.path)/state",
         "destinations": {"bench": {"protocol": "\(transportKind.rawValue)", "host": "127.0.0.1", "port": \(port), "facility": "local3"\(capacity)}},
         "connectors": [{"name": "bench", "type": "aws_inspector", "tenant": "bench-tenant", "destination": "bench",
                         "regions": ["us-east-1"], "endpoint_url": "\(endpoint)", "sts_endpoint_url": "\(endpoint)",
                         "auth": {"method": "access_key", "access_key_id": "AKIABENCHTESTKEY0001",
                                  "secret_access_key_env": "BENCH_SECRET"}}]}
        """
        let path = directory.appendingPathComponent("config.json").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
