/// One entry per value (and per object key) in document order: the "tape" a scan leaves behind.
///
/// Offsets are 32-bit so an entry fits 16 bytes; documents are bounded to 4 GiB by the scanner.
@usableFromInline struct JSONTapeEntry: Sendable {
    /// Offset of the value's first byte (the quote of a string, the bracket of a container).
    @usableFromInline var start: UInt32
    /// Offset one past the value's last byte.
    @usableFromInline var end: UInt32
    /// Tape index of the next sibling: skips a container's whole subtree in O(1).
    @usableFromInline var next: UInt32
    @usableFromInline var kind: JSONKind
    /// Strings: contains a backslash escape. Numbers: has a fraction or an exponent.
    var flag: Bool
}

/// A validated document: the original bytes plus the tape. Immutable, so values share it across threads.
final class JSONDocument: Sendable {
    let bytes: [UInt8]
    let tape: [JSONTapeEntry]
    /// The root value contains tab, CR or LF between tokens: splicing must drop them to keep one line.
    let hasControlWhitespace: Bool

    init(bytes: [UInt8], tape: [JSONTapeEntry], hasControlWhitespace: Bool) {
        self.bytes = bytes
        self.tape = tape
        self.hasControlWhitespace = hasControlWhitespace
    }
}
