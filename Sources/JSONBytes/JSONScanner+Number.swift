extension JSONScanner {
    /// Scans `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` starting at `start` and appends its
    /// entry (flag: has a fraction or an exponent); returns the offset after the number.
    @inline(__always) mutating func scanNumber(at start: Int) throws(JSONError) -> Int {
        var pos = start
        if base[pos] == UInt8(ascii: "-") { pos += 1 }   // start < count (the caller read it)
        guard pos < count, isDigit(base[pos]) else {
            throw JSONError(offset: pos, reason: "expected a digit in a number")
        }
        if base[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < count, isDigit(base[pos]) {
                throw JSONError(offset: pos, reason: "leading zeros are not allowed in a number")
            }
        } else {
            pos = skipDigits(from: pos + 1)
        }
        var hasFractionOrExponent = false
        if pos < count, base[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < count, isDigit(base[pos]) else {
                throw JSONError(offset: pos, reason: "expected a digit after the decimal point")
            }
            pos = skipDigits(from: pos + 1)
            hasFractionOrExponent = true
        }
        if pos < count, base[pos] | 0x20 == UInt8(ascii: "e") {
            pos += 1
            if pos < count, base[pos] == UInt8(ascii: "+") || base[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < count, isDigit(base[pos]) else {
                throw JSONError(offset: pos, reason: "expected a digit in the exponent")
            }
            pos = skipDigits(from: pos + 1)
            hasFractionOrExponent = true
        }
        appendEntry(start: start, end: pos, next: tapeCount + 1, kind: .number, flag: hasFractionOrExponent)
        return pos
    }

    /// The offset of the first non-digit at or after `start` (or `count`): 8 digits per step (timestamps
    /// and ids are long), then byte by byte.
    @inline(__always) private func skipDigits(from start: Int) -> Int {
        var pos = start
        while pos + 8 <= count {
            let nonDigits = nonDigitMask(loadWord(at: pos))
            if nonDigits != 0 { return pos + nonDigits.trailingZeroBitCount >> 3 }
            pos += 8
        }
        while pos < count, isDigit(base[pos]) { pos += 1 }
        return pos
    }

    @inline(__always) private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}

/// High bit set in each byte of `word` that is not an ASCII digit; the lowest flagged byte is exact.
///
/// After `^ 0x30` digits are 0...9. Adding 0x76 sets the high bit of bytes 10...0x89; bytes from 0x80
/// already have it. Only a byte of at least 0x8A carries into the byte above it, and such a byte is
/// itself flagged, so a carry never creates the lowest flag.
@inline(__always) private func nonDigitMask(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let shifted = word ^ (ones &* 0x30)
    return (shifted | (shifted &+ ones &* 0x76)) & (ones &* 0x80)
}
