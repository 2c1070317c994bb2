/// The fields records share, the one place rule paths are checked against (see `RecordFieldCheck`): the
/// envelope and `normalized`, the same for every source. Each kind adds its own members (`RecordKind.fields`).
///
/// Keep in step with the writers: `RecordEnvelope`, `NormalizedFinding+Writing` and `NormalizedAsset+Writing`
/// (`normalized`). `LogFilterFieldCatalogTests` maps every fixture and fails when a mapper writes a key
/// missing here.
enum RecordFields {
    /// What every record starts with (`RecordEnvelope`), then `region`: the kinds' records add their own.
    static let envelope: [(name: String, shape: RecordFieldShape)] = [
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
    ]

    /// `normalized`, as `NormalizedFinding.writeFull` (and Rapid7's `Rapid7NormalizedFinding.writeFull`) writes
    /// it (absent values are left out of records).
    /// etc/findings-collector.record.schema.json describes the same fields for SIEM parsers.
    static let normalized = RecordFieldShape.object([
        ("uid", .text), ("title", .text), ("description", .text), ("type", .text),
        ("status", .choice(["Active", "Fixed"])), ("status_raw", .text),
        ("severity", .choice(FindingSeverity.recordNames)), ("severity_raw", .text), ("score", .number),
        ("scoring_vector", .text), ("cvss_version", .text), ("aws_account_id", .text), ("region", .text),
        ("asset", asset),
        ("cves", .texts()), ("vulnerability_id", .text), ("vulnerability_source", .text), ("vendor_severity", .text),
        ("packages", .list(.object([
            ("name", .text), ("version", .text), ("release", .text), ("epoch", .number), ("arch", .text),
            ("fixed_in_version", .text), ("package_manager", .text), ("file_path", .text), ("remediation", .text),
            ("source_layer_hash", .text), ("source_layer_arn", .text),
        ]))),
        ("port", .number), ("port_end", .number), ("protocol", .text), ("instance_key", .text),
        ("network_path", .list(.object([("component_id", .text), ("component_type", .text), ("component_arn", .text)]))),
        ("first_seen", .number), ("last_seen", .number), ("updated_at", .number),
        ("published_at", .number), ("vendor_updated_at", .number),
        ("remediation", .text), ("remediation_url", .text), ("remediation_type", .text), ("remediation_detail", .text),
        ("source_url", .text), ("references", .texts()), ("evidence", .text),
        ("exploit_available", .text), ("last_exploited_at", .number), ("fix_available", .text), ("epss_score", .number),
        ("code_file", .text), ("code_line", .number), ("code_line_end", .number), ("code_layer_arn", .text),
        ("detector_name", .text), ("detector_id", .text), ("rule_id", .text), ("detector_tags", .texts()),
        ("cwes", .texts()), ("definition_missing", .flag),
    ])

    /// `normalized.asset`, as `NormalizedAsset.writeFull` (and `Rapid7NormalizedAsset.writeFull`) writes it.
    static let asset = RecordFieldShape.object([
        ("uid", .text), ("class", .choice(["Device", "Container", "Resource"])), ("type", .text), ("name", .text),
        ("hostname", .text), ("os", .text), ("os_version", .text), ("os_description", .text), ("os_architecture", .text),
        ("cloud_resource_type", .text), ("ipv4", .texts()), ("ipv6", .texts()), ("platform", .text),
        ("region", .text), ("partition", .text), ("tags", .list(.object([("name", .text), ("value", .text)]))),
        ("instance_type", .text), ("image_id", .text), ("key_name", .text), ("iam_instance_profile_arn", .text),
        ("vpc_id", .text), ("subnet_id", .text), ("launched_at", .number),
        ("repository", .text), ("registry", .text), ("image_tags", .texts()), ("image_hash", .text),
        ("image_pushed_at", .number), ("image_author", .text), ("architecture", .text), ("in_use_count", .number),
        ("last_in_use_at", .number),
        ("function_version", .text), ("runtime", .text), ("package_type", .text), ("execution_role_arn", .text),
        ("layers", .texts()), ("last_modified_at", .number),
        ("mac", .text), ("risk_score", .number), ("last_seen", .number),
    ])
}
