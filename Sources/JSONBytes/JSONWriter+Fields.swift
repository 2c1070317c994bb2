// Conveniences for the hot path: keys are compile-time literals (no String is created to write them),
// and an absent value writes nothing at all, so callers do not branch.
extension JSONWriter {
    /// Writes a literal key (escaped like any key) and the colon.
    public mutating func key(literal key: StaticString) {
        let utf8 = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        // Literal keys are nearly always plain identifiers: then one copy, no escaping pass.
        guard utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else {
            return writeKey(utf8)
        }
        separate()
        appendByte(UInt8(ascii: "\""))
        appendBytes(utf8)
        appendBytes(UnsafeBufferPointer(start: Self.quoteColon.utf8Start, count: 2))
        needsCommaReset()
    }

    private static let quoteColon: StaticString = "\":"

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
