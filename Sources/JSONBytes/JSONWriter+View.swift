// Splicing from a `JSONView`: the same bytes `raw(_: JSONValue)` writes, without touching reference counts.
extension JSONWriter {
    /// Splices the validated value at `node` verbatim (tabs and line breaks between tokens dropped).
    public mutating func raw(_ node: JSONNode, in view: JSONView) {
        separate()
        let start = written
        appendSplicing(view.rawBytes(node), dropLineBreaks: view.hasControlWhitespace)
        if tape != nil {
            tape?.splice(view.tape, node.index..<Int(view.tape[node.index].next), from: Int(view.tape[node.index].start),
                         to: start)
            if view.hasControlWhitespace { tape?.lostTrack() }
        }
        markValueWritten()
    }

    /// Writes `key` and the value at `node` spliced verbatim, or nothing at all when `node` is nil.
    public mutating func field(_ key: StaticString, raw node: JSONNode?, in view: JSONView) {
        guard let node else { return }
        self.key(literal: key)
        raw(node, in: view)
    }
}
