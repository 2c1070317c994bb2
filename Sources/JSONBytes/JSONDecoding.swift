// Decoding of validated string and number bytes. Inputs come from the scanner, so they are well-formed:
// these functions do not re-check the grammar.

/// Unescapes the content of a validated string (without its quotes).
func decodeString(_ content: Slice<UnsafeBufferPointer<UInt8>>, hasEscapes: Bool = true) -> String {
    let raw = UnsafeBufferPointer(rebasing: content)
    guard hasEscapes else { return String(decoding: raw, as: UTF8.self) }
    // Every escape is at least as long as the UTF-8 it stands for, so the raw length bounds the output.
    return String(unsafeUninitializedCapacity: raw.count) { output in
        var read = 0, written = 0
        while read < raw.count {
            let byte = raw[read]
            guard byte == UInt8(ascii: "\\") else {
                output[written] = byte
                written += 1
                read += 1
                continue
            }
            let code = raw[read + 1]
            read += 2
            let simple: UInt8
            switch code {
            case UInt8(ascii: "b"): simple = 0x08
            case UInt8(ascii: "f"): simple = 0x0C
            case UInt8(ascii: "n"): simple = 0x0A
            case UInt8(ascii: "r"): simple = 0x0D
            case UInt8(ascii: "t"): simple = 0x09
            case UInt8(ascii: "u"):
                var scalar = UInt32(hexUnit(raw, at: read))
                read += 4
                if scalar >= 0xD800, scalar < 0xDC00 {   // validated: a low surrogate follows
                    let low = UInt32(hexUnit(raw, at: read + 2))
                    read += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                written += encodeUTF8(scalar, into: output, at: written)
                continue
            default: simple = code  // \" \\ \/
            }
            output[written] = simple
            written += 1
        }
        return written
    }
}

private func hexUnit(_ raw: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt16 {
    var unit: UInt16 = 0
    for index in offset..<offset + 4 {
        unit = unit << 4 | UInt16(hexDigitValue(raw[index]) ?? 0)
    }
    return unit
}

private func encodeUTF8(_ scalar: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
    switch scalar {
    case 0..<0x80:
        output[offset] = UInt8(scalar)
        return 1
    case 0x80..<0x800:
        output[offset] = UInt8(0xC0 | scalar >> 6)
        output[offset + 1] = UInt8(0x80 | scalar & 0x3F)
        return 2
    case 0x800..<0x10000:
        output[offset] = UInt8(0xE0 | scalar >> 12)
        output[offset + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
        output[offset + 2] = UInt8(0x80 | scalar & 0x3F)
        return 3
    default:
        output[offset] = UInt8(0xF0 | scalar >> 18)
        output[offset + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
        output[offset + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
        output[offset + 3] = UInt8(0x80 | scalar & 0x3F)
        return 4
    }
}

/// Parses a validated integer literal (no fraction, no exponent); nil on Int64 overflow.
func parseInteger(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Int64? {
    var index = text.startIndex
    let negative = text[index] == UInt8(ascii: "-")
    if negative { index += 1 }
    var magnitude: UInt64 = 0
    while index < text.endIndex {
        let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
        let (sum, overflow2) = times10.addingReportingOverflow(UInt64(text[index] - UInt8(ascii: "0")))
        if overflow1 || overflow2 { return nil }
        magnitude = sum
        index += 1
    }
    if negative {
        return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
    }
    return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
}

private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

/// Parses a validated number literal, correctly rounded.
///
/// Fast path (Clinger): at most 15 significant digits and a decimal exponent within ±22 means both the
/// mantissa and the power of ten are exact doubles, so one multiply or divide rounds correctly. Timestamps
/// like `1717171717.123` and scores like `7.5` take it; anything else goes to the standard library.
func parseDouble(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Double {
    var index = text.startIndex
    let negative = text[index] == UInt8(ascii: "-")
    if negative { index += 1 }
    var mantissa: UInt64 = 0
    var digits = 0
    var exponent = 0
    var sawFraction = false
    while index < text.endIndex {
        let byte = text[index]
        if byte == UInt8(ascii: ".") {
            sawFraction = true
        } else if byte | 0x20 == UInt8(ascii: "e") {
            break
        } else {
            if mantissa != 0 || byte != UInt8(ascii: "0") { digits += 1 }
            mantissa = mantissa &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
            if sawFraction { exponent -= 1 }
        }
        index += 1
    }
    if index < text.endIndex {   // exponent part
        index += 1
        var exponentNegative = false
        if text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
            exponentNegative = text[index] == UInt8(ascii: "-")
            index += 1
        }
        var value = 0
        while index < text.endIndex, value < 100_000 {
            value = value * 10 + Int(text[index] - UInt8(ascii: "0"))
            index += 1
        }
        if index < text.endIndex { digits = 99 }   // absurd exponent: let the slow path decide
        exponent += exponentNegative ? -value : value
    }
    if digits <= 15, exponent >= -22, exponent <= 22 {
        let base = Double(mantissa)
        let value = exponent < 0 ? base / exactPowersOfTen[-exponent] : base * exactPowersOfTen[exponent]
        return negative ? -value : value
    }
    return Double(String(decoding: UnsafeBufferPointer(rebasing: text), as: UTF8.self)) ?? .nan
}
