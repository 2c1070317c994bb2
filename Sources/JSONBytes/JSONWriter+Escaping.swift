extension JSONWriter {
    /// Appends valid UTF-8 as a quoted JSON string: `"` and `\` are escaped, control characters use the
    /// short forms \b \f \n \r \t or \u00XX; every other character, including non-ASCII, is kept as is.
    public mutating func appendEscapedUTF8(_ utf8: UnsafeBufferPointer<UInt8>) {
        appendQuote()
        guard let base = utf8.baseAddress else { return appendQuote() }
        var runStart = 0
        var index = 0
        while index < utf8.count {
            // Skip 8 bytes at a time while none needs escaping (most text); stop at the first that does.
            while index + 8 <= utf8.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let mask = needsEscapeMask(word)
                if mask != 0 {
                    index += mask.trailingZeroBitCount >> 3
                    break
                }
                index += 8
            }
            guard index < utf8.count else { break }
            let byte = base[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                appendRun(utf8, from: runStart, to: index)
                appendEscape(for: byte)
                runStart = index + 1
            }
            index += 1
        }
        appendRun(utf8, from: runStart, to: utf8.count)
        appendQuote()
    }
}

/// High bit set in each byte of `word` that is `"`, `\\` or below 0x20; the lowest flagged byte is exact.
@inlinable @inline(__always) func needsEscapeMask(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let quote = word ^ (ones &* 0x22)
    let backslash = word ^ (ones &* 0x5C)
    let isQuote = (quote &- ones) & ~quote
    let isBackslash = (backslash &- ones) & ~backslash
    let isControl = (word &- (ones &* 0x20)) & ~word   // excludes bytes ≥ 0x80 (UTF-8 is kept as is)
    return (isQuote | isBackslash | isControl) & 0x8080_8080_8080_8080
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
}
