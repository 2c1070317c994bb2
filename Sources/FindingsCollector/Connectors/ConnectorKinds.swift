/// Every kind of connector the collector has, by the config's `type`. Adding one is its folder under
/// `Connectors/` and a line here.
enum ConnectorKinds {
    static let all: [any ConnectorKind] = [
        InspectorKind(),
        Rapid7InsightVMKind(),
    ]

    static func named(_ type: String) -> (any ConnectorKind)? {
        all.first { $0.type == type }
    }

    /// The fields of every kind's records: what a destination's filter may see.
    static var recordFields: [RecordFieldShape] { all.map(\.records.fields) }
}
