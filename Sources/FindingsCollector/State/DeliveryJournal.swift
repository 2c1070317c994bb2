import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The findings of the current window that the destination has already taken, kept on disk beside the cursor.
/// When a window is pulled again — after a crash, a destination outage or a deferred pass — these are not sent
/// twice. Appends are not fsynced: losing the tail in a crash only means a few duplicates, never a lost finding.
///
/// Memory stays flat on a fresh window: what it delivers is only appended to the file (one listing never holds
/// a finding twice). Only a resumed window loads what an earlier attempt delivered, to suppress it.
public final class DeliveryJournal: @unchecked Sendable {
    // @unchecked: `delivered` and `file` are only touched under `lock`.
    private let lock = NSLock()
    /// What earlier attempts at this window delivered (empty for a fresh window).
    private let delivered: Set<FindingKey>
    private var file: FileHandle?
    private let path: String

    /// The window an unfinished journal belongs to: a resumed pass must list exactly that window again, since
    /// a narrower one would finish (and discard the journal) before reaching what the journal holds.
    public static func window(at path: String) -> TimeWindow? {
        guard let data = FileManager.default.contents(atPath: path), data.count >= headerSize else { return nil }
        let bytes = [UInt8](data)
        return TimeWindow(start: Double(bitPattern: word(bytes, at: 0)), end: Double(bitPattern: word(bytes, at: 8)))
    }

    private static let headerSize = 16

    /// Starts the journal of the window after a finished one, holding what was delivered on their shared bound.
    /// Its end is its start: it marks no unfinished listing to resume, only keys to suppress.
    public static func start(_ window: TimeWindow, at path: String, holding keys: Set<FindingKey>) throws {
        var bytes = header(window)
        for key in keys { append(key, to: &bytes) }
        try AtomicFile.write(bytes, to: path)
    }

    /// The file's header: the window's start, then its end.
    private static func header(_ window: TimeWindow) -> [UInt8] {
        var bytes = [UInt8]()
        append(window.start.bitPattern, to: &bytes)
        append(window.end.bitPattern, to: &bytes)
        return bytes
    }

    /// The keys a journal file holds after its header.
    private static func keys(in bytes: [UInt8]) -> Set<FindingKey> {
        var keys = Set<FindingKey>()
        var offset = headerSize
        while offset + 16 <= bytes.count {
            keys.insert(FindingKey(high: word(bytes, at: offset), low: word(bytes, at: offset + 8)))
            offset += 16
        }
        return keys
    }

    /// Opens the journal of `window`; a journal of a window with another start is stale and dropped.
    public init(path: String, window: TimeWindow) throws {
        self.path = path
        var keys = Set<FindingKey>()
        if let data = FileManager.default.contents(atPath: path), data.count >= Self.headerSize {
            let bytes = [UInt8](data)
            if Double(bitPattern: Self.word(bytes, at: 0)) == window.start { keys = Self.keys(in: bytes) }
        }
        delivered = keys
        if keys.isEmpty {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: Data(Self.header(window))) else {
                throw CheckpointError.unwritable(path: path, detail: "cannot create the delivery journal")
            }
        }
        file = FileHandle(forWritingAtPath: path)
        if !keys.isEmpty {
            // Carried over from the window before, or resumed: the header names this window's end, so a
            // restart resumes exactly this listing.
            file?.seek(toFileOffset: 0)
            file?.write(Data(Self.header(window)))
        }
        file?.seekToEndOfFile()
    }

    public func contains(_ key: FindingKey) -> Bool { delivered.contains(key) }

    /// Everything the journal holds, read back from its file (a window being narrowed hands it on).
    public func recordedKeys() -> Set<FindingKey> {
        lock.withLock { try? file?.synchronize() }
        guard let data = FileManager.default.contents(atPath: path) else { return delivered }
        return delivered.union(Self.keys(in: [UInt8](data)))
    }

    public func record(_ keys: [FindingKey]) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(keys.count * 16)
        for key in keys where !delivered.contains(key) { Self.append(key, to: &bytes) }
        guard !bytes.isEmpty else { return }
        lock.withLock { file?.write(Data(bytes)) }
    }

    /// The window is done and its cursor saved: nothing of it can come again.
    public func discard() {
        lock.withLock {
            try? file?.close()
            file = nil
            unlink(path)
        }
    }

    private static func append(_ key: FindingKey, to bytes: inout [UInt8]) {
        append(key.high, to: &bytes)
        append(key.low, to: &bytes)
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func word(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        return value
    }
}
