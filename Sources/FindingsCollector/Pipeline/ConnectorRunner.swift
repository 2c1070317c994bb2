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
    let deadLetters: DeadLetters
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
        self.deadLetters = DeadLetters(stateDirectory: checkpoints.directory, connector: connector.name)
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
                log.error("pass stopped; the cursor stays after the last delivered part of the window, the next pass resumes there", [("error", error)])
            }
        }
        report.stats.apiRetries = retries.count - retriesBefore
        return report
    }

    /// Sends the pass's `collector_stats` record to the destination (ahead of queued findings, never shed).
    func publish(_ report: PassReport, at time: Date) async {
        await destination.sendControl(StatsRecord.message(for: connector, report: report, at: time, formatter: encoder.formatter))
    }

    /// Lists the region's window sub-window by sub-window (`SubWindowPlan`), saving the cursor after each one
    /// the destination confirmed. Returns nil when the whole window is done, else why not.
    private func pull(_ region: RegionSource, into stats: inout ConnectorStats, log: Logger) async throws -> String? {
        let cursor = try checkpoints.cursor(connector: connector.name, region: region.region)
        guard let window = TimeWindow.next(cursor: cursor, now: clock(), lookbackHours: connector.initialLookbackHours,
                                                settleSeconds: connector.settleSeconds) else {
            log.debug("window empty; nothing to pull yet")
            return nil
        }
        if cursor == nil {
            // Pin the first window's start: after a crash the same window (and its journal) is resumed.
            try checkpoints.save(cursor: window.start, connector: connector.name, region: region.region)
        }
        var plan = SubWindowPlan(window: window)
        // What an unreadable listing delivered before its bad page is not sent again by the narrower listings
        // that work through the same span.
        var beforeUnreadablePages: Set<FindingKey> = []
        let journalPath = checkpoints.journalPath(connector: connector.name, region: region.region)
        if let unfinished = DeliveryJournal.window(at: journalPath), unfinished.start == window.start,
           unfinished.end > unfinished.start {
            plan.resume(until: unfinished.end)
        }
        var listed = ListingSummary(complete: true)
        while let sub = plan.next() {
            if Task.isCancelled { return "stopped (shutdown) before the window was delivered" }
            switch try await deliver(sub, of: region, skipping: beforeUnreadablePages, into: &stats, log: log) {
            case .done(let listing, let bound):
                try checkpoints.save(cursor: sub.end, connector: connector.name, region: region.region)
                // Neighbouring sub-windows share their bound (both inclusive, so nothing on it is missed): the
                // next one's journal starts with what this one delivered on it, in this pass or after a restart.
                try DeliveryJournal.start(TimeWindow(start: sub.end, end: sub.end), at: journalPath, holding: bound)
                // Density is what one listing went through: partitions are listed side by side.
                plan.completed(sub, pages: listing.pages / max(1, region.partitions.count))
                listed.pages += listing.pages
                listed.findings += listing.findings
            case .stopped(let reason):
                return reason
            case .unreadable(let error, let body, let delivered):
                beforeUnreadablePages.formUnion(delivered)
                if plan.narrow(sub) {
                    log.warning("pages stay unreadable; listing a narrower part of the window to get past them",
                                [("window", sub), ("error", error)])
                    continue
                }
                try setAside(body, window: sub, region: region.region, error: error, stats: &stats, log: log)
                try checkpoints.save(cursor: sub.end, connector: connector.name, region: region.region)
                plan.skip(sub)
            }
        }
        log.info("window done", [("window", window), ("findings", listed.findings), ("pages", listed.pages)])
        return nil
    }

    /// What became of one sub-window.
    enum SubWindowOutcome {
        /// Listed to its end and confirmed by the destination: its cursor may be saved. `bound`: the keys it
        /// delivered whose `updatedAt` is its end, which the next sub-window lists again.
        case done(ListingSummary, bound: Set<FindingKey>)
        /// Not finished (deferred by the destination, or shutdown); why.
        case stopped(String)
        /// The API kept answering with a page that cannot be read, even after retries.
        case unreadable(any Error, body: [UInt8]?, delivered: Set<FindingKey>)
    }

    /// Lists one sub-window (all partitions), offers its records and waits until the destination confirmed
    /// them; records already delivered in an earlier attempt at the same sub-window are not sent again.
    private func deliver(_ window: TimeWindow, of region: RegionSource, skipping delivered: Set<FindingKey>,
                         into stats: inout ConnectorStats, log: Logger) async throws -> SubWindowOutcome {
        let journal = try DeliveryJournal(path: checkpoints.journalPath(connector: connector.name, region: region.region),
                                          window: window)
        let handle = await destination.openWindow { journal.record($0) }
        let offer = WindowOffer(window: handle, destination: destination, journal: journal, end: window.end,
                                alreadyDelivered: delivered)
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
        var windowStats = ConnectorStats()
        for part in parts { windowStats.add(part.stats) }
        await destination.waitUntilDelivered(window: handle)
        await settle(handle, shedOnOffer: parts.reduce(into: [:]) { $0.merge($1.shedOnOffer, uniquingKeysWith: +) },
                     stats: &windowStats)
        report(windowStats, of: window, log: log)
        stats.add(windowStats)
        if let failure = parts.compactMap(\.failure).first {
            if case .unusablePage(_, _, let body)? = failure as? InspectorSourceError {
                return .unreadable(failure, body: body, delivered: journal.recordedKeys())
            }
            throw failure
        }
        if Task.isCancelled { return .stopped("stopped (shutdown) before the window was delivered") }
        let listing = parts.reduce(into: ListingSummary(complete: true)) {
            $0.pages += $1.listing.pages
            $0.findings += $1.listing.findings
            $0.complete = $0.complete && $1.listing.complete
        }
        guard listing.complete, windowStats.deferred == 0 else {
            log.warning("destination full (policy defer): the rest of the window is pulled again next pass",
                        [("window", window), ("deferred", windowStats.deferred)])
            return .stopped("deferred by the destination's capacity")
        }
        journal.discard()
        return .done(listing, bound: parts.reduce(into: []) { $0.formUnion($1.onTheBound) })
    }

    /// Tells the operator what a sub-window cost: records shed by a configured capacity, reduced to fit.
    private func report(_ stats: ConnectorStats, of window: TimeWindow, log: Logger) {
        if stats.shed > 0 {
            log.warning("records shed by the destination's capacity (policy shed)",
                        [("window", window), ("shed", stats.shed)]
                            + stats.shedBySeverity.sorted { $0.key > $1.key }.map { ("shed_\($0.key.name.lowercased())", $0.value) })
        }
        if stats.reduced > 0 {
            log.info("records reduced to fit max_message_size", [("window", window), ("reduced", stats.reduced)])
        }
        if stats.resent > 0 {
            log.info("records written again after a broken connection (may arrive twice)", [("window", window), ("resent", stats.resent)])
        }
    }

    /// Keeps what the API would not give readably as a dead letter, so the window can move past it.
    private func setAside(_ body: [UInt8]?, window: TimeWindow, region: String, error: any Error,
                          stats: inout ConnectorStats, log: Logger) throws {
        try deadLetters.add(raw: (body ?? [])[...], isJSON: false, findingArn: nil, region: region,
                            reason: "ListFindings pages for updatedAt \(window) stayed unreadable: \(error)")
        stats.deadLetteredPages += 1
        log.error("pages set aside as a dead letter; the window moves past them",
                  [("window", window), ("error", error), ("dead_letters", deadLetters.path)])
    }

    /// What one listing (a whole window, or one partition of it) went through.
    struct ListedPart: Sendable {
        var stats = ConnectorStats()
        var listing = ListingSummary()
        var shedOnOffer: [FindingSeverity: Int] = [:]
        var onTheBound: Set<FindingKey> = []
        var failure: Error?
    }

    /// Pages one listing into the destination, holding a concurrency permit; stops all partitions when the
    /// destination defers.
    private func list(_ region: RegionSource, window: TimeWindow, criteria: JSONValue?, offer: WindowOffer,
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
        part.onTheBound = offer.onTheBound
        return part
    }

    /// Accounts for what the destination did with the window's records.
    private func settle(_ handle: Int, shedOnOffer: [FindingSeverity: Int], stats: inout ConnectorStats) async {
        let delivery = await destination.closeWindow(handle)
        stats.sent += delivery.sent
        stats.resent += delivery.resent
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
            let updatedAt = finding["updatedAt"]?.double ?? 0
            let key = FindingKey(arn: finding["findingArn"]?.string ?? "", updatedAt: updatedAt)
            if updatedAt >= offer.end { offer.onTheBound.insert(key) }
            if offer.alreadyDelivered.contains(key) || offer.journal.contains(key) {
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
                // Not retried: the same bytes would fail the same way. Kept, counted, and the pass moves on.
                let arn = finding["findingArn"]?.string
                try deadLetters.add(raw: finding.rawBytes, isJSON: true, findingArn: arn, region: region, reason: "\(error)")
                stats.failed += 1
                log.error("finding set aside as a dead letter", [("finding_arn", arn ?? "-"), ("error", error),
                                                                 ("dead_letters", deadLetters.path)])
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
