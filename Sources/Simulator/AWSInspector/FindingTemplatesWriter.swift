import FindingsCollector
import Foundation

/// Appends JSON to a byte buffer with commas placed automatically.
///
/// The simulator serves up to a million findings, so it writes bytes directly instead of going through
/// JSONSerialization; keys are trusted ASCII literals and are not escaped.
struct FindingJSONWriter {
    private(set) var bytes: [UInt8]
    /// True right after a complete value, so the next key, value or container needs a comma first.
    private var afterValue = false

    init(reservingCapacity capacity: Int = 6 * 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); afterValue = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); afterValue = true }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); afterValue = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); afterValue = true }

    mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        afterValue = false
    }

    /// A map key that comes from data (resource tags), so it is escaped like any string.
    mutating func dynamicKey(_ key: String) {
        string(key)
        bytes.append(UInt8(ascii: ":"))
        afterValue = false
    }

    mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
        afterValue = true
    }

    /// A value that is already valid JSON (pre-rendered fragments), copied verbatim.
    mutating func raw(_ value: [UInt8]) {
        separate()
        bytes.append(contentsOf: value)
        afterValue = true
    }

    mutating func number(_ value: Int) {
        separate()
        appendInteger(value)
        afterValue = true
    }

    /// Doubles use Swift's shortest round-trip form, so a reader recovers exactly the value written.
    mutating func number(_ value: Double) {
        separate()
        bytes.append(contentsOf: value.description.utf8)
        afterValue = true
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        afterValue = true
    }

    // Convenience for the common "key": value member.
    mutating func field(_ key: StaticString, _ value: String) { self.key(key); string(value) }
    mutating func field(_ key: StaticString, _ value: Int) { self.key(key); number(value) }
    mutating func field(_ key: StaticString, _ value: Double) { self.key(key); number(value) }

    mutating func stringArray(_ key: StaticString, _ values: [String]) {
        self.key(key)
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    private mutating func separate() {
        if afterValue { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendInteger(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendInteger(-value)
            return
        }
        if value < 10 { bytes.append(UInt8(ascii: "0") + UInt8(value)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    private mutating func appendQuoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        // Copy plain runs in bulk; escape only the few bytes that need it. Findings are mostly plain text.
        value.withUTF8 { utf8 in
            var runStart = 0
            for offset in 0..<utf8.count {
                let byte = utf8[offset]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<offset]))
                appendEscaped(byte)
                runStart = offset + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case 0..<0x20:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                      hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        default: bytes.append(byte)
        }
    }
}
