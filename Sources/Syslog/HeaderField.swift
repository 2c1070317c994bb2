/// Header fields must be printable US-ASCII without spaces (RFC 5424 §6: PRINTUSASCII = %d33-126),
/// or a receiver mis-splits the header. We repair rather than reject: a hostname or app name from the
/// config should never stop records from flowing.
enum HeaderField {
    /// The placeholder RFC 5424 uses for an absent field.
    static let nilValue: [UInt8] = [UInt8(ascii: "-")]

    /// `value` truncated to `maxLength` bytes, each byte outside 33…126 (or in `alsoForbidden`) replaced
    /// by `_`; `-` when nothing is left.
    static func sanitized(_ value: String, maxLength: Int, alsoForbidden: Set<UInt8> = []) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(Swift.min(value.utf8.count, maxLength))
        for byte in value.utf8.prefix(maxLength) {
            let printable = byte >= 33 && byte <= 126 && !alsoForbidden.contains(byte)
            result.append(printable ? byte : UInt8(ascii: "_"))
        }
        return result.isEmpty ? nilValue : result
    }
}
