import XCTest
@testable import HTTP

/// The adaptive-mode limiter as a state machine: times are passed in, so every rate is exact.
final class ClientRateLimiterTests: XCTestCase {
    /// Sends at `rate` per second from `start` for `seconds`, all answered with success; returns the end time.
    private func succeed(_ limiter: ClientRateLimiter, rate: Double, from start: Double, for seconds: Double) async -> Double {
        var now = start
        while now < start + seconds {
            now += await limiter.delayBeforeSending(at: now)
            await limiter.recordResponse(throttled: false, at: now)
            now += 1 / rate
        }
        return now
    }

    func testOffUntilTheFirstThrottle() async {
        let limiter = ClientRateLimiter()
        _ = await succeed(limiter, rate: 20, from: 1_000, for: 5)
        let enabled = await limiter.isEnabled
        XCTAssertFalse(enabled)
        let delay = await limiter.delayBeforeSending(at: 1_005)
        XCTAssertEqual(delay, 0)
    }

    func testThrottlesLowerTheRateAndSuccessesBringItBack() async {
        let limiter = ClientRateLimiter()
        var now = await succeed(limiter, rate: 10, from: 1_000, for: 5)
        let measured = await limiter.measuredRate
        XCTAssertEqual(measured, 10, accuracy: 1.5)

        await limiter.recordResponse(throttled: true, at: now)
        let afterOne = await limiter.fillRate
        XCTAssertEqual(afterOne, measured * ClientRateLimiter.beta, accuracy: 0.01)
        now += 0.05
        await limiter.recordResponse(throttled: true, at: now)
        let afterTwo = await limiter.fillRate
        XCTAssertLessThan(afterTwo, afterOne, "a second throttle lowers it again")

        // Sending as fast as the limiter lets us: the CUBIC curve climbs back past the throttled rate.
        now = await succeed(limiter, rate: 1_000, from: now, for: 20)
        let recovered = await limiter.fillRate
        XCTAssertGreaterThan(recovered, measured, "after 20 s of successes the rate is above where it was throttled")
    }

    func testCallersWaitForTokensOneBehindTheOther() async {
        let limiter = ClientRateLimiter()
        await limiter.recordResponse(throttled: true, at: 50)   // nothing measured yet: the minimum rate
        let rate = await limiter.fillRate
        XCTAssertEqual(rate, ClientRateLimiter.minFillRate)
        let first = await limiter.delayBeforeSending(at: 50)
        let second = await limiter.delayBeforeSending(at: 50)
        XCTAssertEqual(first, 2, accuracy: 1e-9, "an empty bucket at 0.5 tokens/s")
        XCTAssertEqual(second, 4, accuracy: 1e-9, "the second caller queues behind the first")
        let later = await limiter.delayBeforeSending(at: 60)
        XCTAssertEqual(later, 0, "ten seconds later the reservations are paid and a token is there")
    }

    func testTheCurveReturnsToTheThrottledRateAfterItsTimeWindow() {
        // Rate 10 throttled: back to 10 after cbrt(10 × 0.3 / 0.4) s.
        XCTAssertEqual(ClientRateLimiter.timeWindow(forMaxRate: 10), 1.957, accuracy: 0.001)
    }
}
