import Foundation
import XCTest
@testable import HTTP

final class RetryPolicyTests: XCTestCase {
    func testStandardPolicyIsTenAttemptsWithTwentySecondBackoff() {
        XCTAssertEqual(RetryPolicy.standard.maxAttempts, 10)
        XCTAssertEqual(RetryPolicy.standard.maxBackoff, 20)
    }

    func testDelaysStayWithinTheExponentialCeilingForEveryAttempt() {
        let policy = RetryPolicy.standard
        let ceilings: [Double] = [1, 2, 4, 8, 16, 20, 20, 20, 20, 20]
        for (index, ceiling) in ceilings.enumerated() {
            let attempt = index + 1
            for random in [0.0, 0.25, 0.5, 0.999] {
                let delay = policy.delay(afterAttempt: attempt, retryAfter: nil, random: random)
                XCTAssertEqual(delay, random * ceiling, accuracy: 1e-9, "attempt \(attempt), random \(random)")
                XCTAssertGreaterThanOrEqual(delay, 0)
                XCTAssertLessThan(delay, ceiling + 1e-9)
            }
        }
        XCTAssertEqual(policy.delay(afterAttempt: 1000, retryAfter: nil, random: 1), 20)
    }

    func testRetryAfterIsAMinimumButCapped() {
        let policy = RetryPolicy.standard
        XCTAssertEqual(policy.delay(afterAttempt: 1, retryAfter: 7, random: 0.5), 7)
        // Backoff longer than Retry-After wins.
        XCTAssertEqual(policy.delay(afterAttempt: 6, retryAfter: 3, random: 0.5), 10)
        XCTAssertEqual(policy.delay(afterAttempt: 1, retryAfter: 86_400, random: 0.1), 60)
        XCTAssertEqual(policy.delay(afterAttempt: 1, retryAfter: -5, random: 0.5), 0.5)
        XCTAssertEqual(RetryPolicy(maxRetryAfter: 30).delay(afterAttempt: 1, retryAfter: 45, random: 0), 30)
    }

    func testRetryAfterHeaderForms() {
        let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT
        XCTAssertEqual(RetryAfter.seconds("5", now: now), 5)
        XCTAssertEqual(RetryAfter.seconds(" 1.5 ", now: now), 1.5)
        XCTAssertEqual(RetryAfter.seconds("Sun, 06 Nov 1994 08:50:07 GMT", now: now), 30)
        XCTAssertEqual(RetryAfter.seconds("Sun, 06 Nov 1994 08:00:00 GMT", now: now), 0)
        XCTAssertNil(RetryAfter.seconds("soon", now: now))
        XCTAssertNil(RetryAfter.seconds("-3", now: now))
    }

    func testQuotaChargesRetriesAndStopsWhenExhausted() async {
        let quota = RetryQuota(capacity: 20)
        let first = await quota.acquire(forTimeout: false)
        let second = await quota.acquire(forTimeout: true)
        XCTAssertTrue(first)
        XCTAssertTrue(second)
        let afterTwo = await quota.available
        XCTAssertEqual(afterTwo, 5)
        let timeoutDenied = await quota.acquire(forTimeout: true)
        XCTAssertFalse(timeoutDenied, "a timeout retry costs 10, only 5 left")
        let last = await quota.acquire(forTimeout: false)
        XCTAssertTrue(last)
        let exhausted = await quota.acquire(forTimeout: false)
        XCTAssertFalse(exhausted)
        let empty = await quota.available
        XCTAssertEqual(empty, 0)
    }

    func testQuotaRefundsOnSuccessUpToCapacity() async {
        let quota = RetryQuota(capacity: 500)
        _ = await quota.acquire(forTimeout: true)
        await quota.releaseOnSuccess(lastRetryCost: RetryQuota.timeoutRetryCost)
        let refunded = await quota.available
        XCTAssertEqual(refunded, 500)
        _ = await quota.acquire(forTimeout: false)
        await quota.releaseOnSuccess(lastRetryCost: 0)
        let refilled = await quota.available
        XCTAssertEqual(refilled, 496)
        for _ in 0..<10 { await quota.releaseOnSuccess(lastRetryCost: 0) }
        let capped = await quota.available
        XCTAssertEqual(capped, 500)
    }

    func testRefillRestoresTheWholeQuota() async {
        let quota = RetryQuota(capacity: 20)
        while await quota.acquire(forTimeout: false) {}
        let empty = await quota.available
        XCTAssertEqual(empty, 0)
        await quota.refill()
        let full = await quota.available
        XCTAssertEqual(full, 20)
    }
}
