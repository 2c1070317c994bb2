import JSONBytes

extension NormalizedFinding {
    /// Writes the full `normalized` object; keys whose value is absent (or an empty list) are left out.
    func writeFull(into writer: inout JSONWriter, region: String) {
        writer.beginObject()
        writer.field("uid", raw: uidValue)
        writer.field("title", raw: title)
        writer.field("description", raw: description)
        writer.field("type", raw: type)
        writer.field("status", normalizedStatus)
        writer.field("status_raw", raw: status)
        writer.field("severity", severity.name)
        writer.field("score", raw: score)
        writer.field("scoring_vector", raw: scoringVector)
        writer.field("aws_account_id", raw: accountId)
        writeRegion(into: &writer, fallback: region)
        asset?.writeFull(into: &writer)
        writeList("cves", cves(), into: &writer)
        writer.field("vulnerability_id", raw: vulnerability?["vulnerabilityId"].ofKind(.string))
        writePackages(into: &writer)
        writeNetwork(into: &writer)
        writer.field("first_seen", milliseconds(firstObservedAt))
        writer.field("last_seen", milliseconds(lastObservedAt))
        writer.field("updated_at", milliseconds(updatedAt))
        writer.field("remediation", raw: remediationText)
        writer.field("remediation_url", raw: remediationURL)
        writer.field("source_url", raw: vulnerability?["sourceUrl"].ofKind(.string))
        writer.field("exploit_available", raw: exploitAvailable)
        writer.field("fix_available", raw: fixAvailable)
        writer.field("epss_score", raw: epssScore)
        writeCode(into: &writer)
        writer.endObject()
    }

    /// Writes the `essential` object: just enough to triage, for destinations with tiny size limits.
    func writeEssential(into writer: inout JSONWriter, region: String) {
        writer.beginObject()
        writer.field("uid", raw: uidValue)
        if let text = title?.string { writer.field("title", truncatedUTF8(text, maxBytes: 200)) }
        writer.field("type", raw: type)
        writer.field("status", normalizedStatus)
        writer.field("severity", severity.name)
        writer.field("score", raw: score)
        writer.field("aws_account_id", raw: accountId)
        writeRegion(into: &writer, fallback: region)
        asset?.writeEssential(into: &writer)
        writeList("cves", cves(limit: 20), into: &writer)
        writer.field("port", raw: network?["openPortRange"]?["begin"].ofKind(.number))
        writer.endObject()
    }

    private func writeRegion(into writer: inout JSONWriter, fallback: String) {
        if let region = asset?.region {
            writer.field("region", raw: region)
        } else {
            writer.field("region", fallback)
        }
    }

    /// Read from each vulnerable package, in this order.
    static let packageMemberNames: [StaticString] = ["name", "version", "fixedInVersion", "packageManager", "filePath"]

    private func writePackages(into writer: inout JSONWriter) {
        guard let packages = vulnerability?["vulnerablePackages"],
              packages.kind == .array, packages.count > 0 else { return }
        writer.beginArray("packages")
        packages.forEachElement { package in
            guard package.kind == .object else { return }
            let member = package.members(named: NormalizedFinding.packageMemberNames)
            writer.beginObject()
            writer.field("name", raw: member[0].ofKind(.string))
            writer.field("version", raw: member[1].ofKind(.string))
            writer.field("fixed_in_version", raw: member[2].ofKind(.string))
            writer.field("package_manager", raw: member[3].ofKind(.string))
            writer.field("file_path", raw: member[4].ofKind(.string))
            writer.endObject()
        }
        writer.endArray()
    }

    private func writeNetwork(into writer: inout JSONWriter) {
        guard let network else { return }
        let range = network["openPortRange"]
        writer.field("port", raw: range?["begin"].ofKind(.number))
        writer.field("port_end", raw: range?["end"].ofKind(.number))
        writer.field("protocol", raw: network["protocol"].ofKind(.string))
    }

    private func writeCode(into writer: inout JSONWriter) {
        guard let code else { return }
        writer.field("code_file", raw: code["filePath"]?["filePath"].ofKind(.string))
        writer.field("code_line", raw: code["filePath"]?["startLine"].ofKind(.number))
        writer.field("detector_name", raw: code["detectorName"].ofKind(.string))
        writeList("cwes", code["cwes"]?.elements.filter { $0.kind == .string } ?? [], into: &writer)
    }
}

/// Writes `key` and an array of spliced values, or nothing for an empty list.
func writeList(_ key: StaticString, _ values: [JSONValue], into writer: inout JSONWriter) {
    guard !values.isEmpty else { return }
    writer.beginArray(key)
    for value in values { writer.raw(value) }
    writer.endArray()
}

/// Epoch seconds (with a fraction) → epoch milliseconds; nil for absent or absurd values.
func milliseconds(_ seconds: Double?) -> Int64? {
    guard let seconds, seconds.isFinite, abs(seconds) < 1e15 else { return nil }
    return Int64((seconds * 1000).rounded())
}

/// At most `maxBytes` of UTF-8, cut before a Unicode scalar that would not fit (never inside one).
func truncatedUTF8(_ text: String, maxBytes: Int) -> String {
    let utf8 = text.utf8
    guard utf8.count > maxBytes else { return text }
    var end = utf8.index(utf8.startIndex, offsetBy: maxBytes)
    while end > utf8.startIndex, UTF8.isContinuation(utf8[end]) {
        end = utf8.index(before: end)
    }
    return String(decoding: utf8[utf8.startIndex..<end], as: UTF8.self)
}
