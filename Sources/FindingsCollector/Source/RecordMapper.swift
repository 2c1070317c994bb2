import Foundation
import JSONBytes

/// Turns the raw items of a source into records: zero or more per item (an Inspector finding is one record;
/// a Rapid7 asset holds one finding per vulnerability, port and key, and is many).
///
/// Every record starts with the envelope (`RecordEnvelope`), then the kind's own members; `normalized` reads
/// the same for every source (etc/findings-collector.record.schema.json).
public protocol RecordMapper: Sendable {
    /// One finding inside an item, as the mapper needs it to write a record.
    associatedtype Finding

    /// `msg_class` and `msg_origin` of the records (`msg_class` is also the syslog MSGID).
    static var origin: RecordOrigin { get }

    /// Calls `body` with each finding `item` holds, in order. Throws when the item as a whole cannot be read
    /// (it is then kept as a dead letter and counted as failed).
    func forEachFinding(in item: JSONValue, of page: SourcePage, _ body: (Finding) throws -> Void) throws

    /// The finding's unique id and version: the same pair twice is the same content (the journal suppresses
    /// it); a new version is sent again. Nil when the finding cannot be identified (it fails to map).
    func identity(of finding: Finding) -> FindingIdentity?

    /// Writes the finding's record at `detail` into a new buffer after the bytes `header` gives once the
    /// severity is known (the syslog header: the message is built in one buffer, the record never copied).
    /// With `readable`, the record's tape is kept for log filters to read it without scanning it again.
    func write(_ finding: Finding, scope: String, collectedAtMillis: Int64, detail: RecordDetail, readable: Bool,
               header: (FindingSeverity) -> [UInt8]) throws -> WrittenRecord

    /// `PageEncoder(encoder: encoder, mapper: self, collectedAt: collectedAt)`, written in each mapper: built
    /// where the mapper's type is known, the encoder is specialised for it. Built from `any RecordMapper` it
    /// would run as unspecialised generic code, every call through the witness table (+7 % instructions).
    func pageEncoder(_ encoder: RecordEncoder, collectedAt: Date) -> any PageEncoding
}

/// A finding's id and version, as the mapper reads them.
public struct FindingIdentity: Sendable, Equatable {
    /// Unique and stable across passes (Inspector `findingArn`; Rapid7: asset, vulnerability, port, protocol, key).
    public var uid: String
    /// When the finding last changed, epoch seconds (0 when the source has no such time).
    public var version: Double
    /// What else tells one version from another when the vendor's time does not move with it (Rapid7: a
    /// finding's status, and whether it was remediated); empty when `version` says it all.
    public var state: String

    public init(uid: String, version: Double, state: String = "") {
        self.uid = uid
        self.version = version
        self.state = state
    }

    /// The journal's key: the same uid, version and state twice is the same content.
    public var key: FindingKey {
        FindingKey(arn: state.isEmpty ? uid : "\(uid)\u{0}\(state)", updatedAt: version)
    }
}

/// A record written after its syslog header.
public struct WrittenRecord {
    public var bytes: [UInt8]
    /// The record without its raw vendor members, readable without a parse (it shares `bytes`); only when
    /// asked for.
    public var record: JSONValue?
    /// What log-filter paths under `finding.` read: the raw finding, already parsed with its page.
    public var finding: JSONValue?
    public var severity: FindingSeverity
    /// The finding's version (`FindingIdentity.version`), for ordering within the queue.
    public var updatedAt: Double

    public init(bytes: [UInt8], record: JSONValue?, finding: JSONValue?, severity: FindingSeverity, updatedAt: Double) {
        self.bytes = bytes
        self.record = record
        self.finding = finding
        self.severity = severity
        self.updatedAt = updatedAt
    }
}
