/// The fields a Rapid7 InsightVM finding record can have, for log filter rules (`RecordKind.fields`).
///
/// Keep in step with `Rapid7FindingMapper` (top level); `normalized` is the shared catalogue
/// (`RecordFields.normalized`). The vendor objects are listed one level deep with their JSON types, from
/// the v4 integration API's asset, finding and vulnerability shapes; below that they are not checked.
/// Rapid7 sends `null` for many absent values: a rule on such a field simply does not match then.
/// `Rapid7RecordFieldCatalogTests` maps every fixture and fails when a record has a key missing here.
enum Rapid7RecordFields {
    /// The whole record, top level in the order the mapper writes it (`reduced` replaces the vendor objects in
    /// reduced records).
    static let rapid7Record = RecordFieldShape.object(RecordFields.envelope + [
        ("normalized", RecordFields.normalized),
        ("asset", .object(assetMembers)),
        ("vulnerability", .object(vulnerabilityMembers)),
        ("finding", .object(findingMembers)),
        ("reduced", .object([
            ("finding_omitted", .flag), ("original_bytes", .number), ("long_fields_omitted", .flag),
            ("essential_fields_only", .flag),
        ])),
    ])

    /// An asset of `POST /vm/v4/integration/assets`, without the finding arrays (`new`, `same`, `remediated`),
    /// which the record leaves out: each of their findings is a record of its own. Times are RFC 3339 text.
    static let assetMembers: [(name: String, shape: RecordFieldShape)] = [
        ("assessed_for_policies", .flag),
        ("assessed_for_vulnerabilities", .flag),
        ("credential_assessments", .list(.object([("port", .number), ("protocol", .text), ("status", .text)]))),
        ("critical_vulnerabilities", .number),
        ("exploits", .number),
        ("host_name", .text),
        ("id", .text),
        ("ip", .text),
        ("last_assessed_for_vulnerabilities", .text),
        ("last_scan_end", .text),
        ("last_scan_start", .text),
        ("mac", .text),
        ("malware_kits", .number),
        ("moderate_vulnerabilities", .number),
        ("os_architecture", .text),
        ("os_description", .text),
        ("os_family", .text),
        ("os_name", .text),
        ("os_system_name", .text),
        ("os_type", .text),
        ("os_vendor", .text),
        ("os_version", .text),
        ("risk_score", .number),
        ("severe_vulnerabilities", .number),
        ("tags", .list(.object([("name", .text), ("type", .text)]))),
        ("total_vulnerabilities", .number),
        ("type", .text),
        ("unique_identifiers", .list(.object([("id", .text), ("source", .text)]))),
    ]

    /// A finding: an element of an asset's `new`, `same` or `remediated` array.
    static let findingMembers: [(name: String, shape: RecordFieldShape)] = [
        ("check_id", .text),
        ("first_found", .text),
        ("key", .text),
        ("last_found", .text),
        ("nic", .text),
        ("port", .number),
        ("proof", .text),
        ("protocol", .text),
        ("reintroduced", .text),
        ("solution_fix", .text),
        ("solution_id", .text),
        ("solution_summary", .text),
        ("solution_type", .text),
        ("status", .text),
        ("vulnerability_id", .text),
    ]

    /// A vulnerability definition of `POST /vm/v4/integration/vulnerabilities`.
    static let vulnerabilityMembers: [(name: String, shape: RecordFieldShape)] = [
        ("added", .text),
        ("categories", .text),
        ("cves", .text),
        ("cvss_v2_access_complexity", .text),
        ("cvss_v2_access_vector", .text),
        ("cvss_v2_authentication", .text),
        ("cvss_v2_availability_impact", .text),
        ("cvss_v2_confidentiality_impact", .text),
        ("cvss_v2_exploit_score", .number),
        ("cvss_v2_impact_score", .number),
        ("cvss_v2_integrity_impact", .text),
        ("cvss_v2_score", .number),
        ("cvss_v2_vector", .text),
        ("cvss_v3_attack_complexity", .text),
        ("cvss_v3_attack_vector", .text),
        ("cvss_v3_availability_impact", .text),
        ("cvss_v3_confidentiality_impact", .text),
        ("cvss_v3_exploit_score", .number),
        ("cvss_v3_impact_score", .number),
        ("cvss_v3_integrity_impact", .text),
        ("cvss_v3_privileges_required", .text),
        ("cvss_v3_scope", .text),
        ("cvss_v3_score", .number),
        ("cvss_v3_user_interaction", .text),
        ("cvss_v3_vector", .text),
        ("denial_of_service", .flag),
        ("description", .text),
        ("exploits", .list(.openObject)),
        ("id", .text),
        ("links", .list(.object([("href", .text), ("id", .text), ("source", .text)]))),
        ("malware_kits", .list(.openObject)),
        ("modified", .text),
        ("pci_cvss_score", .number),
        ("pci_fail", .flag),
        ("pci_severity_score", .number),
        ("pci_special_notes", .text),
        ("pci_status", .text),
        ("published", .text),
        ("references", .text),
        ("risk_score", .number),
        ("severity", .text),
        ("severity_score", .number),
        ("title", .text),
    ]
}
