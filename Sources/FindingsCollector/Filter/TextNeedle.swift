/// A rule's text prepared once for byte comparisons: its UTF-8 when that alone decides a match (plain
/// ASCII without CR, see `TextMatch`), so each record's test does not inspect the rule's text again.
struct TextNeedle: Sendable, Equatable {
    let text: String
    /// The text's bytes when they can be compared as bytes; nil when Strings must decide.
    let asciiBytes: [UInt8]?

    init(_ text: String) {
        self.text = text
        let bytes = Array(text.utf8)
        asciiBytes = bytes.withUnsafeBufferPointer(Self.decidesOnBytes) ? bytes : nil
    }

    /// True when a rule text of these bytes can be compared byte for byte with plain ASCII content: it is
    /// plain ASCII itself, and has no CR (which would join a following LF into one character).
    static func decidesOnBytes(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        TextMatch.isPlainASCII(utf8) && !utf8.contains(UInt8(ascii: "\r"))
    }
}
