import FindingsCollector
import Foundation
import XCTest

final class CapacityQueueTests: XCTestCase {
    // MARK: - Priority order

    func testTakeBatchSendsBySeverityThenNewestThenArrival() {
        var queue = CapacityQueue(capacity: .unlimited, now: 0)
        let offered: [(FindingSeverity, Double, String)] = [
            (.low, 50, "low-50"), (.critical, 10, "crit-10"), (.informational, 99, "info-99"),
            (.critical, 30, "crit-30"), (.medium, 20, "med-20"), (.critical, 30, "crit-30-second"),
            (.none, 5, "none-5"), (.high, 1, "high-1"), (.low, 60, "low-60"),
        ]
        for (severity, updatedAt, name) in offered {
            XCTAssertEqual(queue.offer(Self.record(name, severity, updatedAt)), .accepted(evicted: []))
        }
        XCTAssertEqual(queue.takeBatch(max: 4, now: 0).map(Self.name), ["crit-30", "crit-30-second", "crit-10", "high-1"])
        XCTAssertEqual(queue.takeBatch(max: 100, now: 0).map(Self.name), ["med-20", "low-60", "low-50", "none-5", "info-99"])
        XCTAssertTrue(queue.isEmpty)
        XCTAssertEqual(queue.takeBatch(max: 10, now: 0), [])
        XCTAssertNil(queue.secondsUntilNextSend(now: 0))
    }

    func testSequenceIsStampedInArrivalOrder() {
        var queue = CapacityQueue(capacity: .unlimited, now: 0)
        for index in 0..<5 { _ = queue.offer(Self.record("r\(index)", .medium, 1, sequence: 999)) }
        XCTAssertEqual(queue.takeBatch(max: 5, now: 0).map(\.sequence), [0, 1, 2, 3, 4])
    }

    // MARK: - Shedding

    func testABurstOfTenThousandIntoAThousandKeepsExactlyTheHighestPriority() {
        var generator = SplitMix64(seed: 42)
        var queue = CapacityQueue(capacity: DestinationCapacity(maxQueuedRecords: 1000, policy: .shed), now: 0)
        var offered: [QueuedRecord] = []
        var shed: [QueuedRecord] = []
        for index in 0..<10_000 {
            let record = Self.record("r\(index)", Self.mixedSeverity(&generator), Double(generator.next() % 5000))
            offered.append(record)
            switch queue.offer(record) {
            case .accepted(let evicted): shed += evicted
            case .shed: shed.append(record)
            case .deferred, .full: XCTFail("shed policy must never defer or block")
            }
        }
        // The reference: sort everything by priority; arrival index breaks ties like the queue's sequence.
        let ranked = offered.enumerated().sorted { Self.outranks($0.element, $0.offset, $1.element, $1.offset) }.map(\.element)
        let kept = queue.takeBatch(max: .max, now: 0)
        XCTAssertEqual(kept.map(Self.name), ranked.prefix(1000).map(Self.name), "kept = the 1000 highest, in send order")
        XCTAssertEqual(Set(shed.map(Self.name)), Set(ranked.dropFirst(1000).map(Self.name)), "shed = exactly the rest")
        XCTAssertEqual(shed.count, 9000, "nothing shed twice")
        let urgent = offered.filter { $0.severity >= .high }
        XCTAssertGreaterThan(urgent.count, 300)
        XCTAssertTrue(shed.allSatisfy { $0.severity < .high }, "a critical or high record was shed")
        XCTAssertEqual(Set(kept.map(Self.name)).intersection(urgent.map(Self.name)).count, urgent.count)
    }

    func testAnInformationalFloodNeverPushesOutACritical() {
        var queue = CapacityQueue(capacity: DestinationCapacity(maxQueuedRecords: 3, policy: .shed), now: 0)
        XCTAssertEqual(queue.offer(Self.record("crit", .critical, 1)), .accepted(evicted: []))
        for index in 0..<1000 {
            let result = queue.offer(Self.record("info\(index)", .informational, Double(index)))
            if index >= 2, case .accepted(let evicted) = result {
                XCTAssertEqual(evicted.map(Self.name), ["info\(index - 2)"], "newer informational replaces the oldest")
            }
        }
        XCTAssertEqual(queue.takeBatch(max: 10, now: 0).map(Self.name), ["crit", "info999", "info998"])
    }

    func testTheOfferedRecordIsShedWhenItRanksLowest() {
        var queue = CapacityQueue(capacity: DestinationCapacity(maxQueuedRecords: 2, policy: .shed), now: 0)
        _ = queue.offer(Self.record("a", .medium, 10))
        _ = queue.offer(Self.record("b", .medium, 10))
        XCTAssertEqual(queue.offer(Self.record("older", .medium, 9)), .shed)
        XCTAssertEqual(queue.offer(Self.record("same-time-later-arrival", .medium, 10)), .shed)
        XCTAssertEqual(queue.offer(Self.record("lower", .low, 100)), .shed)
        XCTAssertEqual(queue.takeBatch(max: 5, now: 0).map(Self.name), ["a", "b"])
    }

    // MARK: - Byte bound

    func testTheByteBoundIsHonoured() {
        var queue = CapacityQueue(capacity: DestinationCapacity(maxQueuedBytes: 1000, policy: .shed), now: 0)
        for index in 0..<3 { XCTAssertEqual(queue.offer(Self.record("m\(index)", .medium, Double(index), size: 300)), .accepted(evicted: [])) }
        XCTAssertEqual(queue.bytes, 900)
        XCTAssertEqual(queue.offer(Self.record("small-low", .low, 0, size: 100)), .accepted(evicted: []), "exactly 1000 fits")
        XCTAssertEqual(queue.offer(Self.record("tiny-low", .low, 5, size: 8)), .accepted(evicted: [Self.record("small-low", .low, 0, size: 100, sequence: 3)]))
        guard case .accepted(let evicted) = queue.offer(Self.record("big-high", .high, 0, size: 600)) else {
            return XCTFail("a high record must displace lower ones")
        }
        XCTAssertEqual(evicted.map(Self.name), ["tiny-low", "m0", "m1"], "lowest first, only as many as needed")
        XCTAssertEqual(queue.bytes, 900)
        XCTAssertLessThanOrEqual(queue.bytes, 1000)
    }

    func testARecordThatCannotFitEvenAfterEvictingAllLowerOnesIsShedAndEvictsNothing() {
        var queue = CapacityQueue(capacity: DestinationCapacity(maxQueuedBytes: 1000, policy: .shed), now: 0)
        _ = queue.offer(Self.record("crit", .critical, 0, size: 600))
        _ = queue.offer(Self.record("low", .low, 0, size: 300))
        XCTAssertEqual(queue.offer(Self.record("high", .high, 0, size: 500)), .shed)
        XCTAssertEqual(queue.count, 2)
        XCTAssertEqual(queue.bytes, 900)
        XCTAssertEqual(queue.takeBatch(max: 5, now: 0).map(\.sequence), [0, 1], "the rolled-back record keeps its rank")
    }

    func testARecordLargerThanTheByteBoundStillPassesThroughAnEmptyQueue() {
        for policy in OverflowPolicy.allCases {
            var queue = CapacityQueue(capacity: DestinationCapacity(maxQueuedBytes: 100, policy: policy), now: 0)
            XCTAssertEqual(queue.offer(Self.record("huge", .low, 0, size: 5000)), .accepted(evicted: []), "\(policy)")
            let second = queue.offer(Self.record("next", .low, 0, size: 10))
            XCTAssertEqual(second, policy == .shed ? .shed : policy == .defer ? .deferred : .full, "\(policy)")
            XCTAssertEqual(queue.takeBatch(max: 5, now: 0).map(Self.name), ["huge"])
        }
    }

    // MARK: - Defer and block

    func testDeferAndBlockQueueNothingWhenFullAndAcceptAgainOnceRoomIsMade() {
        for (policy, expected) in [(OverflowPolicy.defer, OfferResult.deferred), (.block, .full)] {
            var queue = CapacityQueue(capacity: DestinationCapacity(maxQueuedRecords: 2, policy: policy), now: 0)
            _ = queue.offer(Self.record("a", .low, 1))
            _ = queue.offer(Self.record("b", .low, 2))
            XCTAssertEqual(queue.offer(Self.record("crit", .critical, 3)), expected, "even a critical waits: nothing is dropped")
            XCTAssertEqual(queue.count, 2)
            XCTAssertEqual(queue.takeBatch(max: 1, now: 0).map(Self.name), ["b"])
            XCTAssertEqual(queue.offer(Self.record("crit", .critical, 3)), .accepted(evicted: []))
            XCTAssertEqual(queue.takeBatch(max: 5, now: 0).map(Self.name), ["crit", "a"])
        }
    }

    // MARK: - Rate

    func testTakeBatchFollowsTheTokenBucket() {
        var queue = CapacityQueue(capacity: DestinationCapacity(eventsPerSecond: 10, burst: 5), now: 0)
        XCTAssertNil(queue.secondsUntilNextSend(now: 0))
        for index in 0..<20 { _ = queue.offer(Self.record("r\(index)", .medium, Double(index))) }
        XCTAssertEqual(queue.secondsUntilNextSend(now: 0), 0)
        XCTAssertEqual(queue.takeBatch(max: 100, now: 0).count, 5)
        XCTAssertEqual(queue.takeBatch(max: 100, now: 0).count, 0)
        XCTAssertEqual(queue.secondsUntilNextSend(now: 0)!, 0.1, accuracy: 1e-12)
        XCTAssertEqual(queue.takeBatch(max: 100, now: 0.1).count, 1)
        XCTAssertEqual(queue.takeBatch(max: 2, now: 1.1).count, 2, "max bounds the batch and keeps the rest of the tokens")
        XCTAssertEqual(queue.takeBatch(max: 100, now: 1.1).count, 3)
        XCTAssertEqual(queue.count, 9)
    }

    func testTheDefaultBurstIsOneSecondOfRecords() {
        XCTAssertEqual(DestinationCapacity(eventsPerSecond: 500).burst, 500)
        XCTAssertEqual(DestinationCapacity(eventsPerSecond: 2.5).burst, 3)
        XCTAssertEqual(DestinationCapacity(eventsPerSecond: 0.2).burst, 1)
        XCTAssertEqual(DestinationCapacity().maxQueuedRecords, 10_000)
        XCTAssertEqual(DestinationCapacity().maxQueuedBytes, 16 * 1024 * 1024)
        XCTAssertEqual(DestinationCapacity().policy, .block, "a slow receiver is backpressure: waiting, not shedding, by default")
        XCTAssertNil(DestinationCapacity.unlimited.eventsPerSecond)
    }

    // MARK: - Owners

    func testOwnerAccountingAndRemoval() {
        var queue = CapacityQueue(capacity: .unlimited, now: 0)
        for index in 0..<6 { _ = queue.offer(Self.record("o1-\(index)", index % 2 == 0 ? .low : .high, Double(index), owner: 1, size: 10)) }
        for index in 0..<4 { _ = queue.offer(Self.record("o2-\(index)", .medium, Double(index), owner: 2, size: 20)) }
        XCTAssertEqual(queue.queuedCount(owner: 1), 6)
        XCTAssertEqual(queue.queuedCount(owner: 2), 4)
        XCTAssertEqual(queue.queuedCount(owner: 3), 0)
        XCTAssertEqual(queue.takeBatch(max: 2, now: 0).map(Self.name), ["o1-5", "o1-3"])
        XCTAssertEqual(queue.queuedCount(owner: 1), 4)
        XCTAssertEqual(queue.removeAll(owner: 2).map(Self.name), ["o2-3", "o2-2", "o2-1", "o2-0"])
        XCTAssertEqual(queue.queuedCount(owner: 2), 0)
        XCTAssertEqual(queue.removeAll(owner: 2), [])
        XCTAssertEqual(queue.count, 4)
        XCTAssertEqual(queue.bytes, 40)
        XCTAssertEqual(queue.takeBatch(max: 10, now: 0).map(Self.name), ["o1-1", "o1-4", "o1-2", "o1-0"])
        XCTAssertEqual(queue.queuedCount(owner: 1), 0)
        XCTAssertEqual(queue.bytes, 0)
    }

    func testReconfigureKeepsWhatFitsAndReturnsTheLowestOfTheRest() {
        var queue = CapacityQueue(capacity: .unlimited, now: 0)
        for index in 0..<10 { _ = queue.offer(Self.record("r\(index)", index < 3 ? .critical : .low, Double(index))) }
        let removed = queue.reconfigure(DestinationCapacity(eventsPerSecond: 1, burst: 2, maxQueuedRecords: 5), now: 0)
        XCTAssertEqual(removed.map(Self.name), ["r3", "r4", "r5", "r6", "r7"])
        XCTAssertEqual(queue.takeBatch(max: 10, now: 0).map(Self.name), ["r2", "r1"], "the new bucket applies")
        XCTAssertEqual(queue.count, 3)
    }

    // MARK: - Helpers

    static func record(_ name: String, _ severity: FindingSeverity, _ updatedAt: Double,
                       owner: Int = 0, size: Int? = nil, sequence: UInt64 = 0) -> QueuedRecord {
        var message = Array(name.utf8)
        if let size {
            precondition(size >= message.count, "size too small for the name")
            message += [UInt8](repeating: UInt8(ascii: " "), count: size - message.count)
        }
        return QueuedRecord(message: message, severity: severity, updatedAt: updatedAt, owner: owner, sequence: sequence)
    }

    static func name(_ record: QueuedRecord) -> String {
        String(decoding: record.message, as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    /// The priority rule, restated independently: severity, newer `updatedAt`, earlier arrival.
    static func outranks(_ a: QueuedRecord, _ aArrival: Int, _ b: QueuedRecord, _ bArrival: Int) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.updatedAt != b.updatedAt { return a.updatedAt > b.updatedAt }
        return aArrival < bArrival
    }

    /// Mostly low-value records with a realistic sprinkle of critical and high ones.
    static func mixedSeverity(_ generator: inout SplitMix64) -> FindingSeverity {
        switch generator.next() % 100 {
        case 0..<3: return .critical
        case 3..<8: return .high
        case 8..<30: return .medium
        case 30..<55: return .low
        case 55..<65: return .none
        default: return .informational
        }
    }
}

/// A seeded generator, so a failing property test fails the same way every time.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
