#if canImport(Glibc)
import Glibc
#endif

/// One resolved peer address, copied out of `getaddrinfo`'s list so it can outlive it and cross threads.
struct SocketAddress: Sendable {
    let family: Int32
    private let storage: sockaddr_storage
    private let length: socklen_t

    /// Every address `host` resolves to for `port` and the given socket type (IPv4 and IPv6), in the
    /// resolver's preferred order. Blocks (DNS): call it on an I/O queue.
    static func resolve(host: String, port: Int, socketType: Int32) throws(SyslogError) -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = socketType
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let detail = status == EAI_SYSTEM ? errnoDescription(errno) : String(cString: gai_strerror(status))
            throw .resolveFailed(host: host, detail: detail)
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let address = entry.pointee.ai_addr {
                var storage = sockaddr_storage()
                let length = Swift.min(Int(entry.pointee.ai_addrlen), MemoryLayout<sockaddr_storage>.size)
                withUnsafeMutableBytes(of: &storage) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: address, count: length))
                }
                addresses.append(SocketAddress(family: entry.pointee.ai_family, storage: storage,
                                               length: socklen_t(length)))
            }
            cursor = entry.pointee.ai_next
        }
        if addresses.isEmpty { throw .resolveFailed(host: host, detail: "no addresses returned") }
        return addresses
    }

    /// Calls `body` with the address as the C socket calls want it.
    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }
}

/// `strerror` text for an errno value, e.g. "Connection refused (errno 111)".
func errnoDescription(_ code: Int32) -> String {
    "\(String(cString: strerror(code))) (errno \(code))"
}
