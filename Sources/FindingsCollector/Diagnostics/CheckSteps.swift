/// test-connector's steps as they are taken: each passes with a detail, or fails with the summary and the
/// explanation its kind gives for the error.
struct CheckSteps {
    private(set) var steps: [CheckStep] = []
    /// Every step so far passed: the next may run.
    var passed: Bool { !steps.contains { $0.failed } }

    /// Runs one step; a nil detail records nothing (a step that only prepares the next). False when it failed.
    @discardableResult
    mutating func run(_ name: String, explain: (any Error) -> (summary: String, details: [String]),
                      _ body: () async throws -> String?) async -> Bool {
        do {
            guard let detail = try await body() else { return true }
            steps.append(CheckStep(name: name, outcome: .passed(detail)))
            return true
        } catch {
            let (summary, details) = explain(error)
            steps.append(CheckStep(name: name, outcome: .failed(summary: summary, details: details)))
            return false
        }
    }

    /// Steps taken elsewhere (a kind's own checks).
    mutating func append(_ taken: [CheckStep]) {
        steps += taken
    }

    mutating func skip(_ name: String, because reason: String) {
        steps.append(CheckStep(name: name, outcome: .skipped(reason)))
    }
}
