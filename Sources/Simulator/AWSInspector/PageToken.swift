import FindingsCollector
import Foundation

/// The simulator's `nextToken`: where the listing resumes, bound to the request that started it.
///
/// Opaque to clients (base64 text), like the real one. Carrying the position lets each page resume
/// where the last stopped instead of rescanning; carrying a fingerprint of the filter lets the double
/// reject a token reused with a different filter, as Inspector2 does.
struct PageToken: Equatable, Sendable {
    /// The next finding index to examine.
    var position: Int
    /// How many deliberate empty pages this listing has already been given.
    var emptyPagesServed: Int
    /// Fingerprint of the filter, sort and page size the listing started with.
    var requestFingerprint: UInt64

    private static let version = "sim1"

    /// The token as sent in `nextToken`.
    func encoded() -> String {
        let plain = "\(PageToken.version)|\(position)|\(emptyPagesServed)|\(hex16(requestFingerprint))"
        return Data(plain.utf8).base64EncodedString()
    }

    /// The token a client sent back, or nil when it is not one this simulator issued.
    init?(encoded text: String) {
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8) else { return nil }
        let parts = plain.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == PageToken.version,
              let position = Int(parts[1]), position >= 0,
              let empties = Int(parts[2]), empties >= 0,
              parts[3].count == 16, let fingerprint = UInt64(parts[3], radix: 16) else { return nil }
        self.init(position: position, emptyPagesServed: empties, requestFingerprint: fingerprint)
    }

    init(position: Int, emptyPagesServed: Int, requestFingerprint: UInt64) {
        self.position = position
        self.emptyPagesServed = emptyPagesServed
        self.requestFingerprint = requestFingerprint
    }

    /// FNV-1a over the canonical request parameters: a change detector, not a security measure.
    static func fingerprint(of canonicalParameters: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in canonicalParameters {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
