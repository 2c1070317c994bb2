// Conveniences for the hot path: keys are compile-time literals (no String is created to write them),
// and an absent value writes nothing at all, so callers do not branch.
extension JSONWriter {
    /// Writes a literal key (escaped like any key) and the colon.
    public mutating func key(literal key: StaticString) {
        let count = key.utf8CodeUnitCount
        let comma = needsComma
        // Literal keys are nearly always plain identifiers: then `,"key":` is written in place at once. The
        // key is checked as it is copied, from the literal (checking the copy stalled on store forwarding).
        var plain = true
        withRoom(for: count + 4) { target in
            let opening = comma ? 2 : 1
            if comma { target[0] = UInt8(ascii: ",") }
            target[opening - 1] = UInt8(ascii: "\"")
            let copied = target + opening
            let source = key.utf8Start
            var special: UInt64 = 0
            var offset = 0
            while offset + 8 <= count {
                let word = UnsafeRawPointer(source + offset).loadUnaligned(as: UInt64.self)
                special |= needsEscapeMask(UInt64(littleEndian: word))
                UnsafeMutableRawPointer(copied + offset).storeBytes(of: word, as: UInt64.self)
                offset += 8
            }
            while offset < count {
                let byte = source[offset]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { special = 1 }
                copied[offset] = byte
                offset += 1
            }
            guard special == 0 else { plain = false; return 0 }
            copied[count] = UInt8(ascii: "\"")
            copied[count + 1] = UInt8(ascii: ":")
            return opening + count + 2
        }
        if plain {
            tape?.scalar(.string, from: written - count - 3, to: written - 1)
            needsCommaReset()
        } else {
            writeKey(UnsafeBufferPointer(start: key.utf8Start, count: count))
        }
    }

    /// Writes `key` and opens an object as its value.
    public mutating func beginObject(_ key: StaticString) {
        self.key(literal: key)
        beginObject()
    }

    /// Writes `key` and opens an array as its value.
    public mutating func beginArray(_ key: StaticString) {
        self.key(literal: key)
        beginArray()
    }

    /// Writes `key` followed by the string, or nothing at all when `value` is nil.
    public mutating func field(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        self.key(literal: key)
        string(value)
    }

    /// Writes `key` followed by a literal string (escaped like any string), or nothing when `value` is nil.
    public mutating func field(_ key: StaticString, literal value: StaticString?) {
        guard let value else { return }
        self.key(literal: key)
        separate()
        appendEscapedString(UnsafeBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount))
        markValueWritten()
    }

    /// Writes `key` followed by the integer, or nothing when `value` is nil.
    public mutating func field(_ key: StaticString, _ value: Int64?) {
        guard let value else { return }
        self.key(literal: key)
        number(value)
    }

    /// Writes `key` followed by the number, or nothing when `value` is nil.
    public mutating func field(_ key: StaticString, _ value: Double?) {
        guard let value else { return }
        self.key(literal: key)
        number(value)
    }

    /// Writes `key` followed by the boolean, or nothing when `value` is nil.
    public mutating func field(_ key: StaticString, _ value: Bool?) {
        guard let value else { return }
        self.key(literal: key)
        bool(value)
    }

    /// Writes `key` followed by the validated value spliced verbatim, or nothing when `value` is nil.
    public mutating func field(_ key: StaticString, raw value: JSONValue?) {
        guard let value else { return }
        self.key(literal: key)
        raw(value)
    }
}
