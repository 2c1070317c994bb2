import JSONBytes

/// One assets search as the collector sends it (`POST /vm/v4/integration/assets`), fixed for every page of
/// a listing: the cursor is bound to the query and body it was issued for.
struct Rapid7AssetsQuery: Sendable, Equatable {
    static let path = "/vm/v4/integration/assets"

    var pageSize: Int
    /// Include findings that did not change since the comparison time (`same`): the initial pull.
    var includeSame: Bool
    /// Epoch seconds; nil compares with the current time (every current finding is then `same`).
    var comparisonTime: Double?
    var assetCriteria: String?
    var vulnerabilityCriteria: String?

    /// The query for one window (DESIGN §4d): the first window pulls what is current on assets scanned since
    /// its start (`includeSame`, `last_scan_end > start`); later windows pull the changes since their start
    /// (`comparisonTime`): findings `new` or `remediated` since then.
    init(window: TimeWindow, pageSize: Int, assetFilter: String?, vulnerabilityFilter: String?) {
        self.pageSize = pageSize
        vulnerabilityCriteria = vulnerabilityFilter
        if window.isInitial {
            includeSame = true
            comparisonTime = nil
            assetCriteria = Rapid7Criteria.all([Rapid7Criteria.lastScanEnd(after: window.start), assetFilter])
        } else {
            includeSame = false
            comparisonTime = window.start
            assetCriteria = assetFilter
        }
    }

    init(pageSize: Int, includeSame: Bool, comparisonTime: Double?, assetCriteria: String?, vulnerabilityCriteria: String?) {
        self.pageSize = pageSize
        self.includeSame = includeSame
        self.comparisonTime = comparisonTime
        self.assetCriteria = assetCriteria
        self.vulnerabilityCriteria = vulnerabilityCriteria
    }

    /// `size=N&includeUniqueIdentifiers=true[&includeSame=true][&comparisonTime=T][&cursor=C]`, in that order.
    func query(cursor: String?) -> String {
        var items = [("size", String(pageSize)), ("includeUniqueIdentifiers", "true")]
        if includeSame { items.append(("includeSame", "true")) }
        if let comparisonTime { items.append(("comparisonTime", Rapid7Timestamp.rfc3339(comparisonTime))) }
        if let cursor { items.append(("cursor", cursor)) }
        return Rapid7Query.encode(items)
    }

    /// `{"asset": …, "vulnerability": …}`, each member only when there are criteria (`{}` otherwise).
    var body: [UInt8] {
        Rapid7Query.searchBody([("asset", assetCriteria), ("vulnerability", vulnerabilityCriteria)])
    }
}

/// One definitions search (`POST /vm/v4/integration/vulnerabilities`) for a batch of ids.
struct Rapid7DefinitionsQuery: Sendable, Equatable {
    static let path = "/vm/v4/integration/vulnerabilities"
    /// Ids per call: the criteria string grows with each id (about 40 bytes), and one page holds the batch.
    static let maxBatch = 100

    var ids: [String]

    func query(cursor: String?) -> String {
        var items = [("size", String(min(500, max(1, ids.count))))]
        if let cursor { items.append(("cursor", cursor)) }
        return Rapid7Query.encode(items)
    }

    var body: [UInt8] { Rapid7Query.searchBody([("vulnerability", Rapid7Criteria.idIn(ids))]) }
}

/// Query strings and search bodies.
enum Rapid7Query {
    /// `name=value&…`, values percent-encoded (everything but RFC 3986 unreserved characters).
    static func encode(_ items: [(String, String)]) -> String {
        items.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
    }

    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }

    static func searchBody(_ members: [(String, String?)]) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256)
        writer.beginObject()
        for (key, value) in members {
            guard let value else { continue }
            writer.key(key)
            writer.string(value)
        }
        writer.endObject()
        return writer.finish()
    }
}
