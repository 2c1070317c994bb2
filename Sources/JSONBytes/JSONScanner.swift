/// The validating scanner: one pass over the bytes, building the tape while it checks RFC 8259 grammar.
///
/// Iterative (an explicit stack of open containers) so hostile nesting cannot overflow a thread's stack.
struct JSONScanner {
    /// Deeper documents are rejected; Inspector findings nest fewer than 10 levels.
    static let maximumDepth = 512

    let input: UnsafeBufferPointer<UInt8>
    var pos = 0
    /// Entries are written straight into caller-provided memory of `tapeCapacity(for:)` entries: no
    /// growth checks or reference counting per value (an append per value was a tenth of the scan).
    let tape: UnsafeMutablePointer<JSONTapeEntry>
    var tapeCount = 0
    /// Tape indices of the containers opened and not yet closed, innermost last.
    var open: [Int] = []
    /// Saw a tab, CR or LF between tokens (they cannot occur unescaped inside strings). Conservative: a
    /// trailing newline after the document counts too; it only makes splicing take the filtering path.
    var sawControlWhitespace = false

    init(input: UnsafeBufferPointer<UInt8>, tape: UnsafeMutablePointer<JSONTapeEntry>) {
        self.input = input
        self.tape = tape
        open.reserveCapacity(16)
    }

    /// Entries a scan of `byteCount` bytes can write, valid or not. In a valid document every entry owns
    /// at least two bytes (its own, plus a separator, bracket or quote), so there are at most (n + 1) / 2;
    /// a document cut short adds at most one per container left open, and those are bounded by the depth.
    static func tapeCapacity(for byteCount: Int) -> Int {
        byteCount / 2 + maximumDepth + 4
    }

    /// Scans the whole buffer as exactly one JSON value surrounded by optional whitespace.
    mutating func scanDocument() throws(JSONError) -> Int {
        guard input.count < Int(UInt32.max) else {
            throw JSONError(offset: 0, reason: "document larger than 4 GiB")
        }
        skipWhitespace()
        try scanValueStart()
        while let top = open.last {
            try continueContainer(top)
        }
        skipWhitespace()
        if pos != input.count {
            throw fail("unexpected data after the end of the document")
        }
        return tapeCount
    }

    /// Handles what follows inside the innermost open container: a close, or (a comma and) the next member.
    private mutating func continueContainer(_ top: Int) throws(JSONError) {
        skipWhitespace()
        let isObject = tape[top].kind == .object
        guard pos < input.count else {
            throw fail(isObject ? "unexpected end of input inside an object" : "unexpected end of input inside an array")
        }
        let byte = input[pos]
        if byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
            pos += 1
            tape[top].end = UInt32(truncatingIfNeeded: pos)
            tape[top].next = UInt32(truncatingIfNeeded: tapeCount)
            open.removeLast()
            return
        }
        if tapeCount > top + 1 {
            guard byte == UInt8(ascii: ",") else {
                throw fail(isObject ? "expected ',' or '}' after an object member" : "expected ',' or ']' after an array element")
            }
            pos += 1
            skipWhitespace()
        }
        if isObject {
            guard pos < input.count, input[pos] == UInt8(ascii: "\"") else {
                throw fail("expected a string key in an object")
            }
            try scanString()
            skipWhitespace()
            guard pos < input.count, input[pos] == UInt8(ascii: ":") else {
                throw fail("expected ':' after an object key")
            }
            pos += 1
            skipWhitespace()
        }
        try scanValueStart()
    }

    /// Scans a scalar completely, or opens a container (its members are scanned by `continueContainer`).
    private mutating func scanValueStart() throws(JSONError) {
        guard pos < input.count else { throw fail("unexpected end of input, expected a value") }
        switch input[pos] {
        case UInt8(ascii: "{"): try openContainer(.object)
        case UInt8(ascii: "["): try openContainer(.array)
        case UInt8(ascii: "\""): try scanString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try scanNumber()
        case UInt8(ascii: "t"): try scanLiteral("true", kind: .bool)
        case UInt8(ascii: "f"): try scanLiteral("false", kind: .bool)
        case UInt8(ascii: "n"): try scanLiteral("null", kind: .null)
        default: throw fail("expected a value (object, array, string, number, true, false or null)")
        }
    }

    private mutating func openContainer(_ kind: JSONKind) throws(JSONError) {
        guard open.count < JSONScanner.maximumDepth else {
            throw fail("nesting deeper than \(JSONScanner.maximumDepth) levels")
        }
        open.append(tapeCount)
        appendEntry(JSONTapeEntry(start: UInt32(truncatingIfNeeded: pos), end: 0, next: 0, kind: kind, flag: false))
        pos += 1
    }

    private mutating func scanLiteral(_ literal: StaticString, kind: JSONKind) throws(JSONError) {
        let start = pos
        let count = literal.utf8CodeUnitCount
        guard input.count - pos >= count else { throw fail("truncated literal, expected '\(literal)'") }
        let text = literal.utf8Start
        for index in 0..<count where input[pos + index] != text[index] {
            throw fail("invalid literal, expected '\(literal)'")
        }
        pos += count
        appendScalar(kind, start: start, flag: false)
    }

    mutating func appendScalar(_ kind: JSONKind, start: Int, flag: Bool) {
        let index = UInt32(truncatingIfNeeded: tapeCount)
        appendEntry(JSONTapeEntry(start: UInt32(truncatingIfNeeded: start), end: UInt32(truncatingIfNeeded: pos),
                                  next: index &+ 1, kind: kind, flag: flag))
    }

    @inline(__always) private mutating func appendEntry(_ entry: JSONTapeEntry) {
        precondition(tapeCount < Self.tapeCapacity(for: input.count), "JSON tape capacity bound violated")
        (tape + tapeCount).initialize(to: entry)
        tapeCount += 1
    }

    /// Compact JSON (what APIs send) has no whitespace at all: answer that without a loop.
    @inline(__always) mutating func skipWhitespace() {
        if pos < input.count, input[pos] > 0x20 { return }
        skipWhitespaceRun()
    }

    private mutating func skipWhitespaceRun() {
        while pos < input.count {
            switch input[pos] {
            case 0x20: pos += 1
            case 0x0A, 0x0D, 0x09:
                sawControlWhitespace = true
                pos += 1
            default: return
            }
        }
    }

    func fail(_ reason: String) -> JSONError {
        JSONError(offset: pos, reason: reason)
    }
}
