import FindingsCollector
import XCTest

final class TokenBucketTests: XCTestCase {
    func testStartsFullAndGivesNoMoreThanBurst() {
        var bucket = TokenBucket(ratePerSecond: 5, burst: 10, now: 100)
        XCTAssertEqual(bucket.available(now: 100), 10)
        XCTAssertEqual(bucket.take(upTo: 4, now: 100), 4)
        XCTAssertEqual(bucket.take(upTo: 100, now: 100), 6)
        XCTAssertEqual(bucket.take(upTo: 100, now: 100), 0)
    }

    func testRefillsAtTheRateAndKeepsFractions() {
        var bucket = TokenBucket(ratePerSecond: 5, burst: 10, now: 0)
        XCTAssertEqual(bucket.take(upTo: 10, now: 0), 10)
        XCTAssertEqual(bucket.take(upTo: 10, now: 0.1), 0, "half a token is not a token")
        XCTAssertEqual(bucket.take(upTo: 10, now: 0.2), 1, "the half from 0.1 s is kept, not lost by the empty take")
        XCTAssertEqual(bucket.take(upTo: 10, now: 1.2), 5)
        XCTAssertEqual(bucket.take(upTo: 2, now: 2.2), 2)
        XCTAssertEqual(bucket.take(upTo: 10, now: 2.2), 3, "what was not taken stays in the bucket")
    }

    func testNeverHoldsMoreThanBurstAfterALongPause() {
        var bucket = TokenBucket(ratePerSecond: 1000, burst: 50, now: 0)
        XCTAssertEqual(bucket.take(upTo: 50, now: 0), 50)
        XCTAssertEqual(bucket.available(now: 3600), 50)
        XCTAssertEqual(bucket.take(upTo: 1_000_000, now: 3600), 50)
    }

    func testRatesThatAreNotBinaryFractionsGrantExactlyOnTime() {
        // 1/3 s and 1/7 s are not exact in binary floating point, and a caller adding up intervals drifts by an
        // ulp or two; every step must still yield its token rather than 0.9999999999 of one.
        for rate in [3.0, 7.0, 10.0, 0.3, 13.0, 100.0, 500.0, 1.1, 33.3] {
            var computed = TokenBucket(ratePerSecond: rate, burst: 1, now: 0)
            var accumulated = computed
            XCTAssertEqual(computed.take(upTo: 1, now: 0), 1)
            XCTAssertEqual(accumulated.take(upTo: 1, now: 0), 1)
            var now = 0.0
            for step in 1...3000 {
                now += 1 / rate
                guard computed.take(upTo: 5, now: Double(step) / rate) == 1, accumulated.take(upTo: 5, now: now) == 1 else {
                    return XCTFail("rate \(rate): no token at step \(step)")
                }
            }
        }
    }

    func testTotalOverALongRunIsBurstPlusRateTimesDuration() {
        var bucket = TokenBucket(ratePerSecond: 7, burst: 3, now: 0)
        var total = 0
        for tick in 0...10_000 {
            total += bucket.take(upTo: 100, now: Double(tick) * 0.01)   // 100 s in 10 ms steps
        }
        XCTAssertEqual(total, 3 + 700)
    }

    func testSecondsUntilAvailable() {
        var bucket = TokenBucket(ratePerSecond: 4, burst: 2, now: 10)
        XCTAssertEqual(bucket.secondsUntilAvailable(now: 10), 0)
        XCTAssertEqual(bucket.take(upTo: 2, now: 10), 2)
        XCTAssertEqual(bucket.secondsUntilAvailable(now: 10), 0.25, accuracy: 1e-12)
        XCTAssertEqual(bucket.secondsUntilAvailable(now: 10.1), 0.15, accuracy: 1e-12)
        XCTAssertEqual(bucket.secondsUntilAvailable(now: 10.25), 0)
        XCTAssertEqual(bucket.take(upTo: 1, now: 10 + bucket.secondsUntilAvailable(now: 10)), 1,
                       "waiting exactly the announced time must be enough")
    }

    func testSlowRateAnnouncesLongWaits() {
        var bucket = TokenBucket(ratePerSecond: 0.5, burst: 1, now: 0)
        XCTAssertEqual(bucket.take(upTo: 1, now: 0), 1)
        XCTAssertEqual(bucket.take(upTo: 1, now: 1.9), 0)
        XCTAssertEqual(bucket.secondsUntilAvailable(now: 1.9), 0.1, accuracy: 1e-12, "0.95 of a token, 0.05 missing at 0.5/s")
        XCTAssertEqual(bucket.take(upTo: 1, now: 2), 1)
    }

    func testTakingNothingOrLessThanNothingConsumesNothing() {
        var bucket = TokenBucket(ratePerSecond: 1, burst: 3, now: 0)
        XCTAssertEqual(bucket.take(upTo: 0, now: 0), 0)
        XCTAssertEqual(bucket.take(upTo: -5, now: 0), 0)
        XCTAssertEqual(bucket.available(now: 0), 3)
    }

    func testAClockGoingBackwardsRefillsNothingAndLosesNothing() {
        var bucket = TokenBucket(ratePerSecond: 10, burst: 10, now: 50)
        XCTAssertEqual(bucket.take(upTo: 10, now: 50), 10)
        XCTAssertEqual(bucket.take(upTo: 10, now: 20), 0, "an earlier time is no time passing")
        XCTAssertEqual(bucket.take(upTo: 10, now: 50.5), 5, "refill counts from the latest time seen, once")
    }
}
