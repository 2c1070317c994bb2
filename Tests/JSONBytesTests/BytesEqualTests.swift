@testable import JSONBytes
import XCTest

/// `bytesEqual` compares by overlapping words of a size chosen by length: at every length, up to past the
/// longest word case, equal runs are equal and a difference at any position is seen.
final class BytesEqualTests: XCTestCase {
    private func equal(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        // One spare byte each, so that even empty runs have an address.
        (left + [0]).withUnsafeBytes { l in
            (right + [0]).withUnsafeBytes { r in bytesEqual(l.baseAddress!, r.baseAddress!, count: left.count) }
        }
    }

    func testEveryLengthAndEveryDifferingPosition() {
        for count in 0...40 {
            let run = (0..<count).map { UInt8(truncatingIfNeeded: 0x41 + $0) }
            XCTAssertTrue(equal(run, run), "equal, \(count) bytes")
            for position in 0..<count {
                var other = run
                other[position] ^= 0x20
                XCTAssertFalse(equal(run, other), "\(count) bytes differing at \(position)")
            }
        }
    }
}
