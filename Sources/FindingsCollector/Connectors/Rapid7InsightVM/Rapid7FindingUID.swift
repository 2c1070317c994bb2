/// The uid of a Rapid7 finding, stable across passes: Rapid7 has no finding id, so one is built from what
/// tells findings apart, `rapid7:<asset id>:<vulnerability id>:<port>:<protocol>:<key>`.
///
/// Port (digits), protocol and key are empty when the finding has none (`null`, absent, or `""` for the key).
/// Each part is written as sent, except that `%` becomes `%25` and `:` becomes `%3A`, so a part holding a colon
/// (a Windows path as key, an IPv6 literal) cannot be confused with the separators: two findings share a uid
/// only when all five parts are equal. Example: `rapid7:42-default-asset-7:ssh-cve-2023-48795:22:TCP:`.
enum Rapid7FindingUID {
    static func make(assetId: String, vulnerabilityId: String, port: String, protocol: String, key: String) -> String {
        var uid = "rapid7:"
        uid.reserveCapacity(16 + assetId.utf8.count + vulnerabilityId.utf8.count + port.utf8.count
                            + `protocol`.utf8.count + key.utf8.count)
        append(assetId, to: &uid)
        uid.append(":")
        append(vulnerabilityId, to: &uid)
        uid.append(":")
        append(port, to: &uid)
        uid.append(":")
        append(`protocol`, to: &uid)
        uid.append(":")
        append(key, to: &uid)
        return uid
    }

    /// Appends `part` with its `%` and `:` percent-encoded.
    private static func append(_ part: String, to uid: inout String) {
        guard part.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: ":") }) else {
            return uid.append(part)
        }
        for character in part.unicodeScalars {
            switch character {
            case "%": uid.append("%25")
            case ":": uid.append("%3A")
            default: uid.unicodeScalars.append(character)
            }
        }
    }
}
