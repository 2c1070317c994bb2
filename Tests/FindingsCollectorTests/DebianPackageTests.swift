import FindingsCollector
import Foundation
import XCTest
import TestSupport

/// Builds the .deb with packaging/build-deb.sh (a release build, reused across runs in .build/packaging)
/// and inspects it the way dpkg and systemd will: control fields, file list and modes, maintainer scripts,
/// the unit as systemd parses it, and its hardening score.
final class DebianPackageTests: XCTestCase {
    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testBuildsAnInstallableHardenedPackage() throws {
        for tool in ["dpkg-deb", "dpkg-shlibdeps", "strip", "systemd-analyze", "swift"] {
            _ = try ExternalTool.locate(tool, installHint: "needed to build and check the .deb: run `bash .ci/setup test`")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("deb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        // Its own scratch path: `swift test` holds the lock on .build, and a nested build there would wait forever.
        let build = try ExternalTool.run("bash", [
            "packaging/build-deb.sh", "--scratch-path", Self.packageRoot.appendingPathComponent(".build/packaging").path,
            "--output", work.path, "--compress", "gzip",
        ], directory: Self.packageRoot)
        let deb = build.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let version = CollectorVersion.current
        XCTAssertTrue(deb.hasSuffix("/findings-collector_\(version)_amd64.deb") || deb.hasSuffix("_\(version)_arm64.deb"), deb)

        try checkControl(deb: deb, version: version)
        try checkFileList(deb: deb)
        let root = work.appendingPathComponent("root")
        try ExternalTool.run("dpkg", ["-x", deb, root.path])
        try checkExtractedFiles(root: root, version: version)
        try checkMaintainerScripts(deb: deb, work: work)
        try checkUnit(root: root, work: work)
    }

    private func checkControl(deb: String, version: String) throws {
        let control = try ExternalTool.run("dpkg-deb", ["-f", deb]).stdout
        let fields = Dictionary(control.split(separator: "\n").compactMap { line -> (String, String)? in
            guard !line.hasPrefix(" "), let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(fields["Package"], "findings-collector")
        XCTAssertEqual(fields["Version"], version)
        let depends = try XCTUnwrap(fields["Depends"], control)
        for library in ["libc6", "libssl3", "libcurl4", "adduser"] {
            XCTAssertTrue(depends.contains(library), "Depends lacks \(library): \(depends)")
        }
        XCTAssertFalse(depends.lowercased().contains("swift"), "the Swift runtime is linked statically: \(depends)")
        XCTAssertTrue(control.contains("linked statically"), "the description says how Swift is linked")
    }

    private func checkFileList(deb: String) throws {
        let listing = try ExternalTool.run("dpkg-deb", ["-c", deb]).stdout
        func entry(_ path: String) -> String? {
            listing.split(separator: "\n").first { $0.hasSuffix(" ./\(path)") }.map(String.init)
        }
        XCTAssertEqual(entry("usr/bin/findings-collector")?.hasPrefix("-rwxr-xr-x root/root"), true, listing)
        XCTAssertEqual(entry("etc/findings-collector/findings-collector.json")?.hasPrefix("-rw-r----- root/root"), true, listing)
        XCTAssertEqual(entry("etc/findings-collector/")?.hasPrefix("drwxr-x--- root/root"), true, listing)
        XCTAssertEqual(entry("usr/lib/systemd/system/findings-collector.service")?.hasPrefix("-rw-r--r-- root/root"), true, listing)
        XCTAssertNil(entry("var/lib/findings-collector/"), "the state directory belongs to postinst and systemd, not dpkg")
    }

    private func checkExtractedFiles(root: URL, version: String) throws {
        func mode(_ path: String) throws -> Int {
            let attributes = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent(path).path)
            return try XCTUnwrap(attributes[.posixPermissions] as? Int)
        }
        XCTAssertEqual(try mode("etc/findings-collector/findings-collector.json"), 0o640)
        XCTAssertEqual(try mode("etc/findings-collector/findings-collector.schema.json"), 0o644)
        XCTAssertEqual(try mode("usr/bin/findings-collector"), 0o755)
        let shipped = try Data(contentsOf: root.appendingPathComponent("etc/findings-collector/findings-collector.json"))
        XCTAssertEqual(shipped, try Data(contentsOf: Self.packageRoot.appendingPathComponent("etc/findings-collector.json")))

        let binary = root.appendingPathComponent("usr/bin/findings-collector").path
        XCTAssertEqual(try ExternalTool.run(binary, ["--version"]).stdout, "findings-collector \(version)\n")
        let needed = try ExternalTool.run("objdump", ["-p", binary], installHint: "install binutils").stdout
        XCTAssertFalse(needed.contains("libswiftCore"), "libswiftCore must be linked statically")
        XCTAssertFalse(needed.contains("RUNPATH") || needed.contains("RPATH"), "no $ORIGIN run path in /usr/bin")
    }

    private func checkMaintainerScripts(deb: String, work: URL) throws {
        let control = work.appendingPathComponent("control")
        try ExternalTool.run("dpkg-deb", ["-e", deb, control.path])
        let conffiles = try String(contentsOf: control.appendingPathComponent("conffiles"), encoding: .utf8)
        XCTAssertEqual(conffiles, "/etc/findings-collector/findings-collector.json\n/etc/findings-collector/findings-collector.schema.json\n")
        let scripts = try ["postinst", "prerm", "postrm"].map { name in
            let path = control.appendingPathComponent(name).path
            XCTAssertTrue(FileManager.default.isExecutableFile(atPath: path), "\(name) not executable")
            try ExternalTool.run("sh", ["-n", path])  // parses under the shell dpkg runs it with
            return (name, try String(contentsOfFile: path, encoding: .utf8))
        }
        let text = Dictionary(uniqueKeysWithValues: scripts)
        XCTAssertTrue(text["postinst"]?.contains("adduser --system") == true)
        XCTAssertTrue(text["postinst"]?.contains("chmod 0640 \"$config\"") == true)
        XCTAssertTrue(text["prerm"]?.contains("systemctl stop findings-collector.service") == true)
        // Remove keeps config and state; only purge deletes them.
        let postrm = try XCTUnwrap(text["postrm"])
        let purge = try XCTUnwrap(postrm.range(of: "purge)"))
        let deletion = try XCTUnwrap(postrm.range(of: "rm -rf /etc/findings-collector /var/lib/findings-collector"))
        XCTAssertTrue(purge.upperBound < deletion.lowerBound)
        XCTAssertEqual(postrm.components(separatedBy: "rm -rf /etc/findings-collector").count, 2)
    }

    private func checkUnit(root: URL, work: URL) throws {
        let unitFile = root.appendingPathComponent("usr/lib/systemd/system/findings-collector.service")
        let unit = try String(contentsOf: unitFile, encoding: .utf8)
        let settings = unit.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains("=") }.map(String.init)
        for expected in [
            "Type=notify", "NotifyAccess=main", "WatchdogSec=60", "Restart=on-failure",
            "ExecStart=/usr/bin/findings-collector run --config /etc/findings-collector/findings-collector.json",
            "ExecReload=/bin/kill -HUP $MAINPID", "User=findings-collector", "Group=findings-collector",
            "StateDirectory=findings-collector", "ConfigurationDirectory=findings-collector",
            "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes",
            "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "CapabilityBoundingSet=",
            "SystemCallFilter=@system-service", "MemoryDenyWriteExecute=yes", "LockPersonality=yes",
            "RestrictNamespaces=yes",
        ] {
            XCTAssertTrue(settings.contains(expected), "unit lacks \(expected)")
        }

        // systemd checks that ExecStart exists: point it at the extracted binary, change nothing else.
        let checked = work.appendingPathComponent("findings-collector.service")
        try unit.replacingOccurrences(of: "ExecStart=/usr/bin/findings-collector",
                                      with: "ExecStart=\(root.path)/usr/bin/findings-collector")
            .write(to: checked, atomically: true, encoding: .utf8)
        let verify = try ExternalTool.run("systemd-analyze", ["verify", checked.path], requireSuccess: false)
        XCTAssertEqual(verify.status, 0, verify.stderr)
        // verify exits 0 on unknown keys and bad values, and only warns: any line naming the unit is a failure.
        let complaints = verify.stderr.split(separator: "\n").filter { $0.contains("findings-collector.service") }
        XCTAssertEqual(complaints, [], "systemd-analyze verify:\n\(verify.stderr)")

        // --threshold=20 fails above an exposure of 2.0 (the score is shown in tenths).
        let security = try ExternalTool.run("systemd-analyze", ["security", "--offline=true", "--threshold=20", checked.path],
                                            requireSuccess: false)
        XCTAssertEqual(security.status, 0, "exposure above 2.0:\n\(security.stdout.suffix(400))")
        let overall = security.stdout.split(separator: "\n").last { $0.contains("Overall exposure level") } ?? ""
        let score = overall.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        XCTAssertLessThanOrEqual(try XCTUnwrap(score, "no score in: \(security.stdout.suffix(200))"), 2.0)
    }
}
