extension JSONScanner {
    /// Scans the string whose opening quote is at `start` and appends its entry; returns the offset past
    /// the closing quote. Escapes must be valid (surrogates paired), raw control characters are rejected,
    /// and non-ASCII bytes must be well-formed UTF-8 (Unicode table 3-7).
    ///
    /// Inlined fast path for the common string (keys, enums, ARNs, English text): plain ASCII found 8 or
    /// 16 bytes per step up to the closing quote. Anything else continues in `scanStringSlowly`.
    @inline(__always) mutating func scanString(at start: Int) throws(JSONError) -> Int {
        var pos = start + 1
        // Keys and short values end within 16 bytes: two single words first (in general registers, they
        // measured faster than one 16-byte step, the string's end feeding the next token's address),
        // then 16 bytes per step for long text.
        for _ in 0..<2 where pos &+ 8 <= count {
            let special = specialByteMask(loadWord(at: pos))
            if special != 0 {
                // The lowest flagged byte is exact (borrows only ever flag bytes above a real match).
                pos &+= special.trailingZeroBitCount >> 3
                if base[pos] == UInt8(ascii: "\"") {   // pos < count: one of the 8 bytes just read
                    appendEntry(start: start, end: pos &+ 1, next: tapeCount &+ 1, kind: .string, flag: false)
                    return pos &+ 1
                }
                return try scanStringSlowly(start: start, from: pos, hasEscapes: false)
            }
            pos &+= 8
        }
        while pos &+ 16 <= count {   // both words lie inside the buffer (and pos < 2^32: no overflow)
            let low = specialByteMask(loadWord(at: pos))
            let high = specialByteMask(loadWord(at: pos &+ 8))
            if low | high != 0 {
                pos &+= low != 0 ? low.trailingZeroBitCount >> 3 : 8 &+ high.trailingZeroBitCount >> 3
                if base[pos] == UInt8(ascii: "\"") {   // pos < count: one of the 16 bytes just read
                    appendEntry(start: start, end: pos &+ 1, next: tapeCount &+ 1, kind: .string, flag: false)
                    return pos &+ 1
                }
                break
            }
            pos &+= 16
        }
        return try scanStringSlowly(start: start, from: pos, hasEscapes: false)
    }

    /// Continues a string at `from` (all bytes before it are plain ASCII): escapes, UTF-8, the last 16 bytes.
    @inline(never)
    private mutating func scanStringSlowly(start: Int, from: Int, hasEscapes: Bool) throws(JSONError) -> Int {
        var pos = from
        var hasEscapes = hasEscapes
        while true {
            pos = skipPlainASCII(from: pos)
            guard pos < count else { break }
            let byte = base[pos]
            if byte == UInt8(ascii: "\"") {
                appendEntry(start: start, end: pos + 1, next: tapeCount + 1, kind: .string, flag: hasEscapes)
                return pos + 1
            }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                pos = try scanEscape(at: pos)
            } else if byte < 0x20 {
                throw JSONError(offset: pos, reason: "control character U+00\(hex2(byte)) must be escaped inside a string")
            } else if byte < 0x80 {
                pos += 1
            } else {
                pos = try scanUTF8Sequence(at: pos)
            }
        }
        throw JSONError(offset: start, reason: "unterminated string")
    }

    /// Skips 8 bytes at a time while none is a quote, a backslash, a control character or non-ASCII,
    /// then byte by byte. Stops at (not past) the first such byte, or at the end.
    @inline(__always) private func skipPlainASCII(from start: Int) -> Int {
        var pos = start
        while pos + 8 <= count {
            let special = specialByteMask(loadWord(at: pos))
            if special != 0 { return pos + special.trailingZeroBitCount >> 3 }
            pos += 8
        }
        while pos < count {
            let byte = base[pos]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            pos += 1
        }
        return pos
    }

    /// The 8 bytes at `offset` as a little-endian word; callers guarantee `offset + 8 <= count`.
    @inline(__always) func loadWord(at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
    }

    /// Validates the escape whose backslash is at `pos`; returns the offset after it.
    private func scanEscape(at pos: Int) throws(JSONError) -> Int {
        guard pos + 1 < count else { throw JSONError(offset: pos, reason: "unterminated escape sequence") }
        switch base[pos + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return pos + 2
        case UInt8(ascii: "u"):
            let unit = try hexCodeUnit(at: pos + 2, escape: pos)
            if (0xDC00...0xDFFF).contains(unit) {
                throw JSONError(offset: pos, reason: "lone low surrogate \\u\(hex4(unit))")
            }
            guard (0xD800...0xDBFF).contains(unit) else { return pos + 6 }
            guard pos + 7 < count, base[pos + 6] == UInt8(ascii: "\\"), base[pos + 7] == UInt8(ascii: "u"),
                  (0xDC00...0xDFFF).contains(try hexCodeUnit(at: pos + 8, escape: pos)) else {
                throw JSONError(offset: pos, reason: "lone high surrogate \\u\(hex4(unit)) (must be followed by a low surrogate)")
            }
            return pos + 12
        default:
            throw JSONError(offset: pos, reason: "invalid escape sequence '\\\(Character(Unicode.Scalar(base[pos + 1])))'")
        }
    }

    /// Errors point at the escape's backslash (`escape`), as the reader sees the whole `\\uXXXX`.
    private func hexCodeUnit(at offset: Int, escape: Int) throws(JSONError) -> UInt16 {
        guard offset + 4 <= count else { throw JSONError(offset: escape, reason: "truncated \\u escape") }
        var unit: UInt16 = 0
        for index in offset..<offset + 4 {
            guard let digit = hexDigitValue(base[index]) else {
                throw JSONError(offset: escape, reason: "invalid hex digit in \\u escape")
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    /// Validates the UTF-8 sequence whose lead byte is at `pos`; returns the offset after it.
    private func scanUTF8Sequence(at pos: Int) throws(JSONError) -> Int {
        let lead = base[pos]
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
        default: throw JSONError(offset: pos, reason: "invalid UTF-8 lead byte 0x\(hex2(lead))")
        }
        guard pos + length <= count else { throw JSONError(offset: pos, reason: "truncated UTF-8 sequence") }
        let second = base[pos + 1]
        guard second >= low, second <= high else {
            throw JSONError(offset: pos, reason: "invalid UTF-8 continuation byte 0x\(hex2(second))")
        }
        for index in pos + 2..<pos + length where base[index] & 0xC0 != 0x80 {
            throw JSONError(offset: pos, reason: "invalid UTF-8 continuation byte 0x\(hex2(base[index]))")
        }
        return pos + length
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
