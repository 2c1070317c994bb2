/// Rapid7's `proof` and `solution_*` texts are HTML fragments (`<p>Download and apply the patch from:
/// <a href="…">…</a></p>`). The raw finding keeps them as sent; the normalized fields (`remediation`,
/// `remediation_detail`, `evidence`) carry them as plain text, so a SIEM shows and searches words, not markup.
///
/// Deliberately small, not an HTML parser: tags are dropped (each counts as a space, so `</li><li>` still
/// separates words), the common entities and numeric character references are decoded, and every run of
/// whitespace becomes one space, trimmed at both ends. Link targets are lost with their tags; the raw
/// finding still has them.
enum HTMLPlainText {
    /// The plain text of the HTML fragment `html` (UTF-8).
    static func plainText(_ html: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(html.count)
        var pendingSpace = false
        func emit(_ byte: UInt8) {
            if pendingSpace, !text.isEmpty { text.append(UInt8(ascii: " ")) }
            pendingSpace = false
            text.append(byte)
        }
        var index = 0
        while index < html.count {
            let byte = html[index]
            switch byte {
            case UInt8(ascii: "<"):
                // A tag runs to the next `>`; a lone `<` (not followed by a letter, `/` or `!`) is text.
                if index + 1 < html.count, isTagStart(html[index + 1]),
                   let end = html[(index + 1)...].firstIndex(of: UInt8(ascii: ">")) {
                    pendingSpace = true
                    index = end + 1
                    continue
                }
                emit(byte)
            case UInt8(ascii: "&"):
                if let (decoded, length) = entity(in: html, at: index) {
                    if decoded == [UInt8(ascii: " ")] { pendingSpace = true } else { for part in decoded { emit(part) } }
                    index += length
                    continue
                }
                emit(byte)
            case UInt8(ascii: " "), 0x09, 0x0A, 0x0D, 0x0C:
                pendingSpace = true
            default:
                emit(byte)
            }
            index += 1
        }
        return text
    }

    private static func isTagStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "!")
    }

    /// The UTF-8 of the character reference at `start` (`&amp;`, `&#39;`, `&#x27;`) and its length in bytes;
    /// nil when there is none (the `&` is then text). A no-break space reads as a space.
    private static func entity(in html: UnsafeBufferPointer<UInt8>, at start: Int) -> ([UInt8], Int)? {
        guard let end = html[start...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { return nil }
        let name = Array(html[(start + 1)..<end])
        let length = end - start + 1
        switch String(decoding: name, as: UTF8.self) {
        case "amp": return ([UInt8(ascii: "&")], length)
        case "lt": return ([UInt8(ascii: "<")], length)
        case "gt": return ([UInt8(ascii: ">")], length)
        case "quot": return ([UInt8(ascii: "\"")], length)
        case "apos": return ([UInt8(ascii: "'")], length)
        case "nbsp": return ([UInt8(ascii: " ")], length)
        default: break
        }
        guard name.first == UInt8(ascii: "#"), name.count >= 2 else { return nil }
        let hex = name[1] | 0x20 == UInt8(ascii: "x")
        guard let code = UInt32(String(decoding: name.dropFirst(hex ? 2 : 1), as: UTF8.self), radix: hex ? 16 : 10),
              let scalar = Unicode.Scalar(code), code != 0 else { return nil }
        if code == 0xA0 { return ([UInt8(ascii: " ")], length) }
        return (Array(String(Character(scalar)).utf8), length)
    }
}
