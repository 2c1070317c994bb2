/// How much of a finding a record carries: the reduction ladder for size-limited destinations (UDP).
public enum RecordDetail: Sendable, Equatable, CaseIterable {
    /// Normalized fields plus the original finding (Rapid7: asset, vulnerability and finding), spliced byte for byte.
    case full
    /// Normalized fields only; `reduced` says the vendor's objects were dropped and how big they were.
    case withoutFinding
    /// Normalized fields without the long free text and lists (`description`, `references`, `network_path`,
    /// asset `tags` and `layers`, `detector_tags`, and each package's `file_path`, `remediation` and source
    /// layer; Rapid7 also `remediation_detail` and `evidence`); `reduced.long_fields_omitted` says so.
    /// Identity, severity, CVEs and package versions stay.
    case compact
    /// A handful of normalized fields (uid, title ≤ 200 chars, severity, asset, ≤ 20 CVEs, …) for tiny limits.
    case essential
}

/// One finding turned into one record, with what the pipeline needs to route, filter and account for it.
public struct MappedRecord: Sendable {
    /// One line of UTF-8 JSON, no trailing newline.
    public var bytes: [UInt8]
    /// Severity used for syslog severity and for shedding priority.
    public var severity: FindingSeverity
    /// The finding's unique id (Inspector `findingArn`).
    public var uid: String
    /// The finding's `updatedAt`, epoch seconds (0 when the finding has none).
    public var updatedAt: Double
    /// How much of the finding the record carries.
    public var detail: RecordDetail

    /// Creates a record from its parts.
    public init(bytes: [UInt8], severity: FindingSeverity, uid: String, updatedAt: Double, detail: RecordDetail) {
        self.bytes = bytes
        self.severity = severity
        self.uid = uid
        self.updatedAt = updatedAt
        self.detail = detail
    }
}
