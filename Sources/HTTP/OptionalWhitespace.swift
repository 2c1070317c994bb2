extension Substring {
    /// Without leading and trailing spaces and tabs: HTTP's "optional whitespace" around values.
    var trimmingOptionalWhitespace: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
