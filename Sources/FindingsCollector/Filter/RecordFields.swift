/// The fields a record can have, the one place rule paths are checked against (see `RecordFieldCheck`).
///
/// Keep in step with the writers: `InspectorFindingMapper` (top level), `NormalizedFinding+Writing` and
/// `NormalizedAsset+Writing` (`normalized`). `LogFilterFieldCatalogTests` maps every fixture and fails
/// when the mapper writes a key missing here, and checks `findingMembers` against the Inspector2 model.
enum RecordFields {
    /// The whole record, top level in the order the mapper writes it.
    static let record = RecordFieldShape.object([
        ("timestamp", .number),
        ("msg_class", .text),
        ("msg_origin", .object([
            ("source", .text), ("vendor", .text), ("category", .text),
            ("processor", .object([("type", .text), ("name", .text)])),
        ])),
        ("tenant", .text),
        ("tenantid", .text),
        ("connector", .text),
        ("region", .text),
        ("normalized", normalized),
        ("finding", .object(findingMembers)),
    ])

    /// `normalized`, as `NormalizedFinding.writeFull` writes it (absent values are left out of records).
    static let normalized = RecordFieldShape.object([
        ("uid", .text), ("title", .text), ("description", .text), ("type", .text),
        ("status", .choice(["Active", "Fixed"])), ("status_raw", .text),
        ("severity", .choice(FindingSeverity.allCases.reversed().map(\.name))), ("score", .number),
        ("scoring_vector", .text), ("aws_account_id", .text), ("region", .text),
        ("asset", asset),
        ("cves", .texts()), ("vulnerability_id", .text),
        ("packages", .list(.object([
            ("name", .text), ("version", .text), ("fixed_in_version", .text),
            ("package_manager", .text), ("file_path", .text),
        ]))),
        ("port", .number), ("port_end", .number), ("protocol", .text),
        ("first_seen", .number), ("last_seen", .number), ("updated_at", .number),
        ("remediation", .text), ("remediation_url", .text), ("source_url", .text),
        ("exploit_available", .text), ("fix_available", .text), ("epss_score", .number),
        ("code_file", .text), ("code_line", .number), ("detector_name", .text), ("cwes", .texts()),
    ])

    /// `normalized.asset`, as `NormalizedAsset.writeFull` writes it.
    static let asset = RecordFieldShape.object([
        ("uid", .text), ("class", .choice(["Device", "Container", "Resource"])), ("type", .text), ("name", .text),
        ("cloud_resource_type", .text), ("ipv4", .texts()), ("ipv6", .texts()), ("platform", .text),
        ("region", .text), ("image_tags", .texts()), ("image_hash", .text), ("repository", .text),
        ("partition", .text),
    ])

    /// Members of the Inspector2 `Finding` shape (service model 2020-06-08), with their JSON types:
    /// timestamps arrive as epoch seconds (numbers). Below this level the finding is not checked.
    static let findingMembers: [(name: String, shape: RecordFieldShape)] = [
        ("findingArn", .text),
        ("awsAccountId", .text),
        ("type", .text),
        ("description", .text),
        ("title", .text),
        ("remediation", .openObject),
        ("severity", .text),
        ("firstObservedAt", .number),
        ("lastObservedAt", .number),
        ("updatedAt", .number),
        ("status", .text),
        ("resources", .list(.openObject)),
        ("inspectorScore", .number),
        ("inspectorScoreDetails", .openObject),
        ("networkReachabilityDetails", .openObject),
        ("packageVulnerabilityDetails", .openObject),
        ("fixAvailable", .text),
        ("exploitAvailable", .text),
        ("exploitabilityDetails", .openObject),
        ("codeVulnerabilityDetails", .openObject),
        ("epss", .openObject),
    ]
}
