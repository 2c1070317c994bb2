import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ports on 127.0.0.1 for test peers (moto_server, rsyslog, openssl s_server) that must be told one.
public enum LoopbackPort {
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// A port the kernel just handed out on 127.0.0.1 (binding port 0); free again once this returns.
    public static func free(type: Int32 = Int32(SOCK_STREAM.rawValue)) throws -> Int {
        let (fd, port) = try bind(type: type, listening: false)
        close(fd)
        return port
    }

    /// A new socket bound to a port the kernel hands out on 127.0.0.1, and listening (a TCP peer that
    /// completes connections into its backlog even before it accepts them) when `listening`; close it.
    public static func bind(type: Int32 = Int32(SOCK_STREAM.rawValue), listening: Bool) throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, type, 0)
        guard fd >= 0 else { throw Unavailable(description: "socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, length) == 0 && (!listening || listen(fd, 16) == 0) && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            close(fd)
            throw Unavailable(description: "cannot bind a loopback port: errno \(code)")
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}

extension LoopbackPort {
    /// True when something accepts TCP connections on 127.0.0.1:`port` (a started peer is ready).
    public static func acceptsConnections(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
