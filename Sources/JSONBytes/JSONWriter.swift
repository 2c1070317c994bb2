/// Builds one compact JSON document by appending bytes; commas between members are inserted automatically.
///
/// The writer trusts its caller for structure (balanced begin/end, a key before each object value); it
/// guarantees that every string it writes is escaped per RFC 8259, so its output parses whenever the calls
/// are balanced.
public struct JSONWriter: Sendable {
    /// The document written so far.
    public private(set) var bytes: [UInt8]
    /// True after a complete value or member: the next value or key needs a comma first.
    var needsComma = false

    /// Creates an empty writer with room for `reservingCapacity` bytes.
    public init(reservingCapacity: Int = 4096) {
        bytes = []
        bytes.reserveCapacity(reservingCapacity)
    }

    /// Continues after `prefix` (say, a syslog header): the document is appended to those bytes, and
    /// `bytes` holds prefix and document together, so the caller never copies the document afterwards.
    public init(appendingTo prefix: consuming [UInt8]) {
        bytes = prefix
    }

    /// Opens an object.
    public mutating func beginObject() { openContainer(UInt8(ascii: "{")) }
    /// Closes the innermost object.
    public mutating func endObject() { closeContainer(UInt8(ascii: "}")) }
    /// Opens an array.
    public mutating func beginArray() { openContainer(UInt8(ascii: "[")) }
    /// Closes the innermost array.
    public mutating func endArray() { closeContainer(UInt8(ascii: "]")) }

    /// Writes an object key and the colon; the value written next belongs to it.
    public mutating func key(_ key: String) {
        var key = key
        key.withUTF8 { writeKey($0) }
    }

    mutating func writeKey(_ utf8: UnsafeBufferPointer<UInt8>) {
        separate()
        appendEscapedUTF8(utf8)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes an escaped string value.
    public mutating func string(_ value: String) {
        separate()
        appendEscaped(value)
        needsComma = true
    }

    /// Writes an integer value.
    public mutating func number(_ value: Int64) {
        separate()
        appendDecimal(value)
        needsComma = true
    }

    /// Writes a floating-point value in its shortest round-trip form; NaN and infinities become `null`.
    public mutating func number(_ value: Double) {
        separate()
        if !value.isFinite {
            bytes.append(contentsOf: "null".utf8)
        } else if value == value.rounded(.towardZero), abs(value) < 1e15 {
            appendDecimal(Int64(value))   // integral: no ".0", no allocation
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
        needsComma = true
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    /// Writes `null`.
    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    /// Splices an already validated value verbatim: no decoding, no re-encoding. The one change: tabs and
    /// line breaks between tokens are dropped, so the output stays one line (records are line-framed).
    /// Valid JSON has those bytes only between tokens, where they never separate anything.
    public mutating func raw(_ value: JSONValue) {
        separate()
        if value.document.hasControlWhitespace {
            for byte in value.rawBytes where byte != 0x0A && byte != 0x0D && byte != 0x09 {
                bytes.append(byte)
            }
        } else {
            bytes.append(contentsOf: value.rawBytes)
        }
        needsComma = true
    }

    private mutating func openContainer(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        needsComma = false
    }

    private mutating func closeContainer(_ bracket: UInt8) {
        bytes.append(bracket)
        needsComma = true
    }

    @inline(__always) mutating func appendByte(_ byte: UInt8) { bytes.append(byte) }

    @inline(__always) mutating func appendBytes(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }

    @inline(__always) mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// After a key: its value follows without a comma.
    @inline(__always) mutating func needsCommaReset() { needsComma = false }

    /// After a complete value: the next value or key needs a comma first.
    @inline(__always) mutating func markValueWritten() { needsComma = true }

    private mutating func appendDecimal(_ value: Int64) {
        var magnitude = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // 20 digits hold UInt64.max; fill from the right, then copy.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var index = 20
            repeat {
                index -= 1
                digits[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[index..<20]))
        }
    }
}

extension JSONWriter {
    /// Splices the members of a validated object into the object being written, as if each had been
    /// written one by one: lets a caller pre-render constant members once and reuse them per document.
    public mutating func rawMembers(of object: JSONValue) {
        guard object.kind == .object, object.count > 0 else { return }
        let raw = object.rawBytes
        separate()
        bytes.append(contentsOf: raw[(raw.startIndex + 1)..<(raw.endIndex - 1)])
        needsComma = true
    }
}
