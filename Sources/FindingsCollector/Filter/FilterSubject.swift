import JSONBytes

/// A record as log filters read it: the record's own members, as the writer recorded them, and the
/// finding it carries, already parsed with its page. `finding.…` paths are followed in the finding, so the
/// record's largest member (often 80% of it) is never scanned or recorded a second time.
public struct FilterSubject {
    /// The record; without its `finding` member when `finding` is given.
    let record: JSONValue
    /// Stands in for the record's `finding` member.
    let finding: JSONValue?

    /// A record read whole (it carries its own `finding`).
    public init(record: JSONValue) {
        self.record = record
        finding = nil
    }

    /// A record's own members, and the finding it was written from.
    public init(recordWithoutFinding record: JSONValue, finding: JSONValue?) {
        self.record = record
        self.finding = finding
    }

    /// Calls `body` with the view and node `path` starts from, and the index of its first step there.
    func withRoot(for path: FieldPath, _ body: (JSONView, JSONNode, Int) -> Bool) -> Bool {
        var answer = false
        if let finding, case .member("finding")? = path.steps.first {
            finding.withView { view, node in answer = body(view, node, 1) }
        } else {
            record.withView { view, node in answer = body(view, node, 0) }
        }
        return answer
    }
}
