import AWS
import Foundation
import JSONBytes
import Syslog

/// The outcome of one pass of one connector over all its regions.
public struct PassReport: Sendable {
    public var stats = ConnectorStats()
    /// Region → why its window was not completed (its cursor was left where it was).
    public var failures: [String: String] = [:]
    public var succeeded: Bool { failures.isEmpty }
}

/// One region of a connector: where its findings come from.
public struct RegionSource: Sendable {
    public var region: String
    public var source: InspectorSource
    /// The filterCriteria of each partition when the listing is split (see `ListingPartitions`); empty: one listing.
    public var partitions: [JSONValue]
    public init(region: String, source: InspectorSource, partitions: [JSONValue] = []) {
        self.region = region
        self.source = source
        self.partitions = partitions
    }
}

/// Runs one pass of a connector: for each region, list what changed since the cursor, filter it, offer it to
/// the destination, and move the cursor only once the destination has taken (or shed) every record of the
/// window. Records already delivered in the same window (crash, outage, deferred pass) are not sent again.
public struct ConnectorRunner: Sendable {
    public let connector: ConnectorConfig
    let regions: [RegionSource]
    let encoder: RecordEncoder
    let destination: DestinationQueue
    let filterLabels: [[String]]
    let checkpoints: CheckpointStore
    let retries: RetryCounter
    let concurrency: AdaptiveConcurrency
    let logger: Logger
    let clock: @Sendable () -> Date

    public init(connector: ConnectorConfig, regions: [RegionSource], encoder: RecordEncoder, destination: DestinationQueue,
                filterLabels: [[String]] = [], checkpoints: CheckpointStore,
                retries: RetryCounter, concurrency: AdaptiveConcurrency = AdaptiveConcurrency(maximum: 1),
                logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.concurrency = concurrency
        self.connector = connector
        self.regions = regions
        self.encoder = encoder
        self.destination = destination
        self.filterLabels = filterLabels
        self.checkpoints = checkpoints
        self.retries = retries
        self.logger = logger
        self.clock = clock
    }

    public func runOnce() async -> PassReport {
        var report = PassReport()
        let retriesBefore = retries.count
        for region in regions {
            await region.source.client.quota.refill()
            if Task.isCancelled {
                report.failures[region.region] = "stopped before this region"
                continue
            }
            let log = logger.with("region", region.region)
            do {
                if let incomplete = try await pull(region, into: &report.stats, log: log) {
                    report.failures[region.region] = incomplete
                }
            } catch {
                report.failures[region.region] = "\(error)"
                log.error("pass stopped; cursor kept, the next pass resumes from it", [("error", error)])
            }
        }
        report.stats.apiRetries = retries.count - retriesBefore
        return report
    }

    /// Sends the pass's `collector_stats` record to the destination (ahead of queued findings, never shed).
    func publish(_ report: PassReport, at time: Date) async {
        await destination.sendControl(StatsRecord.message(for: connector, report: report, at: time, formatter: encoder.formatter))
    }

    /// Returns nil when the window is complete and its cursor saved, else why not.
    private func pull(_ region: RegionSource, into stats: inout ConnectorStats, log: Logger) async throws -> String? {
        let cursor = try checkpoints.cursor(connector: connector.name, region: region.region)
        guard let window = UpdatedAtWindow.next(cursor: cursor, now: clock(), lookbackHours: connector.initialLookbackHours,
                                                settleSeconds: connector.settleSeconds) else {
            log.debug("window empty; nothing to pull yet")
            return nil
        }
        if cursor == nil {
            // Pin the first window's start: after a crash the same window (and its journal) is resumed.
            try checkpoints.save(cursor: window.start, connector: connector.name, region: region.region)
        }
        let journal = try DeliveryJournal(path: checkpoints.journalPath(connector: connector.name, region: region.region),
                                          windowStart: window.start)
        let handle = await destination.openWindow { journal.record($0) }
        let offer = WindowOffer(window: handle, destination: destination, journal: journal)
        let partitions: [JSONValue?] = region.partitions.isEmpty ? [nil] : region.partitions
        let stop = StopSignal()
        var parts: [ListedPart] = []
        await withTaskGroup(of: ListedPart.self) { group in
            for criteria in partitions {
                group.addTask {
                    await list(region, window: window, criteria: criteria, offer: offer, stop: stop, log: log)
                }
            }
            for await part in group { parts.append(part) }
        }
        for part in parts { stats.add(part.stats) }
        await destination.waitUntilDelivered(window: handle)
        await settle(handle, shedOnOffer: parts.reduce(into: [:]) { $0.merge($1.shedOnOffer, uniquingKeysWith: +) },
                     stats: &stats)
        if let failure = parts.compactMap(\.failure).first { throw failure }
        if Task.isCancelled { return "stopped (shutdown) before the window was delivered" }
        let listing = parts.reduce(into: ListingSummary(complete: true)) {
            $0.pages += $1.listing.pages
            $0.findings += $1.listing.findings
            $0.complete = $0.complete && $1.listing.complete
        }
        guard listing.complete else {
            log.warning("destination full (policy defer): the rest of the window is pulled again next pass",
                        [("window", window), ("deferred", stats.deferred)])
            return "deferred by the destination's capacity"
        }
        try checkpoints.save(cursor: window.end, connector: connector.name, region: region.region)
        journal.discard()
        log.info("window done", [("window", window), ("findings", listing.findings), ("pages", listing.pages)])
        return nil
    }

    /// What one listing (a whole window, or one partition of it) went through.
    struct ListedPart: Sendable {
        var stats = ConnectorStats()
        var listing = ListingSummary()
        var shedOnOffer: [FindingSeverity: Int] = [:]
        var failure: Error?
    }

    /// Pages one listing into the destination, holding a concurrency permit; stops all partitions when the
    /// destination defers.
    private func list(_ region: RegionSource, window: UpdatedAtWindow, criteria: JSONValue?, offer: WindowOffer,
                      stop: StopSignal, log: Logger) async -> ListedPart {
        await concurrency.acquire()
        defer { concurrency.release() }
        var part = ListedPart()
        var offer = offer
        do {
            part.listing = try await region.source.list(window: window, criteria: criteria) { page in
                guard !stop.isRaised else { return false }
                part.stats.pages += 1
                concurrency.noteSuccess()
                let goOn = try await forward(page, region: region.region, offer: &offer, stats: &part.stats, log: log)
                if !goOn { stop.raise() }
                return goOn
            }
        } catch {
            part.failure = error
            stop.raise()
        }
        part.shedOnOffer = offer.shedOnOffer
        return part
    }

    /// Accounts for what the destination did with the window's records.
    private func settle(_ handle: Int, shedOnOffer: [FindingSeverity: Int], stats: inout ConnectorStats) async {
        let delivery = await destination.closeWindow(handle)
        stats.sent += delivery.sent
        stats.deferred += delivery.stillQueued
        for (severity, count) in delivery.evicted.merging(shedOnOffer, uniquingKeysWith: +) {
            stats.shedBySeverity[severity, default: 0] += count
        }
    }

    /// Filters and encodes one page, then offers its records in one go; false when the destination asked to
    /// stop (defer policy) or the pass is stopping.
    private func forward(_ page: ListFindingsPage, region: String, offer: inout WindowOffer,
                         stats: inout ConnectorStats, log: Logger) async throws -> Bool {
        var encoder = encoder.page(collectedAt: clock())
        var records: [QueuedRecord] = []
        records.reserveCapacity(page.findings.count)
        for finding in page.findings {
            stats.pulled += 1
            let key = FindingKey(arn: finding["findingArn"]?.string ?? "", updatedAt: finding["updatedAt"]?.double ?? 0)
            if offer.journal.contains(key) {
                stats.duplicates += 1
                continue
            }
            do {
                switch try encoder.encode(finding, region: region) {
                case .filtered(let filter, let rule):
                    stats.filteredByRule[label(filter: filter, rule: rule), default: 0] += 1
                case .encoded(let record):
                    if record.detail != .full { stats.reduced += 1 }
                    records.append(offer.queued(record, key: key))
                }
            } catch {
                stats.failed += 1
                log.error("finding dropped", [("finding_arn", finding["findingArn"]?.string ?? "-"), ("error", error)])
            }
        }
        let taken = await offer.offer(records)
        // What the destination did not take is pulled again next pass: the cursor stays behind this window.
        stats.deferred += records.count - taken
        return taken == records.count
    }

    private func label(filter: Int, rule: Int?) -> String {
        let scope = filter == 0 ? "connector" : "destination"
        guard let rule, filter < filterLabels.count, rule < filterLabels[filter].count else { return "\(scope).default" }
        return "\(scope).\(filterLabels[filter][rule])"
    }
}
