// Splicing validated JSON in verbatim, read through a `JSONView` (no reference counting per value).
extension JSONWriter {
    /// Splices the validated value at `node` verbatim (tabs and line breaks between tokens dropped).
    public mutating func raw(_ node: JSONNode, in view: JSONView) {
        separate()
        splice(view.rawBytes(node), entries: node.index..<Int(view.tape[node.index].next), of: view)
        markValueWritten()
    }

    /// Writes `key` and the value at `node` spliced verbatim, or nothing at all when `node` is nil.
    public mutating func field(_ key: StaticString, raw node: JSONNode?, in view: JSONView) {
        guard let node else { return }
        self.key(literal: key)
        raw(node, in: view)
    }

    /// Splices the members of a validated object into the object being written, as if each had been
    /// written one by one: lets a caller pre-render constant members once and reuse them per document.
    public mutating func rawMembers(of object: JSONValue) {
        guard object.kind == .object, object.count > 0 else { return }
        separate()
        object.withView { view, node in
            let raw = view.rawBytes(node)
            splice(UnsafeBufferPointer(rebasing: raw[1..<(raw.count - 1)]),
                   entries: (node.index + 1)..<Int(view.tape[node.index].next), of: view)
        }
        needsComma = true
    }

    /// Appends `bytes`, a run of `view`'s document, and records the tape `entries` that describe them,
    /// moved to where they land. A splice that dropped line breaks moved the bytes after them, so the
    /// recorded tape stops being exact (the document is then scanned instead).
    @inline(__always)
    private mutating func splice(_ bytes: UnsafeBufferPointer<UInt8>, entries: Range<Int>, of view: JSONView) {
        let start = written
        appendSplicing(bytes, dropLineBreaks: view.hasControlWhitespace)
        guard tape != nil else { return }
        tape?.splice(view.tape, entries, from: UnsafePointer(bytes.baseAddress!) - view.bytes, to: start)
        if view.hasControlWhitespace { tape?.lostTrack() }
    }
}
