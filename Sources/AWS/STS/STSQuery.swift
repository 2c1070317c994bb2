import Foundation

/// The body of an AWS query-protocol call: `Action=…&Version=…&Name=value…`, form-encoded with the
/// RFC 3986 unreserved set (what the SDKs send), so `+`, `/`, `=` and `:` in ARNs and tokens survive.
struct STSQuery: Sendable {
    static let version = "2011-06-15"
    private var pairs: [(String, String)]

    init(action: String) {
        pairs = [("Action", action), ("Version", Self.version)]
    }

    /// Adds a parameter; nil values are left out.
    mutating func add(_ name: String, _ value: String?) {
        if let value { pairs.append((name, value)) }
    }

    var body: [UInt8] {
        Array(pairs.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&").utf8)
    }

    static func encode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }
}
