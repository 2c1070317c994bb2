/// One step of `test-connector` and how it went.
public struct CheckStep: Sendable {
    public enum Outcome: Sendable {
        case passed(String)
        /// `summary` is one line for the verdict; `details` explain the cause and the fix.
        case failed(summary: String, details: [String])
        case skipped(String)
    }

    public var name: String
    public var outcome: Outcome

    public var failed: Bool {
        if case .failed = outcome { return true }
        return false
    }
}

/// The whole answer of `test-connector`.
public struct CheckReport: Sendable {
    public var steps: [CheckStep]

    public var succeeded: Bool { !steps.contains { $0.failed } }

    /// "Success", or "Failure: " and the first failed step's summary.
    public var verdict: String {
        for step in steps {
            if case .failed(let summary, _) = step.outcome { return "Failure: \(summary)" }
        }
        return "Success"
    }

    /// The report as an operator reads it: a line per step, details indented, the verdict last.
    public var text: String {
        var lines: [String] = []
        for (index, step) in steps.enumerated() {
            let label = "[\(index + 1)/\(steps.count)] \(step.name)"
            switch step.outcome {
            case .passed(let detail):
                lines.append("\(label): ok — \(detail)")
            case .skipped(let reason):
                lines.append("\(label): skipped — \(reason)")
            case .failed(let summary, let details):
                lines.append("\(label): FAILED — \(summary)")
                lines += details.map { "      \($0)" }
            }
        }
        lines.append(verdict)
        return lines.joined(separator: "\n") + "\n"
    }
}
