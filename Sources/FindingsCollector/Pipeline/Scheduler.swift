import Foundation

/// Runs each connector on its own interval: the first pass at once, then every `interval_minutes`.
/// A connector's passes never overlap: a tick that falls while a pass is still running is skipped and logged.
public struct Scheduler: Sendable {
    let runners: [ConnectorRunner]
    let logger: Logger
    let metrics: CollectorMetrics?
    let clock: @Sendable () -> Date
    let sleep: @Sendable (Double) async throws -> Void

    public init(runners: [ConnectorRunner], logger: Logger, metrics: CollectorMetrics? = nil,
                clock: @escaping @Sendable () -> Date = { Date() },
                sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) }) {
        self.runners = runners
        self.logger = logger
        self.metrics = metrics
        self.clock = clock
        self.sleep = sleep
    }

    /// One pass of every connector, concurrently. True when every region of every connector succeeded.
    public func runOnce() async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            for runner in runners {
                group.addTask { await report(runner, runner.runOnce()) }
            }
            return await group.reduce(true) { $0 && $1 }
        }
    }

    /// Runs until cancelled.
    public func runForever() async {
        await withTaskGroup(of: Void.self) { group in
            for runner in runners {
                group.addTask { await loop(runner) }
            }
        }
    }

    private func loop(_ runner: ConnectorRunner) async {
        let interval = runner.connector.intervalMinutes * 60
        var nextStart = clock()
        while !Task.isCancelled {
            _ = await report(runner, runner.runOnce())
            nextStart += interval
            let now = clock()
            if nextStart <= now {
                let missed = Int((now.timeIntervalSince(nextStart)) / interval) + 1
                logger.with("connector", runner.connector.name)
                    .warning("pass took longer than interval_minutes; skipping ticks instead of stacking passes", [("skipped", missed)])
                nextStart += Double(missed) * interval
            }
            do { try await sleep(nextStart.timeIntervalSince(clock())) } catch { return }
        }
    }

    /// Logs the pass and sends its `collector_stats` record to the connector's destination.
    private func report(_ runner: ConnectorRunner, _ pass: PassReport) async -> Bool {
        let log = logger.with("connector", runner.connector.name)
        var fields = pass.stats.logFields
        fields.append(("regions_failed", pass.failures.count))
        if pass.succeeded {
            log.info("pass complete", fields)
        } else {
            log.error("pass incomplete", fields + [("why", pass.failures.values.sorted().joined(separator: "; "))])
        }
        await runner.publish(pass, at: clock())
        if let metrics { await runner.record(pass, in: metrics, at: clock()) }
        return pass.succeeded
    }
}
