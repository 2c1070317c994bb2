extension FindingSeverity {
    /// Maps Inspector's `severity` field (CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNTRIAGED), any case.
    public init?(inspectorSeverity: String) {
        switch inspectorSeverity.uppercased() {
        case "CRITICAL": self = .critical
        case "HIGH": self = .high
        case "MEDIUM": self = .medium
        case "LOW": self = .low
        case "INFORMATIONAL", "UNTRIAGED": self = .informational
        case "NONE": self = .none
        default: return nil
        }
    }
}
