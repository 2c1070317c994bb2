/// The validating scanner: one pass over the bytes, building the tape while it checks RFC 8259 grammar.
///
/// Iterative (an explicit, growable stack of open containers): any nesting a document has is scanned,
/// without recursion that hostile nesting could use to overflow a thread's stack, and without a depth
/// limit that would reject valid data (one deep finding must not cost its whole page).
/// Bytes are read through `base` rather than a buffer subscript (safe by construction, not `-Ounchecked`):
/// each read follows a comparison with `count` (word loads: `offset + 8 <= count`), or is of a byte
/// inside a word whose bounds were just checked, so the subscript's own checks would only repeat them.
struct JSONScanner {
    /// First input byte; only dereferenced at offsets below `count` (any value will do when it is 0).
    let base: UnsafePointer<UInt8>
    let count: Int
    /// Entries are written straight into caller-provided memory of `tapeCapacity(for:)` entries: no
    /// growth checks or reference counting per value (an append per value was a tenth of the scan).
    let tape: UnsafeMutablePointer<JSONTapeEntry>
    let tapeLimit: Int
    var tapeCount = 0
    /// Saw a tab, CR or LF between tokens (they cannot occur unescaped inside strings). Conservative: a
    /// trailing newline after the document counts too; it only makes splicing take the filtering path.
    var sawControlWhitespace = false

    init(input: UnsafeBufferPointer<UInt8>, tape: UnsafeMutablePointer<JSONTapeEntry>) {
        // An empty buffer may have no address; no read happens then (every read is below `count`).
        base = input.baseAddress ?? UnsafeRawPointer(tape).assumingMemoryBound(to: UInt8.self)
        count = input.count
        self.tape = tape
        tapeLimit = Self.tapeCapacity(for: input.count) - 1   // the last slot is the spare one
    }

    /// Entries a scan of `byteCount` bytes needs room for: any valid document's, plus one spare. Each entry
    /// has a first byte of its own, and all but the root's also own one more: a key its colon, a value the
    /// comma before it or, the first in its container, the container's closing bracket. So n bytes hold at
    /// most (n + 1) / 2 entries. An invalid document may count more (`[[[[` one per byte); those past the
    /// limit are not kept (see `appendEntry`), since the scan rejects that document anyway.
    static func tapeCapacity(for byteCount: Int) -> Int {
        byteCount / 2 + 4
    }

    /// Scans the whole buffer as exactly one JSON value surrounded by optional whitespace; returns the
    /// number of tape entries written.
    ///
    /// One loop with the position in a local: a value is scanned at the top, then the bottom closes
    /// containers and steps over separators until the next value. The open stack holds each container's
    /// tape index shifted left once, its low bit set for objects, so no member re-reads the tape.
    mutating func scanDocument() throws(JSONError) -> Int {
        guard count < Int(UInt32.max) else {
            throw JSONError(offset: 0, reason: "document larger than 4 GiB")
        }
        let entries = try withUnsafeTemporaryAllocation(of: Int.self, capacity: JSONOpenContainers.inlineCapacity) {
            room throws(JSONError) -> Int in try scanValues(room: room)
        }
        // Only an invalid document has more entries than the tape holds, and it was rejected above.
        precondition(entries <= tapeLimit, "JSON tape capacity bound violated")
        return entries
    }

    /// The scan itself, its stack of open containers starting in `room`.
    private mutating func scanValues(room: UnsafeMutableBufferPointer<Int>) throws(JSONError) -> Int {
        var open = JSONOpenContainers(room: room)
        defer { open.release() }
        var depth = 0
        var inObject = false
        var pos = skipWhitespace(from: 0)
        nextValue: while true {
            if inObject { pos = try scanKey(at: pos) }   // first member, or after a comma
            guard pos < count else { throw JSONError(offset: pos, reason: "unexpected end of input, expected a value") }
            var byte = base[pos]
            if byte <= 0x20 {   // whitespace before a value (compact JSON has none): off the common path
                pos = skipWhitespaceRun(from: pos)
                guard pos < count else { throw JSONError(offset: pos, reason: "unexpected end of input, expected a value") }
                byte = base[pos]
            }
            if byte == UInt8(ascii: "\"") {
                pos = try scanString(at: pos)
            } else if byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "-") {
                pos = try scanNumber(at: pos)
            } else if byte | 0x20 == UInt8(ascii: "{") {   // "{" or "["
                inObject = byte == UInt8(ascii: "{")
                open.set(tapeCount << 1 | (inObject ? 1 : 0), at: depth)
                depth += 1
                appendEntry(start: pos, end: 0, next: 0, kind: inObject ? .object : .array, flag: false)
                pos = skipWhitespace(from: pos + 1)
                guard pos < count else { throw endInsideContainer(inObject, at: pos) }
                if base[pos] != (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) { continue nextValue }
                // Empty container: the loop below closes it.
            } else {
                pos = try scanLiteral(at: pos, byte: byte)
            }

            // After a value: close containers until one has a next member, or the document ends.
            while depth > 0 {
                guard pos < count else { throw endInsideContainer(inObject, at: pos) }
                var byte = base[pos]
                if byte <= 0x20 {
                    pos = skipWhitespaceRun(from: pos)
                    guard pos < count else { throw endInsideContainer(inObject, at: pos) }
                    byte = base[pos]
                }
                if byte == UInt8(ascii: ",") {
                    pos += 1   // whitespace after it is skipped with the key or value
                    continue nextValue
                }
                guard byte == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else {
                    throw JSONError(offset: pos, reason: inObject ? "expected ',' or '}' after an object member"
                                                                  : "expected ',' or ']' after an array element")
                }
                pos += 1
                depth -= 1
                let container = slot(open[depth] >> 1)   // depth was > 0: set
                tape[container].end = UInt32(truncatingIfNeeded: pos)
                tape[container].next = UInt32(truncatingIfNeeded: tapeCount)
                inObject = depth > 0 && open[depth - 1] & 1 == 1
            }
            break
        }
        pos = skipWhitespace(from: pos)
        if pos != count {
            throw JSONError(offset: pos, reason: "unexpected data after the end of the document")
        }
        return tapeCount
    }

    private func endInsideContainer(_ inObject: Bool, at pos: Int) -> JSONError {
        JSONError(offset: pos, reason: inObject ? "unexpected end of input inside an object"
                                                : "unexpected end of input inside an array")
    }

    /// Scans `"key":` and the whitespace before the key and the colon; returns the offset after the colon
    /// (the value's dispatch skips whitespace after it).
    @inline(__always) private mutating func scanKey(at offset: Int) throws(JSONError) -> Int {
        var start = offset
        guard start < count else { throw JSONError(offset: start, reason: "expected a string key in an object") }
        if base[start] != UInt8(ascii: "\"") {
            start = skipWhitespaceRun(from: start)
            guard start < count, base[start] == UInt8(ascii: "\"") else {
                throw JSONError(offset: start, reason: "expected a string key in an object")
            }
        }
        var pos = try scanString(at: start)
        if pos < count, base[pos] == UInt8(ascii: ":") { return pos &+ 1 }   // compact `"key":`, the common case
        pos = skipWhitespace(from: pos)
        guard pos < count, base[pos] == UInt8(ascii: ":") else {
            throw JSONError(offset: pos, reason: "expected ':' after an object key")
        }
        return pos &+ 1
    }

    /// `true`, `false` or `null` (anything else is not a value); errors point at the literal's start.
    private mutating func scanLiteral(at start: Int, byte: UInt8) throws(JSONError) -> Int {
        let literal: StaticString, kind: JSONKind
        switch byte {
        case UInt8(ascii: "t"): literal = "true"; kind = .bool
        case UInt8(ascii: "f"): literal = "false"; kind = .bool
        case UInt8(ascii: "n"): literal = "null"; kind = .null
        default:
            throw JSONError(offset: start, reason: "expected a value (object, array, string, number, true, false or null)")
        }
        let length = literal.utf8CodeUnitCount
        guard count - start >= length else {
            throw JSONError(offset: start, reason: "truncated literal, expected '\(literal)'")
        }
        let text = literal.utf8Start
        for index in 0..<length where base[start + index] != text[index] {   // start + length <= count
            throw JSONError(offset: start, reason: "invalid literal, expected '\(literal)'")
        }
        appendEntry(start: start, end: start + length, next: tapeCount + 1, kind: kind, flag: false)
        return start + length
    }

    /// Writes an entry at the end of the tape. No room left means the document is invalid (see
    /// `tapeCapacity`): the entry then lands in the tape's last, spare slot, overwritten by each one after
    /// it. The scan's verdict never reads the tape, so it still reports the exact error. (Clamping the
    /// index instead of branching on it keeps this as cheap as the bounds check it replaces.)
    @inline(__always) mutating func appendEntry(start: Int, end: Int, next: Int, kind: JSONKind, flag: Bool) {
        (tape + slot(tapeCount)).initialize(to: JSONTapeEntry(
            start: UInt32(truncatingIfNeeded: start), end: UInt32(truncatingIfNeeded: end),
            next: UInt32(truncatingIfNeeded: next), kind: kind, flag: flag))
        tapeCount += 1
    }

    /// Where entry `index` is written: itself, or the spare slot past the entries kept.
    @inline(__always) func slot(_ index: Int) -> Int { Swift.min(index, tapeLimit) }

    /// Compact JSON (what APIs send) has no whitespace at all: answer that without a loop.
    @inline(__always) mutating func skipWhitespace(from pos: Int) -> Int {
        if pos < count, base[pos] > 0x20 { return pos }
        return skipWhitespaceRun(from: pos)
    }

    private mutating func skipWhitespaceRun(from start: Int) -> Int {
        var pos = start
        while pos < count {
            switch base[pos] {
            case 0x20: pos += 1
            case 0x0A, 0x0D, 0x09:
                sawControlWhitespace = true
                pos += 1
            default: return pos
            }
        }
        return pos
    }
}
