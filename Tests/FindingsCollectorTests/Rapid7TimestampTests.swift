@testable import FindingsCollector
import XCTest

/// The RFC 3339 reader Rapid7 times go through, against Foundation's own arithmetic and the edge cases.
final class Rapid7TimestampTests: XCTestCase {
    private func millis(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBufferPointer { RFC3339Milliseconds.parse($0) }
    }

    func testTheSpellingsRapid7SendsAreRead() {
        XCTAssertEqual(millis("1970-01-01T00:00:00Z"), 0)
        XCTAssertEqual(millis("2025-01-02T03:04:05.123Z"), 1_735_787_045_123)
        XCTAssertEqual(millis("2000-01-01T00:00:00.000Z"), 946_684_800_000)
        XCTAssertEqual(millis("2025-05-27T19:54:43.777Z"), 1_748_375_683_777)
        // Fewer and more fraction digits: tenths are hundreds of ms; digits past ms are cut, never rounded up.
        XCTAssertEqual(millis("2025-04-01T12:00:00.5Z"), 1_743_508_800_500)
        XCTAssertEqual(millis("2025-05-06T05:08:09.000999Z"), 1_746_508_089_000)
        XCTAssertEqual(millis("2025-05-06T05:08:09.9999Z"), 1_746_508_089_999)
    }

    func testOffsetsAndSeparatorsOfRFC3339() {
        let utc = millis("2025-05-06T05:08:09Z")
        XCTAssertEqual(millis("2025-05-06T07:08:09+02:00"), utc)
        XCTAssertEqual(millis("2025-05-05T23:38:09-05:30"), utc)
        XCTAssertEqual(millis("2025-05-06t05:08:09z"), utc)
        XCTAssertEqual(millis("2025-05-06 05:08:09Z"), utc)
    }

    func testCalendarEdges() {
        XCTAssertEqual(millis("2024-02-29T00:00:00Z"), 1_709_164_800_000)   // leap year
        XCTAssertEqual(millis("2000-02-29T00:00:00Z"), 951_782_400_000)     // divisible by 400
        XCTAssertNil(millis("2023-02-29T00:00:00Z"))
        XCTAssertNil(millis("1900-02-29T00:00:00Z"))                        // divisible by 100, not 400
        XCTAssertEqual(millis("1969-12-31T23:59:59.999Z"), -1)
        XCTAssertEqual(millis("2016-12-31T23:59:60Z"), millis("2017-01-01T00:00:00Z"))   // leap second
        // Every day of a few years, against Foundation's calendar.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for year in [1999, 2024, 2038, 2100] {
            for dayOfYear in stride(from: 1, through: 365, by: 7) {
                let date = calendar.date(from: DateComponents(year: year, day: dayOfYear, hour: 13, minute: 7, second: 42))!
                let parts = calendar.dateComponents([.year, .month, .day], from: date)
                let text = String(format: "%04d-%02d-%02dT13:07:42Z", parts.year!, parts.month!, parts.day!)
                XCTAssertEqual(millis(text), Int64(date.timeIntervalSince1970) * 1000, text)
            }
        }
    }

    func testAnythingElseIsNotATime() {
        for text in ["", "2025-01-02", "2025-01-02T03:04:05", "2025-01-02T03:04:05.Z", "2025-13-02T03:04:05Z",
                     "2025-01-32T03:04:05Z", "2025-01-02T24:00:00Z", "2025-01-02T03:60:05Z", "2025-01-02T03:04:05+0200",
                     "2025-01-02T03:04:05+02:00Z", "2025/01/02T03:04:05Z", "2025-01-02T03:04:05ZZ", " 2025-01-02T03:04:05Z",
                     "1735787045123", "2025-01-02T03:04:05+24:00"] {
            XCTAssertNil(millis(text), text)
        }
    }
}
