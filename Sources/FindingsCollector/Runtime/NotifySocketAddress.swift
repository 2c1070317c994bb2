#if canImport(Glibc)
import Glibc
#endif

/// The AF_UNIX datagram socket `$NOTIFY_SOCKET` names: a file-system path ("/run/systemd/notify") or an
/// abstract-namespace name ("@name", where "@" stands for the leading NUL byte).
public struct NotifySocketAddress: Sendable, Equatable, CustomStringConvertible {
    /// The bytes of `sun_path`, the leading NUL included for an abstract name, no terminating NUL.
    let pathBytes: [UInt8]

    /// Parses `$NOTIFY_SOCKET`; nil for an empty value or a kind this daemon does not speak (e.g. "vsock:").
    public init?(parsing value: String) {
        guard let first = value.first else { return nil }
        switch first {
        case "/": pathBytes = Array(value.utf8)
        case "@": pathBytes = [0] + Array(value.utf8.dropFirst())
        default: return nil
        }
    }

    public var isAbstract: Bool { pathBytes.first == 0 }

    public var description: String {
        isAbstract ? "@" + String(decoding: pathBytes.dropFirst(), as: UTF8.self) : String(decoding: pathBytes, as: UTF8.self)
    }

    /// Sends one datagram on a fresh socket, as sd_notify does: nothing to keep open, nothing to leak.
    func send(_ bytes: [UInt8]) throws(SystemdNotifierError) {
        var address = sockaddr_un()
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { throw .pathTooLong(description) }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
        }
        // An abstract name's length is exactly its bytes; a path's includes the terminating NUL.
        let pathLength = isAbstract ? pathBytes.count : pathBytes.count + 1
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + pathLength)

        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .send(socket: description, errno: errno) }
        defer { close(fd) }
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bytes.withUnsafeBytes { buffer in
                    sendto(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
        }
        guard sent == bytes.count else { throw .send(socket: description, errno: sent < 0 ? errno : EMSGSIZE) }
    }
}

/// Why a notification to systemd could not be delivered.
public enum SystemdNotifierError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The socket path does not fit `sockaddr_un` (108 bytes).
    case pathTooLong(String)
    /// `socket` or `sendto` failed.
    case send(socket: String, errno: Int32)

    public var description: String {
        switch self {
        case .pathTooLong(let path):
            return "NOTIFY_SOCKET \(path) is longer than a unix socket address allows (107 bytes)"
        case .send(let socket, let code):
            return "could not notify systemd on \(socket): \(String(cString: strerror(code)))"
        }
    }
}
