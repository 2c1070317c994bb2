import AWS
import Foundation
import JSONBytes
import Syslog

/// The outcome of one pass of one connector over all its sources.
public struct PassReport: Sendable {
    public var stats = ConnectorStats()
    /// Scope (region) → why its window was not completed (its cursor was left where it was).
    public var failures: [String: String] = [:]
    public var succeeded: Bool { failures.isEmpty }
}

/// Runs one pass of a connector: for each source (one per region), list what changed since the cursor, filter it, offer it to
/// the destination, and move the cursor only once the destination has taken (or shed) every record of the
/// window. Records already delivered in the same window (crash, outage, deferred pass) are not sent again.
public struct ConnectorRunner: Sendable {
    public let connector: ConnectorConfig
    let sources: [any FindingSource]
    let encoder: RecordEncoder
    let destination: DestinationQueue
    let filterLabels: [[String]]
    let checkpoints: CheckpointStore
    let deadLetters: DeadLetters
    let retries: RetryCounter
    let concurrency: AdaptiveConcurrency
    let logger: Logger
    let clock: @Sendable () -> Date

    public init(connector: ConnectorConfig, sources: [any FindingSource], encoder: RecordEncoder, destination: DestinationQueue,
                filterLabels: [[String]] = [], checkpoints: CheckpointStore,
                retries: RetryCounter, concurrency: AdaptiveConcurrency = AdaptiveConcurrency(maximum: 1),
                logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.concurrency = concurrency
        self.connector = connector
        self.sources = sources
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
        for source in sources {
            await source.startPass()
            if Task.isCancelled {
                report.failures[source.scope] = "stopped before this region"
                continue
            }
            let log = logger.with("region", source.scope)
            do {
                if let incomplete = try await pull(source, into: &report.stats, log: log) {
                    report.failures[source.scope] = incomplete
                }
            } catch {
                report.failures[source.scope] = "\(error)"
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

    /// Lists the source's window sub-window by sub-window (`SubWindowPlan`), saving the cursor after each one
    /// the destination confirmed. Returns nil when the whole window is done, else why not.
    private func pull(_ source: any FindingSource, into stats: inout ConnectorStats, log: Logger) async throws -> String? {
        let scope = source.scope
        let saved = try checkpoints.saved(connector: connector.name, region: scope)
        guard var window = TimeWindow.next(cursor: saved?.cursor, now: clock(), lookbackHours: connector.initialLookbackHours,
                                           settleSeconds: source.settleSeconds) else {
            log.debug("window empty; nothing to pull yet")
            return nil
        }
        window.isInitial = saved?.isInitial ?? true
        if saved == nil {
            // Pin the first window's start: after a crash the same window (and its journal) is resumed.
            try checkpoints.save(cursor: window.start, initial: true, connector: connector.name, region: scope)
        }
        var plan = SubWindowPlan(window: window, splits: source.listsPartsOfWindows)
        // What an unreadable listing delivered before its bad page is not sent again by the narrower listings
        // that work through the same span.
        var beforeUnreadablePages: Set<FindingKey> = []
        let journalPath = checkpoints.journalPath(connector: connector.name, region: scope)
        if let unfinished = DeliveryJournal.window(at: journalPath), unfinished.start == window.start,
           unfinished.end > unfinished.start {
            plan.resume(until: unfinished.end)
        }
        var listed = ListingSummary(complete: true)
        while let sub = plan.next() {
            if Task.isCancelled { return "stopped (shutdown) before the window was delivered" }
            switch try await deliver(sub, of: source, skipping: beforeUnreadablePages, into: &stats, log: log) {
            case .done(let listing, let bound):
                try checkpoints.save(cursor: sub.end, connector: connector.name, region: scope)
                // Neighbouring sub-windows share their bound (both inclusive, so nothing on it is missed): the
                // next one's journal starts with what this one delivered on it, in this pass or after a restart.
                try DeliveryJournal.start(TimeWindow(start: sub.end, end: sub.end), at: journalPath, holding: bound)
                // Density is what one listing went through: partitions are listed side by side.
                plan.completed(sub, pages: listing.pages / source.partitionCount)
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
                try setAside(body, window: sub, region: scope, error: error, stats: &stats, log: log)
                try checkpoints.save(cursor: sub.end, connector: connector.name, region: scope)
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
    private func deliver(_ window: TimeWindow, of source: any FindingSource, skipping delivered: Set<FindingKey>,
                         into stats: inout ConnectorStats, log: Logger) async throws -> SubWindowOutcome {
        let journal = try DeliveryJournal(path: checkpoints.journalPath(connector: connector.name, region: source.scope),
                                          window: window)
        let handle = await destination.openWindow { journal.record($0) }
        let offer = WindowOffer(window: handle, destination: destination, journal: journal, end: window.end,
                                alreadyDelivered: delivered)
        let stop = StopSignal()
        var parts: [ListedPart] = []
        await withTaskGroup(of: ListedPart.self) { group in
            for partition in 0..<source.partitionCount {
                group.addTask {
                    await list(source, window: window, partition: partition, offer: offer, stop: stop, log: log)
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
            if let body = (failure as? any UnreadablePageError)?.unreadableBody {
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
        try deadLetters.add(raw: (body ?? [])[...], isJSON: false, uid: nil, region: region,
                            reason: "pages for the window \(window) stayed unreadable: \(error)")
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
    private func list(_ source: any FindingSource, window: TimeWindow, partition: Int, offer: WindowOffer,
                      stop: StopSignal, log: Logger) async -> ListedPart {
        await concurrency.acquire()
        defer { concurrency.release() }
        var part = ListedPart()
        var offer = offer
        do {
            part.listing = try await source.list(window, partition: partition) { page in
                guard !stop.isRaised else { return false }
                part.stats.pages += 1
                concurrency.noteSuccess()
                let goOn = try await forward(page, scope: source.scope, offer: &offer, stats: &part.stats, log: log)
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
    private func forward(_ page: SourcePage, scope: String, offer: inout WindowOffer,
                         stats: inout ConnectorStats, log: Logger) async throws -> Bool {
        var encoder = encoder.page(collectedAt: clock())
        var records: [QueuedRecord] = []
        records.reserveCapacity(page.items.count)
        for item in page.items {
            do {
                try encoder.encode(item, of: page, scope: scope) { identity, encode in
                    stats.pulled += 1
                    let key = identity?.key ?? FindingKey(arn: "", updatedAt: 0)
                    if let identity, identity.version >= offer.end { offer.onTheBound.insert(key) }
                    if offer.alreadyDelivered.contains(key) || offer.journal.contains(key) {
                        stats.duplicates += 1
                        return
                    }
                    do {
                        switch try encode() {
                        case .filtered(let filter, let rule):
                            stats.filteredByRule[label(filter: filter, rule: rule), default: 0] += 1
                        case .encoded(let record):
                            if record.detail != .full { stats.reduced += 1 }
                            records.append(offer.queued(record, key: key))
                        }
                    } catch {
                        try setAside(item, uid: identity?.uid, scope: scope, error: error, stats: &stats, log: log)
                    }
                }
            } catch {
                // The item as a whole could not be read (its findings could not even be counted).
                stats.pulled += 1
                try setAside(item, uid: nil, scope: scope, error: error, stats: &stats, log: log)
            }
        }
        let taken = await offer.offer(records)
        // What the destination did not take is pulled again next pass: the cursor stays behind this window.
        stats.deferred += records.count - taken
        return taken == records.count
    }

    /// Keeps what could not be mapped as a dead letter. Not retried: the same bytes would fail the same way.
    /// Counted, and the pass moves on.
    private func setAside(_ item: JSONValue, uid: String?, scope: String, error: any Error,
                          stats: inout ConnectorStats, log: Logger) throws {
        try deadLetters.add(raw: item.rawBytes, isJSON: true, uid: uid, region: scope, reason: "\(error)")
        stats.failed += 1
        log.error("finding set aside as a dead letter", [("finding_uid", uid ?? "-"), ("error", error),
                                                         ("dead_letters", deadLetters.path)])
    }

    private func label(filter: Int, rule: Int?) -> String {
        let scope = filter == 0 ? "connector" : "destination"
        guard let rule, filter < filterLabels.count, rule < filterLabels[filter].count else { return "\(scope).default" }
        return "\(scope).\(filterLabels[filter][rule])"
    }
}
