// Recording the tape while writing: the writer's own output handed out as a document without a parse
// (log filters read each record this way; see `JSONTapeRecorder`).
extension JSONWriter {
    /// From here on, also records the tape of what is written, so `finishDocument()` can hand the document
    /// out without parsing it. Call before writing the document's first byte.
    public mutating func recordTape(reservingEntries count: Int = 256) {
        tape = JSONTapeRecorder(startingAt: written, reservingEntries: count)
        recordsTape = true
    }

    /// Leaves the rest of the innermost open object or array out of the recorded tape: its members are
    /// written as usual, but the document `finishDocument()` returns lacks them (a reader that has them
    /// parsed elsewhere need not pay for recording them).
    public mutating func leaveRestOfContainerUnrecorded() {
        tape?.skipRestOfContainer()
    }

    /// Ends writing, like `finish()`, and also returns the document written since `recordTape`, read from
    /// the recorded tape (its offsets count from the start of `bytes`, prefix included). Should the tape
    /// not be exact (a splice dropped line breaks), the document is parsed instead; nil without `recordTape`.
    public mutating func finishDocument() throws(JSONError) -> (bytes: [UInt8], document: JSONValue?) {
        let tape = self.tape
        let bytes = finish()
        guard let tape else { return (bytes, nil) }
        guard tape.isComplete else { return (bytes, try JSONValue.parseTyped(Array(bytes[tape.recordingStart...]))) }
        return (bytes, JSONValue(document: JSONDocument(bytes: bytes, tape: tape.entries, hasControlWhitespace: false),
                                 index: 0))
    }
}
