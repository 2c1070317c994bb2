import FindingsCollector
import XCTest

/// Random operations against `CapacityQueue` and a deliberately naive reference (a sorted array),
/// with a seeded generator; both must agree on every result, and no record may appear or vanish.
final class CapacityQueuePropertyTests: XCTestCase {
    func testEveryPolicyAgreesWithTheReferenceAndAccountsForEveryRecord() {
        for (seed, policy) in zip([7, 11, 13] as [UInt64], OverflowPolicy.allCases) {
            let capacity = DestinationCapacity(eventsPerSecond: 40, burst: 8, maxQueuedRecords: 25,
                                               maxQueuedBytes: 3000, policy: policy)
            var generator = SplitMix64(seed: seed)
            var queue = CapacityQueue(capacity: capacity, now: 0)
            var reference = ReferenceQueue(capacity: capacity, now: 0)
            var ledger = Ledger()
            var now = 0.0
            // Once the two disagree every later step differs too: stop at the first difference, it is the one to read.
            steps: for step in 0..<20_000 {
                let context = "\(policy) step \(step)"
                let roll = generator.next() % 100
                if roll < 70 {
                    let record = QueuedRecord(message: Array("r\(step)".utf8) + [UInt8](repeating: 0x20, count: Int(generator.next() % 400)),
                                              severity: FindingSeverity.allCases.randomElement(using: &generator)!,
                                              updatedAt: Double(generator.next() % 50), owner: Int(generator.next() % 4))
                    let result = queue.offer(record)
                    let expected = reference.offer(record)
                    guard result == expected else { XCTFail("\(context): offer gave \(result), reference \(expected)"); break steps }
                    ledger.count(result, offered: record)
                } else if roll < 95 {
                    now += Double(generator.next() % 300) / 1000
                    let max = Int(generator.next() % 7)
                    let batch = queue.takeBatch(max: max, now: now)
                    if let difference = firstDifference(batch, reference.takeBatch(max: max, now: now)) {
                        XCTFail("\(context): takeBatch \(difference)"); break steps
                    }
                    ledger.taken += batch.count
                    let wait = queue.secondsUntilNextSend(now: now), expectedWait = reference.secondsUntilNextSend(now: now)
                    guard wait == expectedWait else { XCTFail("\(context): wait \(String(describing: wait)) vs \(String(describing: expectedWait))"); break steps }
                } else {
                    let owner = Int(generator.next() % 4)
                    let removed = queue.removeAll(owner: owner)
                    if let difference = firstDifference(removed, reference.removeAll(owner: owner)) {
                        XCTFail("\(context): removeAll \(difference)"); break steps
                    }
                    ledger.removed += removed.count
                }
                let bytes = reference.items.reduce(0) { $0 + $1.message.count }
                let owners = (0..<4).map { owner in reference.items.filter { $0.owner == owner }.count }
                guard queue.count == reference.items.count, queue.bytes == bytes,
                      (0..<4).map({ queue.queuedCount(owner: $0) }) == owners else {
                    XCTFail("\(context): count \(queue.count)/\(reference.items.count), bytes \(queue.bytes)/\(bytes)"); break steps
                }
                guard queue.count <= capacity.maxQueuedRecords, queue.bytes <= capacity.maxQueuedBytes || queue.count == 1 else {
                    XCTFail("\(context): bounds broken: \(queue.count) records, \(queue.bytes) bytes"); break steps
                }
            }
            XCTAssertEqual(ledger.offered, ledger.taken + ledger.shed + ledger.refused + ledger.removed + queue.count,
                           "\(policy): offered = taken + shed + deferred/blocked + removed + still queued")
            XCTAssertGreaterThan(ledger.taken, 1000, "the run must exercise sending")
            if policy == .shed { XCTAssertGreaterThan(ledger.shed, 500, "the run must exercise shedding") }
            if policy != .shed { XCTAssertEqual(ledger.shed, 0); XCTAssertGreaterThan(ledger.refused, 500) }
        }
    }

    func testALargeQueueSendsInExactPriorityOrderAfterAnOwnerIsRemoved() {
        var generator = SplitMix64(seed: 2024)
        var queue = CapacityQueue(capacity: .unlimited, now: 0)
        var offered: [QueuedRecord] = []
        for index in 0..<50_000 {
            let record = QueuedRecord(message: Array("r\(index)".utf8),
                                      severity: FindingSeverity.allCases.randomElement(using: &generator)!,
                                      updatedAt: Double(generator.next() % 1000) / 4, owner: index % 3)
            XCTAssertEqual(queue.offer(record), .accepted(evicted: []))
            offered.append(QueuedRecord(message: record.message, severity: record.severity, updatedAt: record.updatedAt,
                                        owner: record.owner, sequence: UInt64(index)))
        }
        XCTAssertEqual(queue.removeAll(owner: 1).count, offered.filter { $0.owner == 1 }.count)
        let expected = offered.filter { $0.owner != 1 }.sorted(by: ReferenceQueue.outranks)
        XCTAssertNil(firstDifference(queue.takeBatch(max: .max, now: 0), expected))
    }
}

/// Where two record lists first differ, briefly (a full dump of thousands of records helps nobody); nil if equal.
private func firstDifference(_ actual: [QueuedRecord], _ expected: [QueuedRecord]) -> String? {
    guard actual != expected else { return nil }
    func brief(_ record: QueuedRecord?) -> String {
        guard let record else { return "nothing" }
        return "#\(record.sequence) \(record.severity) updatedAt \(record.updatedAt) owner \(record.owner)"
    }
    let index = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? Swift.min(actual.count, expected.count)
    return "differs at \(index) of \(actual.count) (expected \(expected.count)): got \(brief(actual.dropFirst(index).first)), "
        + "expected \(brief(expected.dropFirst(index).first))"
}

/// What happened to every offered record.
private struct Ledger {
    var offered = 0, taken = 0, shed = 0, refused = 0, removed = 0

    mutating func count(_ result: OfferResult, offered record: QueuedRecord) {
        offered += 1
        switch result {
        case .accepted(let evicted): shed += evicted.count
        case .shed: shed += 1
        case .deferred, .full: refused += 1
        }
    }
}

/// The queue's rules restated over a plain array, sorted on every question: slow, but obviously right.
private struct ReferenceQueue {
    let capacity: DestinationCapacity
    var items: [QueuedRecord] = []
    var bucket: TokenBucket
    var nextSequence: UInt64 = 0

    init(capacity: DestinationCapacity, now: Double) {
        self.capacity = capacity
        bucket = TokenBucket(ratePerSecond: capacity.eventsPerSecond!, burst: capacity.burst, now: now)
    }

    static func outranks(_ a: QueuedRecord, _ b: QueuedRecord) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.updatedAt != b.updatedAt { return a.updatedAt > b.updatedAt }
        return a.sequence < b.sequence
    }

    func fits(_ record: QueuedRecord, in items: [QueuedRecord]) -> Bool {
        items.count < capacity.maxQueuedRecords
            && (items.isEmpty || items.reduce(0) { $0 + $1.message.count } + record.message.count <= capacity.maxQueuedBytes)
    }

    mutating func offer(_ offered: QueuedRecord) -> OfferResult {
        var record = offered
        record.sequence = nextSequence
        nextSequence += 1
        if fits(record, in: items) {
            items.append(record)
            return .accepted(evicted: [])
        }
        switch capacity.policy {
        case .defer: return .deferred
        case .block: return .full
        case .shed:
            let lowestFirst = items.sorted { Self.outranks($1, $0) }
            for evictCount in 0...lowestFirst.count {
                let remaining = Array(lowestFirst.dropFirst(evictCount))
                if fits(record, in: remaining) {
                    items = remaining + [record]
                    return .accepted(evicted: Array(lowestFirst.prefix(evictCount)))
                }
                if evictCount == lowestFirst.count || !Self.outranks(record, lowestFirst[evictCount]) { return .shed }
            }
            return .shed
        }
    }

    mutating func takeBatch(max: Int, now: Double) -> [QueuedRecord] {
        let wanted = Swift.min(max, items.count)
        guard wanted > 0 else { return [] }
        let granted = bucket.take(upTo: wanted, now: now)
        let ranked = items.sorted(by: Self.outranks)
        items = Array(ranked.dropFirst(granted))
        return Array(ranked.prefix(granted))
    }

    func secondsUntilNextSend(now: Double) -> Double? {
        items.isEmpty ? nil : bucket.secondsUntilAvailable(now: now)
    }

    mutating func removeAll(owner: Int) -> [QueuedRecord] {
        let removed = items.filter { $0.owner == owner }.sorted(by: Self.outranks)
        items.removeAll { $0.owner == owner }
        return removed
    }
}
