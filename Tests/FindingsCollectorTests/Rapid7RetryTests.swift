@testable import FindingsCollector
import Foundation
import HTTP
import JSONBytes
@testable import Simulator
import Synchronization
import XCTest

final class Rapid7RetryTests: XCTestCase {
    private let initial = TimeWindow(start: Rapid7TestData.now - 86_400, end: Rapid7TestData.now - 120, isInitial: true)
    private let query = Rapid7AssetsQuery(pageSize: 5, includeSame: true, comparisonTime: nil, assetCriteria: nil,
                                          vulnerabilityCriteria: nil)

    func testThrottlingIsWaitedOutWithRetryAfterAndTyped() async throws {
        let double = Rapid7TestData.double()
        double.enqueueFaults([.status(429, "slow down", retryAfter: 7, endpoint: .assets), .throttled])
        let events = RetryEvents()
        let client = Rapid7TestData.client(Rapid7DoubleTransport(double), maxAttempts: 2, events: events)
        let answer = try await client.searchAssets(query, cursor: nil)
        XCTAssertEqual(answer.page.items.count, 5)
        let seen = events.all
        // Two throttles do not spend the two attempts (throttling is bounded by time, not attempts).
        XCTAssertEqual(seen.map(\.isThrottling), [true, true])
        XCTAssertEqual(seen.first?.delay, 7, "Retry-After honoured")
        XCTAssertEqual(seen.first?.reason, "HTTP 429 from /vm/v4/integration/assets")
        XCTAssertEqual(double.assetsRequests, 3)
    }

    func testServerErrorsAndTransientTransportErrorsAreRetried() async throws {
        let double = Rapid7TestData.double()
        double.enqueueFaults([.serverError, .unavailable, .status(502, "bad gateway"), .status(408, "timeout")])
        let events = RetryEvents()
        let client = Rapid7TestData.client(Rapid7DoubleTransport(double), maxAttempts: 10, events: events)
        _ = try await client.searchAssets(query, cursor: nil)
        XCTAssertEqual(events.all.map(\.isThrottling), [false, false, false, false])
        XCTAssertEqual(double.assetsRequests, 5)

        let flaky = FlakyTransport(failures: [.connectionFailed(host: "x", detail: "reset"), .timedOut(url: "x")], then: double)
        _ = try await Rapid7TestData.client(flaky).searchAssets(query, cursor: nil)
        XCTAssertEqual(flaky.attempts, 3)
    }

    func testClientErrorsEndTheCallAtOnce() async throws {
        for fault in [Rapid7Fault.unauthorized, .forbidden, .notFound, .status(400, "Your query string format is not valid.")] {
            let double = Rapid7TestData.double()
            double.failAlways(with: fault)
            let client = Rapid7TestData.client(Rapid7DoubleTransport(double))
            do {
                _ = try await client.searchAssets(query, cursor: nil)
                XCTFail("expected \(fault)")
            } catch let error as Rapid7APIError {
                guard case .status(let status, let message) = fault.kind else { return XCTFail() }
                XCTAssertEqual(error.status, status)
                XCTAssertEqual(error.message, message)
                XCTAssertEqual(error.path, "/vm/v4/integration/assets")
            }
            XCTAssertEqual(double.assetsRequests, 1, "\(fault) must not be retried")
        }
        // TLS verification is not transient either.
        let tls = FlakyTransport(failures: [.tlsVerificationFailed(host: "x", detail: "self-signed")], then: nil)
        await XCTAssertThrowsAsync(try await Rapid7TestData.client(tls).searchAssets(query, cursor: nil))
        XCTAssertEqual(tls.attempts, 1)
    }

    func testAnUnusable200IsRetriedLikeA500ThenGivenUpAsAnUnreadablePage() async throws {
        let double = Rapid7TestData.double()
        double.enqueueFaults([.truncated, .html])
        let client = Rapid7TestData.client(Rapid7DoubleTransport(double))
        let answer = try await client.searchAssets(query, cursor: nil)
        XCTAssertEqual(answer.page.items.count, 5)
        XCTAssertEqual(double.assetsRequests, 3)

        double.failAlways(with: .html)
        do {
            _ = try await Rapid7TestData.client(Rapid7DoubleTransport(double), maxAttempts: 3).searchAssets(query, cursor: nil)
            XCTFail("expected an unusable page")
        } catch let error as Rapid7SourceError {
            let unreadable: any UnreadablePageError = error
            XCTAssertEqual(unreadable.unreadableBody.map { String(decoding: $0, as: UTF8.self) }?.hasPrefix("<html>"), true)
            XCTAssertTrue("\(error)".contains("does not look like InsightVM"), "\(error)")
        }
    }

    func testAWholeListingGetsThroughChaos() async throws {
        let chaos = SimulatedChaos(seed: 42, throttlePercent: 15, serverErrorPercent: 15, malformedPercent: 15, retryAfter: 0)
        let double = Rapid7TestData.double(assets: 40, findingsPerAsset: 4, definitions: 30, chaos: chaos)
        let (source, _) = Rapid7TestData.source(double, pageSize: 3, batchSize: 5)
        await source.startPass()
        let (pages, summary) = try await Rapid7TestData.listAll(source, initial)
        XCTAssertTrue(summary.complete)
        let counts = double.chaosCounts
        XCTAssertGreaterThan(counts.throttled + counts.serverErrors + counts.malformed, 5)
        let uids = Rapid7TestData.uids(in: pages, listing: "same")
        XCTAssertEqual(uids.count, Set(uids).count)
        XCTAssertEqual(Set(uids), double.data.currentUIDs(scannedAfter: initial.start, now: Rapid7TestData.now))
        XCTAssertEqual(double.definitionsServed.values.max(), 1)
    }

    func testACursorReusedWithAnotherQueryIsRejected() async throws {
        let double = Rapid7TestData.double()
        let client = Rapid7TestData.client(Rapid7DoubleTransport(double))
        let first = try await client.searchAssets(query, cursor: nil)
        let cursor = try XCTUnwrap(first.page.cursor)
        var other = query
        other.assetCriteria = "os_family = 'Linux'"
        do {
            _ = try await client.searchAssets(other, cursor: cursor)
            XCTFail("expected 400")
        } catch let error as Rapid7APIError {
            XCTAssertEqual(error.status, 400)
            XCTAssertTrue(error.message.contains("not valid for this request"), error.message)
        }
    }
}

/// Throws the given transport errors, then forwards to a double.
final class FlakyTransport: HTTPTransport {
    private let state: Mutex<(failures: [HTTPError], attempts: Int)>
    private let next: Rapid7DoubleTransport?

    init(failures: [HTTPError], then double: Rapid7Double?) {
        state = Mutex((failures, 0))
        next = double.map(Rapid7DoubleTransport.init)
    }

    var attempts: Int { state.withLock { $0.attempts } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let failure: HTTPError? = state.withLock { state in
            state.attempts += 1
            return state.failures.isEmpty ? nil : state.failures.removeFirst()
        }
        if let failure { throw failure }
        guard let next else { throw HTTPError.connectionFailed(host: "x", detail: "no double") }
        return try await next.send(request)
    }
}

func XCTAssertThrowsAsync<T>(_ expression: @autoclosure () async throws -> T, file: StaticString = #filePath, line: UInt = #line) async {
    do {
        _ = try await expression()
        XCTFail("expected an error", file: file, line: line)
    } catch {}
}
