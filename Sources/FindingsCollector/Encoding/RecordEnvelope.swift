import JSONBytes

/// Where a kind of record comes from: `msg_class` and `msg_origin`.
public struct RecordOrigin: Sendable, Equatable {
    /// `msg_class`, also the syslog MSGID so receivers can route without parsing the JSON.
    public var messageClass: String
    /// `msg_origin.source`, and `msg_origin.processor.name` (the SIEM expects them equal).
    public var source: String
    /// `msg_origin.vendor` and `.category`; the collector's own records have neither.
    public var vendor: String?
    public var category: String?

    public init(messageClass: String, source: String, vendor: String? = nil, category: String? = nil) {
        self.messageClass = messageClass
        self.source = source
        self.vendor = vendor
        self.category = category
    }

    /// The pass's `collector_stats` record.
    public static let collectorStats = RecordOrigin(messageClass: "collector_stats", source: "findings_collector")
    /// test-connector's record.
    public static let collectorTest = RecordOrigin(messageClass: "collector_test", source: "findings_collector")
}

/// The members every record starts with, in this order: `timestamp`, `msg_class`, `msg_origin`, `tenant`,
/// `tenantid`, `connector`. Written here only, for findings of every source, `collector_stats` and test
/// records alike; all but the timestamp are rendered once per connector.
public struct RecordEnvelope: Sendable {
    public let origin: RecordOrigin
    private let constantMembers: JSONValue

    public init(origin: RecordOrigin, stamp: RecordStamp) {
        self.origin = origin
        var writer = JSONWriter(reservingCapacity: 512)
        writer.beginObject()
        writer.field("msg_class", origin.messageClass)
        writer.beginObject("msg_origin")
        writer.field("source", origin.source)
        if let vendor = origin.vendor { writer.field("vendor", vendor) }
        if let category = origin.category { writer.field("category", category) }
        writer.beginObject("processor")
        writer.field("type", "log_collector")
        writer.field("name", origin.source)
        writer.endObject()
        writer.endObject()
        writer.field("tenant", stamp.tenant)
        writer.field("tenantid", stamp.tenant)
        writer.field("connector", stamp.connector)
        writer.endObject()
        // The writer escapes every string, so its output always parses; a failure here is a writer bug.
        do {
            constantMembers = try JSONValue.parseTyped(writer.bytes)
        } catch {
            preconditionFailure("JSONWriter produced invalid JSON for the record envelope: \(error)")
        }
    }

    /// Opens the record object and writes the envelope's members; the caller adds its own and closes it.
    public func begin(_ writer: inout JSONWriter, timestampMillis: Int64) {
        writer.beginObject()
        writer.field("timestamp", timestampMillis)
        writer.rawMembers(of: constantMembers)
    }
}
