/// The data of an `rsp` frame: `STATUS SP HUMAN-TEXT [LF DATA]`; for `open`, DATA holds the server's offers,
/// one `name=value,value` per line.
struct RELPResponse: Equatable, Sendable {
    /// 200 is OK; everything else (librelp sends 500) is an error.
    var status: Int
    /// The server's words, e.g. "OK" or "command disabled".
    var text: String
    /// What follows the first LF: the offers, for an `open`.
    var body: [UInt8]

    var isOK: Bool { status == 200 }

    init(status: Int, text: String, body: [UInt8] = []) {
        self.status = status
        self.text = text
        self.body = body
    }

    /// Parses an `rsp` frame's data; nil when it does not start with a three-digit status.
    init?(_ data: [UInt8]) {
        let headEnd = data.firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
        let head = data[..<headEnd]
        guard head.count >= 3, head.prefix(3).allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              head.count == 3 || head[head.startIndex + 3] == UInt8(ascii: " ") else { return nil }
        status = head.prefix(3).reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        text = String(decoding: head.dropFirst(4), as: UTF8.self)
        body = headEnd < data.endIndex ? Array(data[(headEnd + 1)...]) : []
    }

    /// How the operator reads it: "500 command disabled".
    var summary: String { text.isEmpty ? "\(status)" : "\(status) \(text)" }

    /// The offers in `body`: feature name to its comma-separated values.
    var offers: [String: [String]] {
        var offers: [String: [String]] = [:]
        for line in body.split(separator: UInt8(ascii: "\n")) {
            let parts = line.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(decoding: parts[0], as: UTF8.self)
            let values = parts.count > 1 ? parts[1].split(separator: UInt8(ascii: ",")) : []
            offers[name] = values.map { String(decoding: $0, as: UTF8.self) }
        }
        return offers
    }

    /// The client's offers for `open`: protocol version 0 (what librelp and rsyslog speak), the one command
    /// we use, and who we are.
    static func clientOffers(software: String) -> [UInt8] {
        Array("relp_version=0\nrelp_software=\(software)\ncommands=syslog".utf8)
    }
}
