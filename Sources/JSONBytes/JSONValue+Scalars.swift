extension JSONValue {
    /// The unescaped string value; nil unless this is a string.
    public var string: String? {
        guard kind == .string else { return nil }
        let entry = self.entry
        return document.bytes.withUnsafeBufferPointer { bytes in
            decodeString(bytes[Int(entry.start) + 1..<Int(entry.end) - 1], hasEscapes: entry.flag)
        }
    }

    /// The number as a Double (correctly rounded); nil unless this is a number.
    public var double: Double? {
        guard kind == .number else { return nil }
        let entry = self.entry
        return document.bytes.withUnsafeBufferPointer { bytes in
            parseDouble(bytes[Int(entry.start)..<Int(entry.end)])
        }
    }

    /// The number as an Int64 when it is integral and in range (`3`, `3.0`, `3e2`); nil otherwise.
    public var int: Int64? {
        guard kind == .number else { return nil }
        let entry = self.entry
        if !entry.flag, let exact = document.bytes.withUnsafeBufferPointer({ bytes in
            parseInteger(bytes[Int(entry.start)..<Int(entry.end)])
        }) {
            return exact
        }
        guard let value = double, value.rounded(.towardZero) == value,
              value >= -9.223372036854775808e18, value < 9.223372036854775808e18 else { return nil }
        return Int64(value)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
