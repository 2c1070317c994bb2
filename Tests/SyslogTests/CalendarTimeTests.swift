import Foundation
@testable import Syslog
import XCTest

/// The hand-written UTC calendar (no lock, unlike glibc's gmtime_r) agrees with gmtime_r everywhere.
final class CalendarTimeTests: XCTestCase {
    private func reference(_ millis: Int64) -> [Int] {
        var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return [Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour),
                Int(parts.tm_min), Int(parts.tm_sec), Int((millis % 1000 + 1000) % 1000)]
    }

    private func fields(_ time: CalendarTime) -> [Int] {
        [time.year, time.month, time.day, time.hour, time.minute, time.second, time.millisecond]
    }

    func testAgreesWithGmtimeOnEdgesAndRandomInstants() {
        let edges: [Int64] = [0, -1, 999, -999, -1000, 951_782_400_000, 951_868_799_999,   // 2000-02-29
                              4_107_542_400_000,                                        // 2100-03-01
                              -2_208_988_800_000, 253_402_300_799_999, 1_764_000_000_678]
        var generator = SystemRandomNumberGenerator()
        let random = (0..<20_000).map { _ in Int64.random(in: -62_000_000_000_000...253_402_300_799_999, using: &generator) }
        for millis in edges + random {
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            XCTAssertEqual(fields(CalendarTime(utc: date)), reference(millis), "instant \(millis) ms")
        }
    }

    func testRFC3339TextMatchesTheFields() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let millis = Int64.random(in: -62_000_000_000_000...253_402_300_799_999, using: &generator)
            let time = CalendarTime(utc: Date(timeIntervalSince1970: Double(millis) / 1000))
            var buffer: [UInt8] = []
            time.appendRFC3339(to: &buffer)
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", time.year, time.month, time.day,
                                  time.hour, time.minute, time.second, time.millisecond)
            XCTAssertEqual(String(decoding: buffer, as: UTF8.self), expected)
        }
    }
}
