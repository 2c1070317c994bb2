import JSONBytes

/// The double's JSON: assets with their finding arrays, definitions, pages and error bodies, in the shapes
/// of the v4 integration API reference (`PagedResourcesAssetSummary`, `Error`).
enum Rapid7Rendering {
    static func asset(_ asset: Rapid7DataSet.Asset, lists: [(Rapid7DataSet.Listing, [Rapid7DataSet.Finding])],
                      total: Int, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("assessed_for_policies", false)
        writer.field("assessed_for_vulnerabilities", true)
        writer.beginArray("credential_assessments")
        writer.beginObject()
        writer.field("port", Int64(asset.isWindows ? 445 : 22))
        writer.field("protocol", "TCP")
        writer.field("status", "ALL_CREDS_SUCCEEDED")
        writer.endObject()
        writer.endArray()
        writer.field("critical_vulnerabilities", Int64(total / 4))
        writer.field("exploits", Int64(total / 5))
        if let host = asset.hostName { writer.field("host_name", host) }
        writer.field("id", asset.id)
        writer.field("ip", asset.ip)
        writer.field("last_assessed_for_vulnerabilities", Rapid7Time.format(asset.lastScanEnd))
        writer.field("last_scan_end", Rapid7Time.format(asset.lastScanEnd))
        writer.field("last_scan_start", Rapid7Time.format(asset.lastScanStart))
        writer.field("mac", asset.mac)
        writer.field("malware_kits", Int64(0))
        writer.field("moderate_vulnerabilities", Int64(total / 3))
        writer.field("os_architecture", "x86_64")
        if asset.isWindows {
            writer.field("os_description", "Microsoft Windows Server 2022 Standard Edition 21H2")
            writer.field("os_family", "Windows")
            writer.field("os_name", "Windows Server 2022")
            writer.field("os_system_name", "Microsoft Windows")
            writer.field("os_type", "General")
            writer.field("os_vendor", "Microsoft")
            writer.field("os_version", "21H2")
        } else {
            writer.field("os_description", "Ubuntu Linux 22.04")
            writer.field("os_family", "Linux")
            writer.field("os_name", "Linux")
            writer.field("os_system_name", "Ubuntu Linux")
            writer.field("os_type", "General")
            writer.field("os_vendor", "Ubuntu")
            writer.field("os_version", "22.04")
        }
        writer.field("risk_score", asset.riskScore)
        writer.field("severe_vulnerabilities", Int64(total / 2))
        writer.beginArray("tags")
        for tag in asset.tags {
            writer.beginObject()
            writer.field("name", tag.name)
            if let type = tag.type { writer.field("type", type) }
            writer.endObject()
        }
        writer.endArray()
        writer.field("total_vulnerabilities", Int64(total))
        writer.field("type", asset.isWindows ? "guest" : "host")
        writer.beginArray("unique_identifiers")
        writer.beginObject()
        writer.field("id", "uid-" + asset.id.suffix(12))
        writer.field("source", "R7 Agent")
        writer.endObject()
        writer.endArray()
        for (listing, findings) in lists {
            writer.key(listing.rawValue)
            writer.beginArray()
            for finding in findings { self.finding(finding, into: &writer) }
            writer.endArray()
        }
        writer.endObject()
    }

    static func finding(_ finding: Rapid7DataSet.Finding, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("check_id", nil as String?)
        writer.field("first_found", Rapid7Time.format(finding.firstFound))
        writer.field("key", finding.key)
        writer.field("last_found", Rapid7Time.format(finding.lastFound))
        writer.field("nic", nil as String?)
        if let port = finding.port { writer.field("port", Int64(port)) } else { writer.key("port"); writer.null() }
        writer.field("protocol", finding.protocol)
        writer.field("proof", finding.proof)
        writer.field("reintroduced", nil as String?)
        writer.field("solution_fix", "<p>Upgrade the affected package; see <a href=\"https://example.com/\(finding.solutionId)\">the advisory</a>.</p>")
        writer.field("solution_id", finding.solutionId)
        writer.field("solution_summary", "Apply the vendor fix for \(finding.vulnerabilityId)")
        writer.field("solution_type", "rollup")
        writer.field("status", finding.status)
        writer.field("vulnerability_id", finding.vulnerabilityId)
        writer.endObject()
    }

    static func definition(_ definition: Rapid7DataSet.Definition, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("added", Rapid7Time.format(definition.published + 86_400))
        writer.field("categories", "Ubuntu,Synthetic")
        writer.field("cves", definition.cves.joined(separator: ","))
        writer.field("cvss_v2_score", max(0, definition.cvssV3Score - 0.5))
        writer.field("cvss_v2_vector", definition.cvssV3Score > 0 ? "(AV:N/AC:L/Au:N/C:P/I:P/A:P)" : nil)
        writer.field("cvss_v3_score", definition.cvssV3Score)
        writer.field("cvss_v3_vector", definition.cvssV3Vector)
        writer.field("denial_of_service", false)
        writer.field("description", "A synthetic vulnerability served by the Rapid7 double: \(definition.title).")
        writer.beginArray("exploits")
        writer.endArray()
        writer.field("id", definition.id)
        writer.beginArray("links")
        for cve in definition.cves {
            writer.beginObject()
            writer.field("href", "https://nvd.nist.gov/vuln/detail/\(cve)")
            writer.field("id", cve)
            writer.field("source", "cve")
            writer.endObject()
        }
        writer.endArray()
        writer.beginArray("malware_kits")
        writer.endArray()
        writer.field("modified", Rapid7Time.format(definition.published + 10 * 86_400))
        writer.field("pci_fail", definition.severityScore >= 4)
        writer.field("published", Rapid7Time.format(definition.published))
        writer.field("references", definition.cves.map { "cve:\($0)" }.joined(separator: ","))
        writer.field("risk_score", Double(definition.severityScore * 90))
        writer.field("severity", definition.severity)
        writer.field("severity_score", Int64(definition.severityScore))
        writer.field("title", definition.title)
        writer.endObject()
    }

    /// `{"data": [...], "metadata": {...}, "links": [...]}` around items already written by `items`.
    static func page(path: String, size: Int, number: Int, total: Int, cursor: String?,
                     items: (inout JSONWriter) -> Void) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 64 * 1024)
        writer.beginObject()
        writer.beginArray("data")
        items(&writer)
        writer.endArray()
        writer.beginObject("metadata")
        writer.field("number", Int64(number))
        writer.field("size", Int64(size))
        writer.field("totalResources", Int64(total))
        writer.field("totalPages", Int64((total + size - 1) / max(size, 1)))
        if let cursor { writer.field("cursor", cursor) } else { writer.key("cursor"); writer.null() }
        writer.endObject()
        writer.beginArray("links")
        writer.beginObject()
        writer.field("href", "https://us.api.insight.rapid7.com:443\(path)?size=\(size)")
        writer.field("rel", "self")
        writer.endObject()
        writer.endArray()
        writer.endObject()
        return writer.finish()
    }

    static func error(status: Int, message: String, localized: String? = nil) -> [UInt8] {
        var writer = JSONWriter(reservingCapacity: 256)
        writer.beginObject()
        writer.field("status", Int64(status))
        writer.field("localized_message", localized ?? message)
        writer.field("message", message)
        writer.endObject()
        return writer.finish()
    }

    /// Indents compact JSON two spaces per level, as the real API answers ("always pretty-printed").
    static func prettyPrinted(_ compact: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(compact.count + compact.count / 2)
        var depth = 0, inString = false, escaped = false
        func newline() {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: depth * 2))
        }
        var index = 0
        while index < compact.count {
            let byte = compact[index]
            if inString {
                out.append(byte)
                if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
            } else {
                switch byte {
                case 0x22: inString = true; out.append(byte)
                case 0x7B, 0x5B:
                    out.append(byte)
                    // Empty containers stay on one line.
                    if index + 1 < compact.count, compact[index + 1] == (byte == 0x7B ? 0x7D : 0x5D) {
                        out.append(compact[index + 1])
                        index += 1
                    } else {
                        depth += 1
                        newline()
                    }
                case 0x7D, 0x5D: depth -= 1; newline(); out.append(byte)
                case 0x2C: out.append(byte); newline()
                case 0x3A: out.append(contentsOf: [0x20, 0x3A, 0x20])
                default: out.append(byte)
                }
            }
            index += 1
        }
        return out
    }
}
