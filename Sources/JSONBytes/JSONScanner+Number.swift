extension JSONScanner {
    /// Scans `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`; the flag marks a fraction or exponent.
    mutating func scanNumber() throws(JSONError) {
        let start = pos
        if input[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < input.count, isDigit(input[pos]) else { throw fail("expected a digit in a number") }
        if input[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < input.count, isDigit(input[pos]) { throw fail("leading zeros are not allowed in a number") }
        } else {
            skipDigits()
        }
        var hasFractionOrExponent = false
        if pos < input.count, input[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < input.count, isDigit(input[pos]) else { throw fail("expected a digit after the decimal point") }
            skipDigits()
            hasFractionOrExponent = true
        }
        if pos < input.count, input[pos] | 0x20 == UInt8(ascii: "e") {
            pos += 1
            if pos < input.count, input[pos] == UInt8(ascii: "+") || input[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < input.count, isDigit(input[pos]) else { throw fail("expected a digit in the exponent") }
            skipDigits()
            hasFractionOrExponent = true
        }
        appendScalar(.number, start: start, flag: hasFractionOrExponent)
    }

    private mutating func skipDigits() {
        while pos < input.count, isDigit(input[pos]) { pos += 1 }
    }

    @inline(__always) private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
