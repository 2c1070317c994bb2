import Foundation
import XCTest
import HTTP
@testable import AWS

final class AWSServiceClientTests: XCTestCase {
    func testThrottledTwiceThenSucceeds() async throws {
        let transport = ScriptedTransport([.success(json(429, "ThrottlingException", retryAfter: "2")),
                                           .success(json(429, "ThrottlingException")),
                                           .success(HTTPResponse(status: 200, body: Array("{}".utf8)))])
        let log = EventLog()
        let credentials = CountingCredentials()
        let client = makeClient(transport, credentials: credentials, log: log)
        let response = try await client.send(method: "POST", path: "/findings/list", body: Array("{}".utf8))
        XCTAssertEqual(response.status, 200)
        let requests = await transport.requests
        XCTAssertEqual(requests.count, 3)
        XCTAssertEqual(log.events.map(\.attempt), [1, 2])
        XCTAssertEqual(log.events.map(\.reason), ["429 ThrottlingException", "429 ThrottlingException"])
        XCTAssertEqual(log.events.map(\.delay), [2.0, 1.0], "Retry-After 2 s first, then 0.5 × 2^1 s")
        XCTAssertEqual(log.events.map(\.isThrottling), [true, true])
        XCTAssertEqual(Array(log.sleeps.prefix(2)), [2.0, 1.0],
                       "backoff first; then the rate limiter, enabled by the throttles, may add a wait for a token")
        XCTAssertEqual(credentials.calls, 3, "credentials are fetched for every attempt")
        XCTAssertEqual(requests[0].url, "https://inspector2.us-east-1.amazonaws.com/findings/list")
    }

    func testEveryAttemptIsSignedAfresh() async throws {
        let transport = ScriptedTransport([.success(json(503, "ServiceUnavailableException")),
                                           .success(json(500, "InternalServerException")),
                                           .success(HTTPResponse(status: 200))])
        let client = makeClient(transport, log: EventLog())
        _ = try await client.send(method: "POST", path: "/findings/list", query: "b=2&a=1", body: [])
        let requests = await transport.requests
        let dates = requests.compactMap { $0.headers.value(for: "X-Amz-Date") }
        XCTAssertEqual(dates.count, 3)
        XCTAssertEqual(Set(dates).count, 3, "dates: \(dates)")
        XCTAssertEqual(Set(requests.compactMap { $0.headers.value(for: "Authorization") }).count, 3)
        XCTAssertTrue(requests.allSatisfy { $0.headers.filter { $0.name == "Authorization" }.count == 1 })
        XCTAssertEqual(requests[2].url, "https://inspector2.us-east-1.amazonaws.com/findings/list?b=2&a=1")
    }

    func testAccessDeniedIsNotRetried() async {
        let transport = ScriptedTransport([.success(json(403, "AccessDeniedException"))])
        let log = EventLog()
        let client = makeClient(transport, log: log)
        do {
            _ = try await client.send(method: "POST", path: "/findings/list", body: [])
            XCTFail("expected an error")
        } catch let error as AWSServiceError {
            XCTAssertEqual(error.status, 403)
            XCTAssertEqual(error.code, "AccessDeniedException")
            XCTAssertEqual(error.message, "AccessDeniedException happened")
            XCTAssertEqual(error.requestId, "rid-403")
        } catch {
            XCTFail("unexpected \(error)")
        }
        let count = await transport.requests.count
        XCTAssertEqual(count, 1)
        XCTAssertTrue(log.events.isEmpty)
    }

    func testServerErrorsUntilAttemptsRunOut() async {
        let transport = ScriptedTransport(Array(repeating: .success(json(500, "InternalServerException")), count: 10))
        let log = EventLog()
        let client = makeClient(transport, policy: RetryPolicy(maxAttempts: 4), log: log)
        await XCTAssertThrowsAsync(try await client.send(method: "POST", path: "/x", body: [])) { error in
            XCTAssertEqual((error as? AWSServiceError)?.code, "InternalServerException")
        }
        let count = await transport.requests.count
        XCTAssertEqual(count, 4)
        XCTAssertEqual(log.events.count, 3)
    }

    func testExhaustedQuotaStopsRetrying() async {
        let transport = ScriptedTransport(Array(repeating: .success(json(500, "InternalServerException")), count: 10))
        let quota = RetryQuota(capacity: 12)  // two plain retries
        let client = makeClient(transport, quota: quota, log: EventLog())
        await XCTAssertThrowsAsync(try await client.send(method: "POST", path: "/x", body: [])) { error in
            XCTAssertEqual((error as? AWSServiceError)?.status, 500)
        }
        let count = await transport.requests.count
        XCTAssertEqual(count, 3)
        let left = await quota.available
        XCTAssertEqual(left, 2)
    }

    func testTransientTransportErrorsAreRetriedOthersAreNot() async throws {
        let flaky = ScriptedTransport([.failure(HTTPError.timedOut(url: "https://x/")),
                                       .failure(HTTPError.connectionFailed(host: "x", detail: "refused")),
                                       .success(HTTPResponse(status: 200))])
        let quota = RetryQuota(capacity: 500)
        let log = EventLog()
        _ = try await makeClient(flaky, quota: quota, log: log).send(method: "GET", path: "/", body: [])
        XCTAssertEqual(log.events.count, 2)
        let available = await quota.available
        XCTAssertEqual(available, 500 - 10 - 5 + 5, "timeout retry costs 10, plain 5, success refunds the last")

        let broken = ScriptedTransport([.failure(HTTPError.tlsVerificationFailed(host: "x", detail: "self-signed"))])
        await XCTAssertThrowsAsync(try await makeClient(broken, log: EventLog()).send(method: "GET", path: "/", body: [])) { error in
            XCTAssertEqual(error as? HTTPError, .tlsVerificationFailed(host: "x", detail: "self-signed"))
        }
        let calls = await broken.requests.count
        XCTAssertEqual(calls, 1)
    }

    func testCancellationStopsRetryingAtOnce() async {
        let transport = ScriptedTransport(Array(repeating: .success(json(503, "ServiceUnavailable")), count: 10),
                                          cancelCaller: true)
        let log = EventLog()
        let client = makeClient(transport, log: log)
        let task = Task { try await client.send(method: "GET", path: "/", body: []) }
        await XCTAssertThrowsAsync(try await task.value) { error in
            XCTAssertTrue(error is CancellationError, "\(error)")
        }
        let count = await transport.requests.count
        XCTAssertEqual(count, 1)
        XCTAssertTrue(log.events.isEmpty)
    }

    func testCancelledSleepEndsTheCall() async {
        let transport = ScriptedTransport(Array(repeating: .success(json(429, "ThrottlingException")), count: 10))
        let client = makeClient(transport, sleep: { _ in throw CancellationError() }, log: EventLog())
        await XCTAssertThrowsAsync(try await client.send(method: "GET", path: "/", body: [])) { error in
            XCTAssertTrue(error is CancellationError)
        }
        let count = await transport.requests.count
        XCTAssertEqual(count, 1)
    }
}
