// Conveniences for the hot path: keys are compile-time literals (no String is created to write them),
// and an absent value writes nothing at all, so callers do not branch.
extension JSONWriter {
    /// Writes a literal key (escaped like any key) and the colon.
    public mutating func key(literal key: StaticString) {
        let count = key.utf8CodeUnitCount
        // Literal keys are nearly always plain identifiers: then `,"key":` goes in with a single append.
        let plain = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count + 4) { staging -> Bool in
            var length = 0
            if needsComma { staging[0] = UInt8(ascii: ","); length = 1 }
            staging[length] = UInt8(ascii: "\"")
            var special: UInt8 = 0
            for offset in 0..<count {
                let byte = key.utf8Start[offset]
                special |= byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") ? 1 : 0
                staging[length + 1 + offset] = byte
            }
            guard special == 0 else { return false }
            staging[length + 1 + count] = UInt8(ascii: "\"")
            staging[length + 2 + count] = UInt8(ascii: ":")
            appendBytes(UnsafeBufferPointer(rebasing: staging[..<(length + 3 + count)]))
            return true
        }
        if plain {
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
        appendEscapedUTF8(UnsafeBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount))
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
