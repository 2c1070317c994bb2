/// Builds one RFC 5424 SD-ELEMENT (`[id name="value" …]`) for `SyslogFormatter.append(structuredData:)`.
public enum SyslogStructuredData {
    /// `[id name="value" …]` with the SD-NAMEs sanitised and `"`, `\`, `]` escaped in values (RFC 5424 §6.3.3).
    public static func element(id: String, parameters: [(name: String, value: String)]) -> String {
        var text = "[" + sdName(id)
        for parameter in parameters {
            text += " " + sdName(parameter.name) + "=\"" + escapedValue(parameter.value) + "\""
        }
        return text + "]"
    }

    /// Escapes the three characters RFC 5424 §6.3.3 reserves inside PARAM-VALUE.
    public static func escapedValue(_ value: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for character in value {
            if character == "\"" || character == "\\" || character == "]" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    // SD-NAME: 1–32 printable US-ASCII except `=`, space, `]` and `"`.
    private static func sdName(_ name: String) -> String {
        let bytes = HeaderField.sanitized(name, maxLength: 32,
                                          alsoForbidden: [UInt8(ascii: "="), UInt8(ascii: "]"), UInt8(ascii: "\"")])
        return String(decoding: bytes, as: UTF8.self)
    }
}
