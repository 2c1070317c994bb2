import JSONBytes

/// The vulnerability definitions fetched during one pass, by id, so that each is asked for once per pass
/// however many assets hold it. Cleared when a pass starts (definitions change: a new CVSS score is picked
/// up by the next pass).
///
/// Bounded by the bytes of the answers it keeps alive (a definition is a view into its answer): past the
/// budget the oldest answers are dropped, and a definition dropped that way is fetched again if a later
/// page needs it. Ids Rapid7 did not return are remembered too, so a missing definition is not asked for
/// page after page (the mapper marks the finding's definition as missing).
actor Rapid7DefinitionCache {
    /// 64 MiB of answers: some 20 000 definitions, more than most organizations' distinct vulnerabilities.
    static let defaultByteBudget = 64 << 20

    let byteBudget: Int
    private var definitions: [String: JSONValue] = [:]
    private var absent: Set<String> = []
    private var answers: [(bytes: Int, ids: [String])] = []
    private var bytes = 0
    /// Answers dropped to stay within the budget this pass.
    private(set) var evictions = 0

    init(byteBudget: Int = Rapid7DefinitionCache.defaultByteBudget) {
        self.byteBudget = max(0, byteBudget)
    }

    func clear() {
        definitions.removeAll(keepingCapacity: true)
        absent.removeAll(keepingCapacity: true)
        answers.removeAll(keepingCapacity: true)
        bytes = 0
        evictions = 0
    }

    /// The definitions known for `ids`, and the ids neither known nor known to be absent (to fetch).
    func lookup(_ ids: [String]) -> (known: [String: JSONValue], unknown: [String]) {
        var known: [String: JSONValue] = [:]
        var unknown: [String] = []
        for id in ids {
            if let definition = definitions[id] {
                known[id] = definition
            } else if !absent.contains(id) {
                unknown.append(id)
            }
        }
        return (known, unknown)
    }

    /// Keeps what one definitions call answered for `asked`, which took `answerBytes`.
    func store(_ found: [String: JSONValue], asked: [String], answerBytes: Int) {
        for (id, definition) in found { definitions[id] = definition }
        for id in asked where found[id] == nil { absent.insert(id) }
        answers.append((answerBytes, Array(found.keys)))
        bytes += answerBytes
        while bytes > byteBudget, answers.count > 1 {
            let oldest = answers.removeFirst()
            bytes -= oldest.bytes
            for id in oldest.ids { definitions[id] = nil }
            evictions += 1
        }
    }

    var count: Int { definitions.count }
}
