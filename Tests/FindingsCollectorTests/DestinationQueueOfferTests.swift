@testable import FindingsCollector
import XCTest

/// A page of records goes to the destination in one offer; each overflow policy still decides per record.
final class DestinationQueueOfferTests: XCTestCase {
    private let quiet = Logger(minimum: .error, write: { _ in })

    private func records(_ severities: [FindingSeverity], owner: Int) -> [QueuedRecord] {
        severities.enumerated().map { index, severity in
            QueuedRecord(message: Array("record \(index)".utf8), severity: severity, updatedAt: Double(index), owner: owner)
        }
    }

    func testTheDeferPolicyTakesWhatFitsAndNamesWhyItStopped() async {
        let queue = DestinationQueue(name: "d", capacity: DestinationCapacity(maxQueuedRecords: 3, policy: .defer),
                                     transport: RecordingTransport(), logger: quiet)
        let window = await queue.openWindow { _ in }
        let answer = await queue.offer(records(Array(repeating: .high, count: 5), owner: window)[...])
        XCTAssertEqual(answer.taken, 3)
        XCTAssertEqual(answer.refusal, .deferred)
        XCTAssertEqual(answer.shed, [:])
        let depth = await queue.depth
        XCTAssertEqual(depth, 3)
    }

    func testTheShedPolicyTakesEveryRecordAndCountsWhatItRefusedBySeverity() async {
        let queue = DestinationQueue(name: "d", capacity: DestinationCapacity(maxQueuedRecords: 2, policy: .shed),
                                     transport: RecordingTransport(), logger: quiet)
        let window = await queue.openWindow { _ in }
        let answer = await queue.offer(records([.critical, .critical, .low, .medium, .critical], owner: window)[...])
        XCTAssertEqual(answer.taken, 5)
        XCTAssertNil(answer.refusal)
        XCTAssertEqual(answer.shed, [.low: 1, .medium: 1], "a full queue of criticals refuses the lower severities")
        // The third critical evicts the older of the two queued: counted on the window, not as refused.
        let delivery = await queue.closeWindow(window)
        XCTAssertEqual(delivery.evicted, [.critical: 1])
        XCTAssertEqual(delivery.stillQueued, 2)
    }

    func testTheBlockPolicyWaitsForRoomUntilTheWholePageIsQueued() async {
        let transport = RecordingTransport()
        let queue = DestinationQueue(name: "d", capacity: DestinationCapacity(maxQueuedRecords: 4, policy: .block),
                                     transport: transport, logger: quiet)
        let window = await queue.openWindow { _ in }
        let page = records(Array(repeating: .medium, count: 50), owner: window)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await queue.run() }
            let answer = await queue.offer(page[...])
            XCTAssertEqual(answer.taken, 50)
            XCTAssertNil(answer.refusal)
            await queue.waitUntilDelivered(window: window)
            group.cancelAll()
        }
        XCTAssertEqual(Set(transport.messages), Set(page.map(\.message)), "every record of the page went out, none twice")
        XCTAssertEqual(transport.messages.count, 50)
    }

    func testABlockedOfferReturnsOnShutdownWithWhatItTook() async {
        let queue = DestinationQueue(name: "d", capacity: DestinationCapacity(maxQueuedRecords: 2, policy: .block),
                                     transport: RecordingTransport(), logger: quiet)
        let window = await queue.openWindow { _ in }
        let page = records(Array(repeating: .low, count: 6), owner: window)
        let offering = Task { await queue.offer(page[...]) }   // nothing drains: it blocks after 2
        try? await Task.sleep(nanoseconds: 50_000_000)
        offering.cancel()
        let answer = await offering.value
        XCTAssertEqual(answer.taken, 2)
        XCTAssertEqual(answer.refusal, .full)
    }
}
