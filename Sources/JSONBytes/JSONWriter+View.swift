// Splicing from a `JSONView`: the same bytes `raw(_: JSONValue)` writes, without touching reference counts.
extension JSONWriter {
    /// Splices the validated value at `node` verbatim (tabs and line breaks between tokens dropped).
    public mutating func raw(_ node: JSONNode, in view: JSONView) {
        separate()
        let source = view.rawBytes(node)
        if view.hasControlWhitespace {
            for byte in source where byte != 0x0A && byte != 0x0D && byte != 0x09 {
                appendByte(byte)
            }
        } else {
            appendBytes(source)
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
