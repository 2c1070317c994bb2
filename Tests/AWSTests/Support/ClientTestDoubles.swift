import Foundation
import HTTP
import XCTest
@testable import AWS

/// A client over a scripted transport, with instant sleeps and a fixed jitter, and the error answers AWS sends.
extension XCTestCase {
    func makeClient(_ transport: ScriptedTransport, credentials: CountingCredentials = CountingCredentials(),
                    policy: RetryPolicy = .standard, quota: RetryQuota = RetryQuota(),
                    rateLimiter: ClientRateLimiter = ClientRateLimiter(),
                    sleep: @escaping @Sendable (Double) async throws -> Void = { _ in },
                    log: EventLog) -> AWSServiceClient {
        let clock = TickingClock()
        return AWSServiceClient(
            transport: transport, credentials: credentials, region: "us-east-1", service: "inspector2",
            endpoint: "https://inspector2.us-east-1.amazonaws.com", retry: policy, quota: quota, rateLimiter: rateLimiter,
            clock: { clock.next() }, sleep: { seconds in log.slept(seconds); try await sleep(seconds) },
            random: { 0.5 }, onRetry: { log.retried($0) })
    }

    func json(_ status: Int, _ code: String, retryAfter: String? = nil) -> HTTPResponse {
        var headers = [HTTPHeader("x-amzn-ErrorType", code), HTTPHeader("x-amzn-RequestId", "rid-\(status)")]
        if let retryAfter { headers.append(HTTPHeader("Retry-After", retryAfter)) }
        return HTTPResponse(status: status, headers: headers, body: Array(#"{"message":"\#(code) happened"}"#.utf8))
    }
}

/// Answers from a script, records what it was sent; can cancel the calling task mid-request.
actor ScriptedTransport: HTTPTransport {
    private var script: [Result<HTTPResponse, HTTPError>]
    private let cancelCaller: Bool
    private(set) var requests: [HTTPRequest] = []

    init(_ script: [Result<HTTPResponse, HTTPError>], cancelCaller: Bool = false) {
        self.script = script
        self.cancelCaller = cancelCaller
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        requests.append(request)
        if cancelCaller { withUnsafeCurrentTask { $0?.cancel() } }
        guard !script.isEmpty else { throw HTTPError.transport(code: 0, detail: "script exhausted") }
        return try script.removeFirst().get()
    }
}

/// Hands out fixed credentials and counts the calls. Locked: read from the test, written by the client.
final class CountingCredentials: CredentialProvider, @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    let name = "counting"
    var calls: Int { lock.withLock { count } }
    func credentials() async throws -> AWSCredentials {
        lock.withLock { count += 1 }
        return AWSCredentials(accessKeyId: "AKIDTEST", secretAccessKey: "test-secret", sessionToken: "tok")
    }
}

/// A clock that moves one second each time it is read. Locked for the same reason.
final class TickingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now = Date(timeIntervalSince1970: 1_700_000_000)
    func next() -> Date {
        lock.withLock { now += 1; return now }
    }
}

/// Collects retry events and sleeps. Locked: the client's closures write, the test reads.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storedEvents: [RetryEvent] = []
    private var storedSleeps: [Double] = []
    var events: [RetryEvent] { lock.withLock { storedEvents } }
    var sleeps: [Double] { lock.withLock { storedSleeps } }
    func retried(_ event: RetryEvent) { lock.withLock { storedEvents.append(event) } }
    func slept(_ seconds: Double) { lock.withLock { storedSleeps.append(seconds) } }
}

func XCTAssertThrowsAsync<T>(_ expression: @autoclosure () async throws -> T,
                                     file: StaticString = #filePath, line: UInt = #line,
                                     _ check: (any Error) -> Void) async {
    do {
        _ = try await expression()
        XCTFail("expected an error", file: file, line: line)
    } catch {
        check(error)
    }
}
