import Foundation
import XCTest
@testable import AWS
import HTTP

/// What the retry loop does with bodies the caller cannot use and with throttling, through AWSServiceClient.
final class RetryLoopTests: XCTestCase {
    /// Stands in for a page parser: accepts `{}` only, and says where the bad body broke off.
    private struct BodyProblem: Error, CustomStringConvertible {
        let offset: Int
        var description: String { "response is not valid JSON (unexpected end of input) at byte \(offset)" }
    }

    private static func decode(_ response: HTTPResponse) throws -> String {
        guard response.body == Array("{}".utf8) else { throw BodyProblem(offset: response.body.count) }
        return "page"
    }

    private let truncated = HTTPResponse(status: 200, body: Array(#"{"findings":[{"findi"#.utf8))
    private let good = HTTPResponse(status: 200, body: Array("{}".utf8))

    func testAnUnusableBodyIsRetriedAndCountedWithItsRealReason() async throws {
        let transport = ScriptedTransport([.success(truncated), .success(good)])
        let log = EventLog()
        let quota = RetryQuota()
        let client = makeClient(transport, quota: quota, log: log)
        let page = try await client.send(method: "POST", path: "/findings/list", body: [], decode: Self.decode)
        XCTAssertEqual(page, "page")
        XCTAssertEqual(log.events.map(\.reason),
                       ["200 with an unusable body: response is not valid JSON (unexpected end of input) at byte 20"])
        XCTAssertEqual(log.events.map(\.isThrottling), [false])
        let available = await quota.available
        XCTAssertEqual(available, 500, "paid like a 500 and refunded by the success")
    }

    func testABodyUnusableOnEveryAttemptThrowsTheBodyProblem() async {
        let transport = ScriptedTransport(Array(repeating: .success(truncated), count: 10))
        let log = EventLog()
        let client = makeClient(transport, policy: RetryPolicy(maxAttempts: 3), log: log)
        await XCTAssertThrowsAsync(try await client.send(method: "POST", path: "/x", body: [], decode: Self.decode)) { error in
            XCTAssertEqual((error as? BodyProblem)?.offset, 20, "the decoder's own error: \(error)")
            XCTAssertFalse("\(error)".contains("endpoint_url"), "\(error)")
        }
        let count = await transport.requests.count
        XCTAssertEqual(count, 3, "bounded by maxAttempts like any other failure")
        XCTAssertEqual(log.events.count, 2)
    }

    func testThrottlesSpendNeitherTheQuotaNorTheAttempts() async throws {
        let throttles = Array(repeating: Result<HTTPResponse, HTTPError>.success(json(429, "ThrottlingException")), count: 25)
        let transport = ScriptedTransport(throttles + [.success(json(500, "InternalServerException")), .success(good)])
        let quota = RetryQuota(capacity: 7)  // one plain retry
        let log = EventLog()
        let client = makeClient(transport, policy: RetryPolicy(maxAttempts: 3), quota: quota, log: log)
        let response = try await client.send(method: "POST", path: "/x", body: [])
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(log.events.count, 26)
        XCTAssertEqual(log.events.filter(\.isThrottling).count, 25)
        let available = await quota.available
        XCTAssertEqual(available, 7, "only the 500 was paid for, and the success refunded it")
    }

    func testThrottlingEndsWhenItsWaitBudgetIsSpent() async {
        let transport = ScriptedTransport(Array(repeating: .success(json(429, "ThrottlingException", retryAfter: "3")), count: 50))
        let log = EventLog()
        let client = makeClient(transport, policy: RetryPolicy(maxThrottleWait: 10), log: log)
        await XCTAssertThrowsAsync(try await client.send(method: "POST", path: "/x", body: [])) { error in
            XCTAssertEqual((error as? AWSServiceError)?.status, 429)
        }
        XCTAssertLessThanOrEqual(log.sleeps.reduce(0, +), 10)
        XCTAssertGreaterThan(log.sleeps.reduce(0, +), 5, "the budget is used, not given up at the first throttle")
        let count = await transport.requests.count
        XCTAssertLessThan(count, 10)
    }

    func testThrottlingAlsoEndsAfterItsAttemptCeiling() async {
        let transport = ScriptedTransport(Array(repeating: .success(json(429, "ThrottlingException")), count: 50))
        let client = makeClient(transport, policy: RetryPolicy(maxThrottleWait: 1e9, maxThrottledAttempts: 4), log: EventLog())
        await XCTAssertThrowsAsync(try await client.send(method: "POST", path: "/x", body: [])) { _ in }
        let count = await transport.requests.count
        XCTAssertEqual(count, 5)
    }

    func testASingleAttemptPolicyDoesNotWaitOutThrottlingEither() async {
        let transport = ScriptedTransport(Array(repeating: .success(json(429, "ThrottlingException")), count: 5))
        let log = EventLog()
        let client = makeClient(transport, policy: RetryPolicy(maxAttempts: 1), log: log)
        await XCTAssertThrowsAsync(try await client.send(method: "POST", path: "/x", body: [])) { error in
            XCTAssertEqual((error as? AWSServiceError)?.status, 429)
        }
        let count = await transport.requests.count
        XCTAssertEqual(count, 1, "test-connector's one attempt answers at once")
        XCTAssertTrue(log.events.isEmpty)
    }

    func testRetryEventsSayWhetherTheServerThrottled() async throws {
        let transport = ScriptedTransport([.success(json(429, "TooManyRequestsException")),
                                           .success(json(400, "ThrottlingException")),
                                           .success(json(500, "InternalServerException")),
                                           .success(json(503, "ServiceUnavailable")),
                                           .success(good)])
        let log = EventLog()
        _ = try await makeClient(transport, log: log).send(method: "POST", path: "/x", body: [])
        XCTAssertEqual(log.events.map(\.isThrottling), [true, true, false, false])
    }

    func testThrottlesSlowDownTheClientsLaterCalls() async throws {
        let limiter = ClientRateLimiter()
        let transport = ScriptedTransport([.success(json(429, "ThrottlingException")), .success(good), .success(good)])
        let client = makeClient(transport, rateLimiter: limiter, log: EventLog())
        _ = try await client.send(method: "POST", path: "/x", body: [])
        let enabled = await limiter.isEnabled
        XCTAssertTrue(enabled, "the client's shared limiter took note of the throttle")
        let untouched = ClientRateLimiter()
        let stillOff = await untouched.isEnabled
        XCTAssertFalse(stillOff)
    }
}
