import JSONBytes

/// Rule values compared with a record's strings where they lie in the record's bytes, without building a
/// String per record. Swift compares Strings by Unicode canonical equivalence (the Kelvin sign equals "K"),
/// so bytes alone decide only when both sides are plain ASCII and the rule's text has no CR (which would
/// join a following LF into one character); everything else is decided on Strings, exactly as before.
enum TextMatch {
    /// The string at `node` equals `text`.
    static func equals(_ node: JSONNode, in view: JSONView, _ text: String) -> Bool {
        var text = text
        let decided = text.withUTF8 { needle in
            TextNeedle.decidesOnBytes(needle) ? compareOnASCII(node, view, needle) { $0.elementsEqual($1) } : nil
        }
        return decided ?? (view.string(node) == text)
    }

    /// The string at `node` starts with the needle's text.
    static func hasPrefix(_ node: JSONNode, in view: JSONView, _ needle: TextNeedle) -> Bool {
        let decided = needle.asciiBytes?.withUnsafeBufferPointer { prefix in
            compareOnASCII(node, view, prefix) { content, prefix in
                content.count >= prefix.count && content.prefix(prefix.count).elementsEqual(prefix)
            }
        }
        return decided ?? (view.string(node)?.hasPrefix(needle.text) ?? false)
    }

    /// `compare(content, needle)` on UTF-8 when the string at `node` is plain ASCII (the caller has checked
    /// the needle); nil when Strings must decide.
    private static func compareOnASCII(_ node: JSONNode, _ view: JSONView, _ needle: UnsafeBufferPointer<UInt8>,
                                       _ compare: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool? {
        guard let content = view.unescapedStringBytes(node), isPlainASCII(content) else { return nil }
        return compare(content, needle)
    }

    /// No byte at or above 0x80; eight bytes at a time.
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { return false }
            offset += 8
        }
        while offset < bytes.count {
            if base[offset] >= 0x80 { return false }
            offset += 1
        }
        return true
    }
}
