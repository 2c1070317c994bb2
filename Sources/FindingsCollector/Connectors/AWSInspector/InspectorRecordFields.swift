/// The fields of an `aws_inspector` record, for log filter rules: the shared envelope and `normalized`, and
/// the original finding. `LogFilterFieldCatalogTests` checks `findingMembers` against the Inspector2 model.
enum InspectorRecordFields {
    static let record = RecordFieldShape.object(RecordFields.envelope + [
        ("normalized", RecordFields.normalized),
        ("finding", .object(findingMembers)),
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
