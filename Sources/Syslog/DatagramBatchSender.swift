#if canImport(Glibc)
import Glibc
#endif

/// Sends many datagrams on a connected UDP socket with as few system calls as possible.
///
/// Linux's `sendmmsg` hands up to 1024 datagrams to the kernel in one call. Swift's Glibc module does not
/// import it (it sits behind _GNU_SOURCE), so it is looked up with `dlsym` and its `struct mmsghdr`
/// ({ struct msghdr msg_hdr; unsigned int msg_len; }) is laid out by hand; where the symbol is missing we
/// fall back to one `send` per datagram. Blocking: run on the transport's I/O queue.
enum DatagramBatchSender {
    private typealias SendMultiple = @convention(c) (Int32, UnsafeMutableRawPointer?, UInt32, Int32) -> Int32

    private static let sendMultiple: SendMultiple? = {
        guard let symbol = dlsym(nil, "sendmmsg") else { return nil }
        return unsafeBitCast(symbol, to: SendMultiple.self)
    }()

    private static let headerSize = MemoryLayout<msghdr>.size
    private static let entryAlignment = MemoryLayout<msghdr>.alignment
    private static let entryStride = (headerSize + MemoryLayout<UInt32>.size + entryAlignment - 1)
        / entryAlignment * entryAlignment
    private static let maxPerCall = 256

    /// Sends `messages[range]`, one datagram each, in order. Returns how many the kernel accepted and the
    /// errno that stopped the rest (nil when all were sent).
    static func send(_ messages: [[UInt8]], _ range: Range<Int>, on fd: Int32) -> (sent: Int, error: Errno?) {
        var sent = 0
        while sent < range.count {
            let start = range.lowerBound + sent
            let end = Swift.min(start + maxPerCall, range.upperBound)
            let result = sendMultiple.map { sendBatch(messages, start..<end, fd: fd, using: $0) }
                ?? sendOneByOne(messages, start..<end, fd: fd)
            sent += result.sent
            if let error = result.error { return (sent, error) }
        }
        return (sent, nil)
    }

    private static func sendOneByOne(_ messages: [[UInt8]], _ range: Range<Int>, fd: Int32) -> (sent: Int, error: Errno?) {
        var sent = 0
        for index in range {
            while true {
                let result = messages[index].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
                if result >= 0 { break }
                if errno != EINTR { return (sent, Errno(errno)) }
            }
            sent += 1
        }
        return (sent, nil)
    }

    private static func sendBatch(_ messages: [[UInt8]], _ range: Range<Int>, fd: Int32,
                                  using sendMultiple: SendMultiple) -> (sent: Int, error: Errno?) {
        let iovecs = UnsafeMutablePointer<iovec>.allocate(capacity: range.count)
        let entries = UnsafeMutableRawPointer.allocate(byteCount: entryStride * range.count, alignment: entryAlignment)
        defer { iovecs.deallocate(); entries.deallocate() }
        // Each iovec points into its message's own storage, pinned by nested `withUnsafeBytes` for the whole
        // call (no copy of the payload: with 5–10 KiB records, that copy cost as much as the encoding).
        return withPinnedBytes(of: messages, range, from: range.lowerBound, into: iovecs) {
            for slot in 0..<range.count {
                var header = msghdr()
                header.msg_iov = iovecs + slot
                header.msg_iovlen = 1
                let entry = entries + slot * entryStride
                entry.initializeMemory(as: UInt8.self, repeating: 0, count: entryStride)
                entry.storeBytes(of: header, as: msghdr.self)
            }
            var sent = 0
            while sent < range.count {
                let result = sendMultiple(fd, entries + sent * entryStride, UInt32(range.count - sent), 0)
                if result > 0 {
                    sent += Int(result)
                } else if result < 0 && errno == EINTR {
                    continue
                } else {
                    return (sent, Errno(result < 0 ? errno : EIO))
                }
            }
            return (sent, nil)
        }
    }

    /// Fills `iovecs` with the bytes of `messages[index..<range.upperBound]` and runs `body` while all of
    /// them stay pinned. Recursion depth is the batch size (at most `maxPerCall`).
    private static func withPinnedBytes<Result>(of messages: [[UInt8]], _ range: Range<Int>, from index: Int,
                                                into iovecs: UnsafeMutablePointer<iovec>,
                                                _ body: () -> Result) -> Result {
        guard index < range.upperBound else { return body() }
        return messages[index].withUnsafeBytes { bytes in
            iovecs[index - range.lowerBound] = iovec(iov_base: bytes.isEmpty ? nil : UnsafeMutableRawPointer(mutating: bytes.baseAddress),
                                                     iov_len: bytes.count)
            return withPinnedBytes(of: messages, range, from: index + 1, into: iovecs, body)
        }
    }
}
