extension JSONScanner {
    /// Scans a string: escapes must be valid (surrogates paired), raw control characters are rejected,
    /// and non-ASCII bytes must be well-formed UTF-8 (Unicode table 3-7).
    mutating func scanString() throws(JSONError) {
        let start = pos
        pos += 1
        var hasEscapes = false
        while pos < input.count {
            skipPlainASCII()
            guard pos < input.count else { break }
            let byte = input[pos]
            if byte == UInt8(ascii: "\"") {
                pos += 1
                appendScalar(.string, start: start, flag: hasEscapes)
                return
            }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                try scanEscape()
            } else if byte < 0x20 {
                throw fail("control character U+00\(hex2(byte)) must be escaped inside a string")
            } else if byte < 0x80 {
                pos += 1
            } else {
                try scanUTF8Sequence()
            }
        }
        throw JSONError(offset: start, reason: "unterminated string")
    }

    /// Skips 8 bytes at a time while none is a quote, a backslash, a control character or non-ASCII:
    /// the common case for keys, ARNs and English text. Stops at (not past) the first such byte.
    @inline(__always) private mutating func skipPlainASCII() {
        guard let base = input.baseAddress else { return }
        while pos + 8 <= input.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self))
            let special = specialByteMask(word)
            if special != 0 {
                // The lowest flagged byte is exact (borrows only ever flag bytes above a real match).
                pos += special.trailingZeroBitCount >> 3
                return
            }
            pos += 8
        }
    }

    private mutating func scanEscape() throws(JSONError) {
        guard pos + 1 < input.count else { throw fail("unterminated escape sequence") }
        switch input[pos + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            pos += 2
        case UInt8(ascii: "u"):
            let unit = try hexCodeUnit(at: pos + 2)
            if (0xDC00...0xDFFF).contains(unit) { throw fail("lone low surrogate \\u\(hex4(unit))") }
            if (0xD800...0xDBFF).contains(unit) {
                guard pos + 7 < input.count, input[pos + 6] == UInt8(ascii: "\\"), input[pos + 7] == UInt8(ascii: "u"),
                      (0xDC00...0xDFFF).contains(try hexCodeUnit(at: pos + 8)) else {
                    throw fail("lone high surrogate \\u\(hex4(unit)) (must be followed by a low surrogate)")
                }
                pos += 12
            } else {
                pos += 6
            }
        default:
            throw fail("invalid escape sequence '\\\(Character(Unicode.Scalar(input[pos + 1])))'")
        }
    }

    private func hexCodeUnit(at offset: Int) throws(JSONError) -> UInt16 {
        guard offset + 4 <= input.count else { throw fail("truncated \\u escape") }
        var unit: UInt16 = 0
        for index in offset..<offset + 4 {
            guard let digit = hexDigitValue(input[index]) else { throw fail("invalid hex digit in \\u escape") }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    private mutating func scanUTF8Sequence() throws(JSONError) {
        let lead = input[pos]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF   // allowed range of the second byte
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F            // excludes UTF-16 surrogates
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F            // excludes code points above U+10FFFF
        default: throw fail("invalid UTF-8 lead byte 0x\(hex2(lead))")
        }
        guard pos + length <= input.count else { throw fail("truncated UTF-8 sequence") }
        let second = input[pos + 1]
        guard second >= low, second <= high else { throw fail("invalid UTF-8 continuation byte 0x\(hex2(second))") }
        var index = pos + 2
        while index < pos + length {
            guard input[index] & 0xC0 == 0x80 else { throw fail("invalid UTF-8 continuation byte 0x\(hex2(input[index]))") }
            index += 1
        }
        pos += length
    }
}

@inline(__always) func hexDigitValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
}

private func hex2(_ byte: UInt8) -> String {
    let text = String(byte, radix: 16, uppercase: true)
    return text.count < 2 ? "0" + text : text
}

private func hex4(_ unit: UInt16) -> String {
    let text = String(unit, radix: 16, uppercase: true)
    return String(repeating: "0", count: 4 - text.count) + text
}

/// High bit set in each byte of `word` that is `"`, `\\`, below 0x20 or at least 0x80 (SWAR, no branches).
@inline(__always) private func specialByteMask(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let quote = word ^ (ones &* 0x22)
    let backslash = word ^ (ones &* 0x5C)
    let isQuote = (quote &- ones) & ~quote
    let isBackslash = (backslash &- ones) & ~backslash
    let isControl = word &- (ones &* 0x20)   // borrows into the high bit for bytes < 0x20
    return (isQuote | isBackslash | isControl | word) & highs
}
