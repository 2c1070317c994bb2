import Foundation
import JSONBytes
import Syslog

/// How a log line is spelled: `logfmt` (`key=value`, the default, for people and journald) or `json` (one
/// object per line, for shippers that would otherwise need a logfmt parser). Chosen with `--log-format`.
public enum LogFormat: String, Sendable, CaseIterable {
    case logfmt, json

    /// One event as a line (newline included). `time` is nil when journald stamps lines itself; `priority`
    /// is the `<N>` prefix journald reads a line's priority from (it removes the prefix), or nil.
    func line(time: Date?, priority: Int?, level: String, context: [(String, String)], message: String,
              fields: [(String, String)]) -> String {
        let prefix = priority.map { "<\($0)>" } ?? ""
        let stamp = time.map(Self.rfc3339)
        switch self {
        case .logfmt:
            var line = prefix + (stamp.map { "time=\($0) " } ?? "") + "level=\(level)"
            for (key, value) in context { line += " \(key)=\(Self.quoted(value))" }
            line += " msg=\(Self.quoted(message))"
            for (key, value) in fields { line += " \(key)=\(Self.quoted(value))" }
            return line + "\n"
        case .json:
            // The writer escapes every key and string per RFC 8259 and keeps the order written:
            // time, level, context, msg, fields (readers of raw lines see the same order every time).
            var writer = JSONWriter(reservingCapacity: 256)
            writer.beginObject()
            writer.field("time", stamp)
            writer.field("level", level)
            for (key, value) in context { writer.key(key); writer.string(value) }
            writer.field("msg", message)
            for (key, value) in fields { writer.key(key); writer.string(value) }
            writer.endObject()
            return prefix + String(decoding: writer.finish(), as: UTF8.self) + "\n"
        }
    }

    /// RFC 3339 UTC with milliseconds (`2026-12-04T16:30:01.123Z`), formatted as records' timestamps are.
    static func rfc3339(_ date: Date) -> String {
        var text: [UInt8] = []
        CalendarTime(utc: date).appendRFC3339(to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Quotes values with spaces, quotes or `=`; folds newlines so one event stays one line.
    static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\r", with: "\\r")
        return "\"\(escaped)\""
    }
}
