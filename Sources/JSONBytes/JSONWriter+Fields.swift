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
            guard Self.copyPlainText(source, count, to: copied) else { plain = false; return 0 }
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

    /// Copies `count` bytes of a literal (a key or a value) and answers whether none needs escaping. Whole
    /// words only, the last one overlapping the one before, so there is no byte loop (they are mostly 4–24 bytes).
    @inline(__always)
    static func copyPlainText(_ source: UnsafePointer<UInt8>, _ count: Int, to target: UnsafeMutablePointer<UInt8>) -> Bool {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
        if count >= 8 {
            var special: UInt64 = 0
            var offset = 0
            while true {
                let word = from.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                special |= needsEscapeMask(UInt64(littleEndian: word))
                to.storeBytes(of: word, toByteOffset: offset, as: UInt64.self)
                if offset == count - 8 { return special == 0 }
                offset = Swift.min(offset + 8, count - 8)
            }
        }
        if count >= 4 {
            let head = from.loadUnaligned(as: UInt32.self)
            let tail = from.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
            return needsEscapeMask(UInt64(UInt32(littleEndian: head)) | UInt64(UInt32(littleEndian: tail)) << 32) == 0
        }
        var plain = true
        for offset in 0..<count {
            let byte = source[offset]
            plain = plain && byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
            target[offset] = byte
        }
        return plain
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

    /// Writes a string value given as its UTF-8 (a part of a larger string, say), escaped as needed.
    public mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        separate()
        appendEscapedString(utf8)
        markValueWritten()
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
        appendLiteralString(value)
        markValueWritten()
    }

    /// A literal string value right after its key (status and severity names): copied as whole words like
    /// literal keys, since it nearly never needs escaping; escaped like any string when it does.
    private mutating func appendLiteralString(_ value: StaticString) {
        let count = value.utf8CodeUnitCount
        let start = written
        var plain = true
        withRoom(for: count + 2) { target in
            target[0] = UInt8(ascii: "\"")
            guard Self.copyPlainText(value.utf8Start, count, to: target + 1) else { plain = false; return 0 }
            target[count + 1] = UInt8(ascii: "\"")
            return count + 2
        }
        if plain {
            tape?.scalar(.string, from: start, to: written)
        } else {
            appendEscapedString(UnsafeBufferPointer(start: value.utf8Start, count: count))
        }
    }

    /// Writes `key` followed by the integer, or nothing when `value` is nil.
    public mutating func field(_ key: StaticString, _ value: Int64?) {
        guard let value else { return }
        self.key(literal: key)
        number(value)
    }

    /// Writes `key` followed by an integer given as its decimal digits (ASCII digits only, no sign, no
    /// leading zero unless it is the only digit), copied as they are: an integer read from a document's
    /// digits needs no formatting.
    public mutating func field(_ key: StaticString, decimalDigits digits: UnsafeBufferPointer<UInt8>) {
        assert(!digits.isEmpty && digits.allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
               && (digits.count == 1 || digits[0] != UInt8(ascii: "0")), "not the digits of an integer")
        self.key(literal: key)
        let start = written
        appendBytes(digits)
        tape?.scalar(.number, from: start, to: written)
        markValueWritten()
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
