import Foundation
import JSONBytes

/// Findings no record could be made of — a mapper that rejects them, a record too large for the destination
/// even reduced, bytes the API kept sending invalid — set aside so the connector can move past them without
/// losing them: one JSON line each in `state_dir/dead-letters/<connector>.jsonl`, with the raw finding, its ARN
/// when known and the reason. The operator can inspect, fix and replay them; nothing here is ever retried.
public final class DeadLetters: Sendable {
    public let path: String
    private let lock = NSLock()   // appends from concurrent partitions of one connector stay whole lines

    public init(stateDirectory: String, connector: String) {
        path = (stateDirectory as NSString).appendingPathComponent("dead-letters/\(connector).jsonl")
    }

    /// Appends one dead letter; valid JSON is kept as it came, anything else as base64. Throws when the file
    /// cannot be written: the caller must then not move past the finding.
    /// `raw` is the item as the API sent it: the finding, or (Rapid7) the asset holding it.
    public func add(raw: ArraySlice<UInt8>, isJSON: Bool, uid: String?, region: String, reason: String,
                    at time: Date = Date()) throws {
        var writer = JSONWriter(reservingCapacity: raw.count + 512)
        writer.beginObject()
        writer.key("time"); writer.string(ISO8601DateFormatter().string(from: time))
        writer.key("region"); writer.string(region)
        writer.key("finding_uid")
        if let uid { writer.string(uid) } else { writer.null() }
        writer.key("reason"); writer.string(reason)
        if isJSON, let value = try? JSONValue.parse(Array(raw)) {
            writer.key("finding"); writer.raw(value)
        } else {
            writer.key("raw_base64"); writer.string(Data(raw).base64EncodedString())
        }
        writer.endObject()
        var line = writer.finish()
        line.append(UInt8(ascii: "\n"))
        try lock.withLock { try append(line) }
    }

    private func append(_ line: [UInt8]) throws {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil) else {
                    throw CheckpointError.unwritable(path: path, detail: "cannot create the dead-letter file")
                }
            }
            guard let file = FileHandle(forWritingAtPath: path) else {
                throw CheckpointError.unwritable(path: path, detail: "cannot open the dead-letter file")
            }
            defer { try? file.close() }
            try file.seekToEnd()
            try file.write(contentsOf: line)
            try file.synchronize()   // a dead letter stands in for a finding the cursor moves past: keep it
        }
    }
}
