import FindingsCollector
import Foundation
import JSONBytes
import Syslog
#if canImport(Glibc)
import Glibc
#endif

/// The transport's ceiling on this machine: the pipeline's exact messages, encoded before the clock
/// starts, pushed by a plain loop into the same kind of draining receiver. UDP: one `send` per datagram.
/// TCP: one `write` per octet-counted message (`limit-tcp`, the plain loop), or the stream written in
/// 256 KiB `write`s (`limit-tcp-chunked`: few system calls, the higher ceiling).
struct LimitCase {
    let corpus: PageCorpus
    let transportKind: LoopbackReceiver.Kind
    let udpMaxMessageSize: Int
    /// TCP only: write 256 KiB chunks instead of one message per `write`.
    var chunked = false

    func run(findings count: Int) throws -> CaseResult {
        let messages = try prebuiltMessages()
        let receiver = try LoopbackReceiver(transportKind)
        let fd = try connectedSocket(port: receiver.port)
        defer { close(fd) }
        var result = CaseResult(kind: "limit-\(transportKind.rawValue)\(chunked ? "-chunked" : "")", findings: count)

        let startCPU = ProcessMetrics.processCPUSeconds()
        let start = ProcessMetrics.now()
        if transportKind == .udp {
            result.bytes = try sendDatagrams(messages, count: count, on: fd)
        } else {
            result.bytes = try writeStream(messages, count: count, on: fd)
        }
        let sendDone = ProcessMetrics.now()
        let arrived = receiver.waitFor(messages: count)
        result.finish(start: start, startCPU: startCPU, sendDone: sendDone, arrived: arrived, receiver: receiver.stop())
        return result
    }

    /// Every corpus finding encoded once, as the pipeline would encode it for this transport.
    private func prebuiltMessages() throws -> [[UInt8]] {
        let encoder = PipelineCase.encoder(maxMessageSize: transportKind == .udp ? udpMaxMessageSize : nil)
        let collectedAt = Date()
        var messages: [[UInt8]] = []
        for body in corpus.pages {
            for finding in try ListFindingsPage.parse(body).findings {
                if case .encoded(let record) = try encoder.encode(finding, region: PipelineCase.region, collectedAt: collectedAt) {
                    messages.append(record.message)
                }
            }
        }
        return messages
    }

    private func sendDatagrams(_ messages: [[UInt8]], count: Int, on fd: Int32) throws -> Int {
        var bytes = 0
        for index in 0..<count {
            let message = messages[index % messages.count]
            let sent = message.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            if sent < 0 && errno != EINTR { throw BenchError.system("send", errno) }
            bytes += message.count
        }
        return bytes
    }

    private func writeStream(_ messages: [[UInt8]], count: Int, on fd: Int32) throws -> Int {
        var stream: [UInt8] = []
        var ends: [Int] = []   // ends[k]: offset just past framed message k
        for message in messages {
            Framer.append(message[...], framing: .octetCounting, to: &stream)
            ends.append(stream.count)
        }
        let unframed = messages.reduce(0) { $0 + $1.count }
        let cycles = count / messages.count, rest = count % messages.count
        try stream.withUnsafeBytes { all in
            guard chunked else {
                for index in 0..<count {
                    let message = index % messages.count
                    let start = message == 0 ? 0 : ends[message - 1]
                    try writeAll(UnsafeRawBufferPointer(rebasing: all[start..<ends[message]]), upTo: ends[message] - start, on: fd)
                }
                return
            }
            for _ in 0..<cycles { try writeAll(all, upTo: all.count, on: fd) }
            if rest > 0 { try writeAll(all, upTo: ends[rest - 1], on: fd) }
        }
        let restBytes = messages.prefix(rest).reduce(0) { $0 + $1.count }
        return cycles * unframed + restBytes
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer, upTo end: Int, on fd: Int32) throws {
        var offset = 0
        while offset < end {
            let written = write(fd, bytes.baseAddress! + offset, min(256 * 1024, end - offset))
            if written < 0 {
                if errno == EINTR { continue }
                throw BenchError.system("write", errno)
            }
            offset += written
        }
    }

    private func connectedSocket(port: Int) throws -> Int32 {
        let type = transportKind == .udp ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_STREAM.rawValue)
        let fd = socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BenchError.system("socket", errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else { throw BenchError.system("connect", errno) }
        return fd
    }
}
