extension JSONWriter {
    /// Writes `key` followed by the string, or nothing at all when `value` is nil.
    public mutating func field(_ key: String, _ value: String?) {
        guard let value else { return }
        self.key(key)
        string(value)
    }

    /// Writes `key` followed by the integer, or nothing when `value` is nil.
    public mutating func field(_ key: String, _ value: Int64?) {
        guard let value else { return }
        self.key(key)
        number(value)
    }

    /// Writes `key` followed by the number, or nothing when `value` is nil.
    public mutating func field(_ key: String, _ value: Double?) {
        guard let value else { return }
        self.key(key)
        number(value)
    }

    /// Writes `key` followed by the boolean, or nothing when `value` is nil.
    public mutating func field(_ key: String, _ value: Bool?) {
        guard let value else { return }
        self.key(key)
        bool(value)
    }

    /// Writes `key` followed by the validated value spliced verbatim, or nothing when `value` is nil.
    public mutating func field(_ key: String, raw value: JSONValue?) {
        guard let value else { return }
        self.key(key)
        raw(value)
    }

    /// Appends `text` as a quoted JSON string: `"` and `\` are escaped, control characters use the short
    /// forms \b \f \n \r \t or \u00XX; every other character, including non-ASCII, is kept as UTF-8.
    mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { appendEscapedUTF8($0) }
    }

    /// Appends already valid UTF-8 as a quoted, escaped JSON string.
    public mutating func appendEscapedUTF8(_ utf8: UnsafeBufferPointer<UInt8>) {
        appendQuote()
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            appendRun(utf8, from: runStart, to: index)
            appendEscape(for: byte)
            runStart = index + 1
        }
        appendRun(utf8, from: runStart, to: utf8.count)
        appendQuote()
    }
}

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

extension JSONWriter {
    @inline(__always) fileprivate mutating func appendRun(_ utf8: UnsafeBufferPointer<UInt8>, from: Int, to: Int) {
        if from < to { appendBytes(UnsafeBufferPointer(rebasing: utf8[from..<to])) }
    }

    fileprivate mutating func appendEscape(for byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): appendBytes(#"\""#)
        case UInt8(ascii: "\\"): appendBytes(#"\\"#)
        case 0x08: appendBytes(#"\b"#)
        case 0x0C: appendBytes(#"\f"#)
        case 0x0A: appendBytes(#"\n"#)
        case 0x0D: appendBytes(#"\r"#)
        case 0x09: appendBytes(#"\t"#)
        default:
            appendBytes(#"\u00"#)
            appendByte(hexDigits[Int(byte >> 4)])
            appendByte(hexDigits[Int(byte & 0x0F)])
        }
    }

    @inline(__always) fileprivate mutating func appendQuote() { appendByte(UInt8(ascii: "\"")) }

    fileprivate mutating func appendBytes(_ literal: StaticString) {
        appendBytes(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
