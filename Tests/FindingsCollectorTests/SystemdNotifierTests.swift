import FindingsCollector
import Foundation
import Glibc
import XCTest

final class SystemdNotifierTests: XCTestCase {
    func testSendsReadyWatchdogReloadingStoppingInOrderToAPathSocket() throws {
        let socket = try NotifyListener(path: temporarySocketPath())
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.name])

        let before = monotonicMicroseconds()
        XCTAssertTrue(notifier.ready(status: "2 connectors started"))
        XCTAssertTrue(notifier.watchdog())
        XCTAssertTrue(notifier.reloading())
        let after = monotonicMicroseconds()
        XCTAssertTrue(notifier.reloaded(status: "config reloaded"))
        XCTAssertTrue(notifier.stopping())

        XCTAssertEqual(try socket.receive(), "READY=1\nSTATUS=2 connectors started\n")
        XCTAssertEqual(try socket.receive(), "WATCHDOG=1\n")
        let reloading = try socket.receive().split(separator: "\n").map(String.init)
        XCTAssertEqual(reloading.first, "RELOADING=1")
        XCTAssertEqual(reloading.count, 2, "RELOADING=1 and MONOTONIC_USEC, nothing else: \(reloading)")
        let stamp = try XCTUnwrap(reloading.last.flatMap { $0.hasPrefix("MONOTONIC_USEC=") ? UInt64($0.dropFirst(15)) : nil },
                                  "MONOTONIC_USEC missing: \(reloading)")
        XCTAssertTrue((before...after).contains(stamp), "MONOTONIC_USEC \(stamp) is not CLOCK_MONOTONIC now (\(before)…\(after))")
        XCTAssertEqual(try socket.receive(), "READY=1\nSTATUS=config reloaded\n")
        XCTAssertEqual(try socket.receive(), "STOPPING=1\n")
    }

    func testReachesAnAbstractSocket() throws {
        let name = "@findings-collector-test-\(UUID().uuidString)"
        let socket = try NotifyListener(path: name)
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": name])
        XCTAssertEqual(notifier.socketAddress?.isAbstract, true)
        XCTAssertTrue(notifier.ready())
        XCTAssertEqual(try socket.receive(), "READY=1\n")
    }

    func testStatusIsKeptOnOneLine() throws {
        let socket = try NotifyListener(path: temporarySocketPath())
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.name])
        XCTAssertTrue(notifier.status("reload failed:\nline 2\nWATCHDOG=1"))
        XCTAssertEqual(try socket.receive(), "STATUS=reload failed: line 2 WATCHDOG=1\n")
    }

    func testWithoutNotifySocketEverythingIsANoOp() throws {
        let notifier = SystemdNotifier(environment: [:])
        XCTAssertNil(notifier.socketAddress)
        XCTAssertFalse(notifier.ready(status: "x"))
        XCTAssertFalse(notifier.watchdog())
        XCTAssertNoThrow(try notifier.send(["READY=1"]))
        XCTAssertNil(SystemdNotifier(environment: ["NOTIFY_SOCKET": "vsock:2:1234"]).socketAddress)
        XCTAssertNil(SystemdNotifier(environment: ["NOTIFY_SOCKET": ""]).socketAddress)
    }

    func testAnUnreachableSocketIsReportedNotFatal() {
        let path = temporarySocketPath()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path])
        XCTAssertFalse(notifier.ready())
        XCTAssertThrowsError(try notifier.send(["READY=1"])) { error in
            XCTAssertEqual(error as? SystemdNotifierError, .send(socket: path, errno: ENOENT))
            XCTAssertTrue("\(error)".contains(path), "\(error)")
        }
        let long = "/tmp/" + String(repeating: "x", count: 120)
        XCTAssertThrowsError(try SystemdNotifier(environment: ["NOTIFY_SOCKET": long]).send(["READY=1"])) { error in
            XCTAssertEqual(error as? SystemdNotifierError, .pathTooLong(long))
        }
    }

    func testWatchdogIntervalIsHalfOfWatchdogUsecForThisProcessOnly() {
        let pid = getpid()
        XCTAssertEqual(SystemdNotifier(environment: ["WATCHDOG_USEC": "60000000"]).watchdogInterval, 30)
        XCTAssertEqual(SystemdNotifier(environment: ["WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "\(pid)"]).watchdogInterval, 30)
        XCTAssertNil(SystemdNotifier(environment: ["WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "\(pid + 1)"]).watchdogInterval)
        XCTAssertNil(SystemdNotifier(environment: ["WATCHDOG_USEC": "0"]).watchdogInterval)
        XCTAssertNil(SystemdNotifier(environment: ["WATCHDOG_USEC": "soon"]).watchdogInterval)
        XCTAssertNil(SystemdNotifier(environment: [:]).watchdogInterval)
    }

    private func temporarySocketPath() -> String {
        // sun_path holds 108 bytes: /tmp keeps the path short whatever TMPDIR says.
        "/tmp/fc-notify-\(UUID().uuidString.prefix(8)).sock"
    }

    private func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}

/// What systemd does for a Type=notify service: an AF_UNIX datagram socket the daemon writes to.
private final class NotifyListener {
    let name: String
    private let fd: Int32

    init(path name: String) throws {
        self.name = name
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno)!) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes: [UInt8] = name.hasPrefix("@") ? [0] + Array(name.utf8.dropFirst()) : Array(name.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (name.hasPrefix("@") ? 0 : 1))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw POSIXError(.init(rawValue: errno)!) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(fd)
        if !name.hasPrefix("@") { unlink(name) }
    }

    /// The next datagram, as text; throws if none arrives within 5 s.
    func receive() throws -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count >= 0 else { throw POSIXError(.init(rawValue: errno)!) }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }
}
