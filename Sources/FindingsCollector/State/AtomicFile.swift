import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Replaces a file so that readers and crashes see either the old or the new content, never a mix.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = "\(path).tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw failure(path, "open") }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                close(fd)
                unlink(temporary)
                throw failure(path, "write")
            }
            written += result
        }
        guard fsync(fd) == 0 else { close(fd); unlink(temporary); throw failure(path, "fsync") }
        close(fd)
        guard rename(temporary, path) == 0 else { unlink(temporary); throw failure(path, "rename") }
        // The rename itself lives in the folder: sync it too, or a power loss may undo it.
        let folder = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    private static func failure(_ path: String, _ step: String) -> CheckpointError {
        .unwritable(path: path, detail: "\(step): \(String(cString: strerror(errno)))")
    }
}
