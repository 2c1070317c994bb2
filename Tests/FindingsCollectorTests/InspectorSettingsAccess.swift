@testable import FindingsCollector

extension ConnectorConfig {
    /// The `aws_inspector` settings of a connector the test configured as one.
    var inspector: InspectorSettings { InspectorKind.settings(of: self) }
}
