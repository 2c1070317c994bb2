import AWS
import Foundation
import JSONBytes
import Syslog

/// The outcome of one pass of one connector over all its regions.
public struct PassReport: Sendable {
    public var stats = ConnectorStats()
    /// Region → why its listing stopped early (its cursor was left where it was).
    public var failures: [String: String] = [:]
    public var succeeded: Bool { failures.isEmpty }
}

/// One region of a connector: where its findings come from.
public struct RegionSource: Sendable {
    public var region: String
    public var source: InspectorSource
    public init(region: String, source: InspectorSource) {
        self.region = region
        self.source = source
    }
}

/// Runs one pass of a connector: for each region, list what changed since the cursor, forward it, and move
/// the cursor only once the destination has taken every record of the window.
public struct ConnectorRunner: Sendable {
    public let connector: ConnectorConfig
    let regions: [RegionSource]
    let encoder: RecordEncoder
    let transport: any SyslogTransport
    let checkpoints: CheckpointStore
    let retries: RetryCounter
    let logger: Logger
    let clock: @Sendable () -> Date

    public init(connector: ConnectorConfig, regions: [RegionSource], encoder: RecordEncoder,
                transport: any SyslogTransport, checkpoints: CheckpointStore, retries: RetryCounter,
                logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.connector = connector
        self.regions = regions
        self.encoder = encoder
        self.transport = transport
        self.checkpoints = checkpoints
        self.retries = retries
        self.logger = logger
        self.clock = clock
    }

    public func runOnce() async -> PassReport {
        var report = PassReport()
        let retriesBefore = retries.count
        for region in regions {
            if Task.isCancelled { break }
            let log = logger.with("region", region.region)
            do {
                try await pull(region, into: &report.stats, log: log)
            } catch {
                report.failures[region.region] = "\(error)"
                log.error("pass stopped; cursor kept, the next pass resumes from it", [("error", error)])
            }
        }
        report.stats.apiRetries = retries.count - retriesBefore
        return report
    }

    private func pull(_ region: RegionSource, into stats: inout ConnectorStats, log: Logger) async throws {
        let cursor = try checkpoints.cursor(connector: connector.name, region: region.region)
        guard let window = UpdatedAtWindow.next(cursor: cursor, now: clock(), lookbackHours: connector.initialLookbackHours,
                                                settleSeconds: connector.settleSeconds) else {
            log.debug("window empty; nothing to pull yet")
            return
        }
        log.debug("listing", [("window", window)])
        let summary = try await region.source.list(window: window) { page in
            stats.pages += 1
            try await forward(page, region: region.region, stats: &stats, log: log)
        }
        try checkpoints.save(cursor: window.end, connector: connector.name, region: region.region)
        log.info("window done", [("window", window), ("findings", summary.findings), ("pages", summary.pages)])
    }

    private func forward(_ page: ListFindingsPage, region: String, stats: inout ConnectorStats, log: Logger) async throws {
        let collectedAt = clock()
        var messages: [[UInt8]] = []
        messages.reserveCapacity(page.findings.count)
        for finding in page.findings {
            stats.pulled += 1
            do {
                let record = try encoder.encode(finding, region: region, collectedAt: collectedAt)
                if record.detail != .full { stats.reduced += 1 }
                messages.append(record.message)
            } catch {
                stats.failed += 1
                log.error("finding dropped", [("finding_arn", finding["findingArn"]?.string ?? "-"), ("error", error)])
            }
        }
        do {
            try await transport.send(messages)
            stats.sent += messages.count
        } catch {
            let delivered = (error as? SyslogSendError)?.delivered ?? 0
            stats.sent += delivered
            stats.unsent += messages.count - delivered
            throw error
        }
    }
}
