import Foundation
import Syslog

/// What became of the records one window offered to a destination.
public struct WindowDelivery: Sendable, Equatable {
    /// Confirmed by the receiver (see `DeliveryReceipt`), not merely written.
    public var sent = 0
    /// Written again after a connection broke: they may arrive twice.
    public var resent = 0
    /// Evicted after being queued, to make room for higher-priority records (shed policy).
    public var evicted: [FindingSeverity: Int] = [:]
    /// Still queued when the window was closed early (shutdown): they go out later or are pulled again.
    public var stillQueued = 0
}

/// One destination shared by connectors: a capacity-limited priority queue (`CapacityQueue`) drained into the
/// transport at the configured rate. A connector opens a window, offers its records, and waits until every one
/// of them was sent or shed before it moves its cursor. When the transport fails, the batch in hand is retried
/// (with backoff) before anything else, so records wait — bounded by the queue, then the policy — instead of
/// being lost. A record counts as sent only once the transport confirms the receiver holds it
/// (`ConfirmationLedger`); when someone waits for a window, the queue asks the transport to confirm the tail.
public actor DestinationQueue {
    public let name: String
    private var queue: CapacityQueue
    private let transport: any SyslogTransport
    private let logger: Logger
    /// Seconds on a monotonic clock: the token bucket must not jump when the wall clock is stepped.
    private let uptime: @Sendable () -> Double
    private var inHand: [QueuedRecord] = []
    private var unconfirmed = ConfirmationLedger()
    /// Set while the runtime drains at shutdown: the tail must be confirmed even if no window waits for it.
    private var draining = false
    private let health: DestinationHealth
    private var windows: [Int: WindowState] = [:]
    /// Windows closed early (shutdown) whose records are still queued: their journals still hear what goes
    /// out during the drain, so the next start does not send it again. Record counts per window.
    private var closedEarly: [Int: (remaining: Int, onDelivered: @Sendable ([FindingKey]) -> Void)] = [:]
    private var nextWindow = 0
    private var drainWaiter: CheckedContinuation<Void, Never>?
    private var roomWaiters: [CheckedContinuation<Void, Never>] = []
    private var control: [[UInt8]] = []

    private struct WindowState {
        var delivery = WindowDelivery()
        var outstanding = 0
        var onDelivered: @Sendable ([FindingKey]) -> Void
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    public init(name: String, capacity: DestinationCapacity, transport: any SyslogTransport, logger: Logger,
                health: DestinationHealth? = nil,
                uptime: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.name = name
        self.queue = CapacityQueue(capacity: capacity, now: uptime())
        self.transport = transport
        self.logger = logger.with("destination", name)
        self.health = health ?? DestinationHealth(logger: logger.with("destination", name))
        self.uptime = uptime
    }

    public var depth: Int { queue.count + inHand.count }

    /// Starts a window; `onDelivered` hears the keys of its records once the transport took them.
    public func openWindow(onDelivered: @escaping @Sendable ([FindingKey]) -> Void) -> Int {
        nextWindow += 1
        windows[nextWindow] = WindowState(onDelivered: onDelivered)
        return nextWindow
    }

    /// Offers `records` in order, in one hop onto the actor (one hop per record made the runner and the
    /// sender wake each other for every finding). Under the block policy it waits for room as often as needed;
    /// under the defer policy it stops at the first record the queue refuses.
    public func offer(_ records: ArraySlice<QueuedRecord>) async -> BatchOffer {
        var answer = BatchOffer()
        while true {
            enqueue(records[(records.startIndex + answer.taken)...], into: &answer)
            guard answer.refusal == .full, !Task.isCancelled else { return answer }
            answer.refusal = nil
            // Registered in this same actor turn as the refusal: the drain cannot free room unseen in between.
            await waitForRoom()
        }
    }

    private func enqueue(_ records: ArraySlice<QueuedRecord>, into answer: inout BatchOffer) {
        for record in records {
            let outcome = queue.offer(record)
            switch outcome {
            case .accepted(let evicted):
                windows[record.owner]?.outstanding += 1
                for victim in evicted {
                    windows[victim.owner]?.delivery.evicted[victim.severity, default: 0] += 1
                    resolve(victim.owner, count: 1)
                    settleClosed(victim.owner, count: 1)
                }
                wakeDrain()
            case .shed:
                answer.shed[record.severity, default: 0] += 1
            case .deferred, .full:
                answer.refusal = outcome
                return
            }
            answer.taken += 1
        }
    }

    /// For the block policy: returns once the queue has taken records out.
    private func waitForRoom() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { roomWaiters.append($0) }
        } onCancel: {
            // The handler runs outside the actor: hop on to release the waiter.
            Task { await self.releaseRoomWaiters() }
        }
    }

    private func releaseRoomWaiters() {
        roomWaiters.forEach { $0.resume() }
        roomWaiters.removeAll()
    }

    /// Returns when every record the window offered was sent or shed, or at once when cancelled.
    public func waitUntilDelivered(window: Int) async {
        guard let state = windows[window], state.outstanding > 0, !Task.isCancelled else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                windows[window]?.waiters.append(continuation)
                wakeDrain()   // an idle sender now has a reason to ask the receiver to confirm the tail
            }
        } onCancel: {
            // The handler runs outside the actor: hop on to release the waiter.
            Task { await self.releaseWaiters(window) }
        }
    }

    /// Ends a window and reports what became of its records.
    public func closeWindow(_ window: Int) -> WindowDelivery {
        guard var state = windows.removeValue(forKey: window) else { return WindowDelivery() }
        state.delivery.stillQueued = state.outstanding
        state.waiters.forEach { $0.resume() }
        if state.outstanding > 0 { closedEarly[window] = (state.outstanding, state.onDelivered) }
        return state.delivery
    }

    /// A record of the collector's own (stats) that bypasses capacity: it is sent before the next batch.
    public func sendControl(_ message: [UInt8]) {
        control.append(message)
        wakeDrain()
    }

    /// Sends until cancelled. Run it as a child task of the runtime.
    public func run() async {
        var failures = 0
        while !Task.isCancelled {
            if inHand.isEmpty, control.isEmpty {
                let now = uptime()
                health.backlog.store(queue.count, ordering: .relaxed)
                if queue.isEmpty, needsConfirmation {
                    if await confirmTail() {
                        failures = 0
                    } else {
                        failures += 1
                        try? await Task.sleep(nanoseconds: UInt64(retryDelay(after: failures) * 1e9))
                    }
                    continue
                }
                if queue.isEmpty {
                    await withTaskCancellationHandler {
                        await withCheckedContinuation { drainWaiter = $0 }
                    } onCancel: {
                        Task { await self.wakeDrain() }
                    }
                    continue
                }
                inHand = queue.takeBatch(max: 512, now: now)
                if inHand.isEmpty {
                    let wait = queue.secondsUntilNextSend(now: now) ?? 0.01
                    try? await Task.sleep(nanoseconds: UInt64(max(wait, 0.001) * 1e9))
                    continue
                }
                releaseRoomWaiters()
            }
            if await deliverInHand() {
                failures = 0
            } else {
                failures += 1
                try? await Task.sleep(nanoseconds: UInt64(retryDelay(after: failures) * 1e9))
            }
        }
    }

    private func retryDelay(after failures: Int) -> Double {
        min(30, 0.5 * pow(2, Double(min(failures, 6))))
    }

    /// Something sent is not confirmed yet and someone waits for it: a window about to move its cursor, or
    /// the shutdown drain.
    private var needsConfirmation: Bool {
        !unconfirmed.isEmpty && (draining || windows.values.contains { !$0.waiters.isEmpty })
    }

    /// Asks the transport to confirm everything it took; true when nothing is left unconfirmed.
    private func confirmTail() async -> Bool {
        settle(await transport.confirmAll(within: Self.confirmationTimeout))
        if unconfirmed.isEmpty { return true }
        logger.warning("receiver did not confirm what it was sent (it did not close its side after ours); "
                       + "those records are sent again and their window stays open", [("unconfirmed", unconfirmed.count)])
        return false
    }

    /// How long a receiver gets to close its side after ours: it reads what we sent first.
    static let confirmationTimeout = 10.0

    /// Waits until everything queued was sent, or the deadline passed; returns how many records are left.
    public func drain(until deadline: Date) async -> Int {
        draining = true
        wakeDrain()
        while depth > 0 || !control.isEmpty || !unconfirmed.isEmpty, Date() < deadline {
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return depth + unconfirmed.count
    }

    /// Sends the control messages, then the batch in hand; false when the transport failed (what it did not
    /// take is kept, in order, and retried).
    private func deliverInHand() async -> Bool {
        let head = control
        control.removeAll()
        let batch = inHand
        var taken = head.count + batch.count
        var failure: (any Error)?
        do {
            try await transport.send(head + batch.map(\.message))
        } catch {
            taken = (error as? SyslogSendError)?.delivered ?? 0
            failure = error
        }
        let records = max(0, taken - head.count)
        control = Array(head.dropFirst(taken)) + control
        unconfirmed.took(head.prefix(taken).lazy.map { _ in ConfirmationLedger.Entry() })
        unconfirmed.took(batch.prefix(records).lazy.map { ConfirmationLedger.Entry(window: $0.owner, key: $0.key) })
        inHand.removeFirst(records)
        settle(await transport.receipt())
        guard let failure else { return true }
        logger.warning("destination not taking records; they stay queued and are retried", [("queued", depth), ("error", failure)])
        return false
    }

    /// Credits what the receiver confirmed to its windows, and what was written twice as re-sent.
    private func settle(_ receipt: DeliveryReceipt) {
        let (confirmed, resent) = unconfirmed.apply(receipt)
        for window in resent { windows[window]?.delivery.resent += 1 }
        var byWindow: [Int: [FindingKey]] = [:]
        for entry in confirmed {
            guard let window = entry.window else { continue }
            byWindow[window, default: []].append(entry.key ?? FindingKey(high: 0, low: 0))
        }
        for (window, keys) in byWindow {
            if let early = closedEarly[window] {
                early.onDelivered(keys)
                settleClosed(window, count: keys.count)
                continue
            }
            windows[window]?.delivery.sent += keys.count
            windows[window]?.onDelivered(keys)
            resolve(window, count: keys.count)
        }
    }

    /// Forgets a window closed early once none of its records is left.
    private func settleClosed(_ window: Int, count: Int) {
        guard let early = closedEarly[window] else { return }
        closedEarly[window] = early.remaining > count ? (early.remaining - count, early.onDelivered) : nil
    }

    private func resolve(_ window: Int, count: Int) {
        guard windows[window] != nil else { return }
        windows[window]!.outstanding -= count
        if windows[window]!.outstanding <= 0 { releaseWaiters(window) }
    }

    private func releaseWaiters(_ window: Int) {
        windows[window]?.waiters.forEach { $0.resume() }
        windows[window]?.waiters.removeAll()
    }

    private func wakeDrain() {
        drainWaiter?.resume()
        drainWaiter = nil
    }
}
