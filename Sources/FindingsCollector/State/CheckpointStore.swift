import Foundation
import JSONBytes

public enum CheckpointError: Error, Sendable, CustomStringConvertible {
    case unwritable(path: String, detail: String)
    case corrupt(path: String)

    public var description: String {
        switch self {
        case .unwritable(let path, let detail):
            return "cannot save cursor to \(path): \(detail) (check state_dir exists and is writable by the service user)"
        case .corrupt(let path):
            return "cursor file \(path) is not valid; move it away to restart that region from initial_lookback_hours"
        }
    }
}

/// Per connector and region, the `updatedAt` up to which every finding has been handed to the sink.
/// Written atomically (temp file, fsync, rename, fsync of the folder): a crash leaves the old or the new cursor,
/// never a torn one.
public struct CheckpointStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    func path(connector: String, region: String) -> String {
        "\(directory)/cursors/\(connector)/\(region).json"
    }

    /// Beside the cursor: the keys of what the current window already delivered (see `DeliveryJournal`).
    func journalPath(connector: String, region: String) -> String {
        "\(directory)/cursors/\(connector)/\(region).delivered"
    }

    public func cursor(connector: String, region: String) throws -> Double? {
        try saved(connector: connector, region: region)?.cursor
    }

    /// The cursor, and whether it is only the pinned start of the first window (nothing delivered before it).
    func saved(connector: String, region: String) throws -> (cursor: Double, isInitial: Bool)? {
        let file = path(connector: connector, region: region)
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        guard let document = try? JSONValue.parse([UInt8](data)), let cursor = document["updated_at"]?.double else {
            throw CheckpointError.corrupt(path: file)
        }
        return (cursor, document["initial"]?.bool ?? false)
    }

    /// `initial`: the cursor pins the first window's start, so that a restart resumes the same window (and
    /// its journal) and a source that lists "changes since" still lists everything on it.
    public func save(cursor: Double, initial: Bool = false, connector: String, region: String, savedAt: Date = Date()) throws {
        let file = path(connector: connector, region: region)
        let folder = (file as NSString).deletingLastPathComponent
        var writer = JSONWriter(reservingCapacity: 96)
        writer.beginObject()
        writer.key("updated_at")
        writer.number(cursor)
        writer.key("saved_at")
        writer.number(savedAt.timeIntervalSince1970)
        if initial {
            writer.key("initial")
            writer.bool(true)
        }
        writer.endObject()
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CheckpointError.unwritable(path: file, detail: "\(error.localizedDescription)")
        }
        try AtomicFile.write(writer.bytes + [UInt8(ascii: "\n")], to: file)
    }
}
