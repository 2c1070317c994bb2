/// A deterministic Rapid7 data set: Linux and Windows assets (IPv4 and IPv6, with and without host names,
/// tags of every type), findings on ports, in packages (keys) and in the OS, some remediated long ago, and
/// definitions of every severity — a few ids deliberately without one (the mapper marks them).
public enum Rapid7SyntheticData {
    /// `assets` assets with `findingsPerAsset` findings each, scanned in the two hours before `now`, the
    /// findings first found in the 30 days before their asset's scan.
    public static func make(assets assetCount: Int, findingsPerAsset: Int, definitions definitionCount: Int = 60,
                            now: Double) -> Rapid7DataSet {
        let definitions = (0..<max(1, definitionCount)).map { definition($0) }
        var assets: [Rapid7DataSet.Asset] = []
        var findings: [Rapid7DataSet.Finding] = []
        for index in 0..<assetCount {
            let windows = index % 3 == 1
            let scanEnd = now - 600 - Double((index * 37) % 6600)
            let ip = index % 5 == 4 ? "2001:db8::\(String(index + 1, radix: 16))" : "192.0.2.\(index % 250 + 1)"
            assets.append(Rapid7DataSet.Asset(
                id: "5d6e7f80-1a2b-4c3d-9e8f-a0b1c2d3e4f5-default-asset-\(index + 1)",
                hostName: index % 4 == 3 ? nil : (windows ? "ws-\(index + 1).corp.example.com" : "srv-\(index + 1).example.net"),
                ip: ip, mac: String(format6(index)), isWindows: windows,
                tags: tags(index), lastScanStart: scanEnd - 420, lastScanEnd: scanEnd,
                riskScore: Double((index * 7919) % 50_000) + 0.5))
            for slot in 0..<findingsPerAsset {
                let number = index * findingsPerAsset + slot
                // One id in 40 names a vulnerability Rapid7 has no definition for.
                let vulnerabilityId = number % 40 == 39 ? "undefined-check-\(number % 3)" : definitions[(number * 7 + index) % definitions.count].id
                let (port, proto, key) = location(number, windows: windows)
                let firstFound = scanEnd - 3600 - Double((number * 4513) % (29 * 86_400))
                let remediatedLongAgo = number % 17 == 16
                findings.append(Rapid7DataSet.Finding(
                    assetIndex: index, vulnerabilityId: vulnerabilityId, port: port, protocol: proto, key: key,
                    firstFound: remediatedLongAgo ? firstFound - 40 * 86_400 : firstFound,
                    lastFound: remediatedLongAgo ? firstFound - 35 * 86_400 : scanEnd,
                    status: ["VULNERABLE_VERS", "VULNERABLE_EXPL", "VULNERABLE_POTENTIAL", "VULNERABLE_EXCEPTION"][number % 4],
                    remediatedAt: remediatedLongAgo ? firstFound - 35 * 86_400 + 60 : nil,
                    proof: "<p>Vulnerable version of the software installed: <b>\(number)</b> &amp; more</p>",
                    solutionId: "fix-\(vulnerabilityId)"))
            }
        }
        return Rapid7DataSet(assets: assets, findings: findings, definitions: definitions)
    }

    private static func format6(_ index: Int) -> String {
        let hex = String(index, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 6 - hex.count)) + hex
        let chars = Array(padded)
        return "00:00:5E:\(chars[0])\(chars[1]):\(chars[2])\(chars[3]):\(chars[4])\(chars[5])"
    }

    private static func tags(_ index: Int) -> [Rapid7DataSet.Tag] {
        var tags = [Rapid7DataSet.Tag(name: index % 2 == 0 ? "Datacenter East" : "Branch \"West\"", type: "SITE"),
                    Rapid7DataSet.Tag(name: ["High", "Medium", "Low"][index % 3], type: "CRITICALITY")]
        if index % 3 == 0 { tags.append(Rapid7DataSet.Tag(name: "owner-team-\(index % 4)", type: "OWNER")) }
        if index % 4 == 1 { tags.append(Rapid7DataSet.Tag(name: "pci", type: "CUSTOM")) }
        if index % 6 == 5 { tags.append(Rapid7DataSet.Tag(name: "untyped", type: nil)) }
        return tags
    }

    /// Port findings, package findings (a key: the file or package path), or OS findings (neither).
    private static func location(_ number: Int, windows: Bool) -> (Int?, String?, String) {
        switch number % 5 {
        case 0: return (windows ? 3389 : 22, "TCP", "")
        case 1: return (443, "TCP", "")
        case 2: return (123, "UDP", "")
        case 3: return (nil, nil, windows ? "C:\\Program Files\\App\\lib\(number % 3).dll" : "/usr/lib/x86_64-linux-gnu/libssl.so.\(number % 3)")
        default: return (nil, nil, "")
        }
    }

    private static func definition(_ index: Int) -> Rapid7DataSet.Definition {
        let scores = [(10, 9.8, "critical"), (8, 8.1, "severe"), (6, 6.5, "severe"), (4, 5.3, "moderate"),
                      (2, 3.1, "moderate"), (0, 0.0, "none")]
        let (severityScore, cvss, severity) = scores[index % scores.count]
        let year = 2018 + index % 7
        let cve = "CVE-\(year)-\(10_000 + index * 37)"
        return Rapid7DataSet.Definition(
            id: index % 9 == 8 ? "generic-tls-weak-cipher-\(index)" : "linux-cve-\(year)-\(10_000 + index * 37)",
            title: "Synthetic vulnerability \(index): \(cve)", severity: severity, severityScore: severityScore,
            cvssV3Score: cvss, cvssV3Vector: cvss > 0 ? "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" : nil,
            cves: index % 9 == 8 ? [] : [cve], published: 1_500_000_000 + Double(index) * 86_400)
    }
}
