import JSONBytes

extension NormalizedFinding {
    /// Writes the full `normalized` object; keys whose value is absent (or an empty list) are left out.
    func writeFull(into writer: inout JSONWriter, region: String) {
        writer.beginObject()
        writer.field("uid", raw: uid, in: view)
        writer.field("title", raw: title, in: view)
        writer.field("description", raw: description, in: view)
        writer.field("type", raw: type, in: view)
        writer.field("status", literal: normalizedStatus)
        writer.field("status_raw", raw: status, in: view)
        writer.field("severity", literal: severity.literalName)
        writer.field("score", raw: score, in: view)
        writer.field("scoring_vector", raw: scoringVector, in: view)
        writer.field("aws_account_id", raw: accountId, in: view)
        writeRegion(into: &writer, fallback: region)
        asset?.writeFull(into: &writer, view: view)
        writeCVEs(into: &writer)
        writer.field("vulnerability_id", raw: view.ofKind(vulnerabilityId, .string), in: view)
        writePackages(into: &writer)
        writeNetwork(into: &writer)
        writer.field("first_seen", milliseconds(firstObservedAt))
        writer.field("last_seen", milliseconds(lastObservedAt))
        writer.field("updated_at", milliseconds(updatedAt))
        writer.field("remediation", raw: remediationText, in: view)
        writer.field("remediation_url", raw: remediationURL, in: view)
        writer.field("source_url", raw: view.ofKind(sourceURL, .string), in: view)
        writer.field("exploit_available", raw: exploitAvailable, in: view)
        writer.field("fix_available", raw: fixAvailable, in: view)
        writer.field("epss_score", raw: epssScore, in: view)
        writeCode(into: &writer)
        writer.endObject()
    }

    /// Writes the `essential` object: just enough to triage, for destinations with tiny size limits.
    func writeEssential(into writer: inout JSONWriter, region: String) {
        writer.beginObject()
        writer.field("uid", raw: uid, in: view)
        if let text = view.string(title) { writer.field("title", truncatedUTF8(text, maxBytes: 200)) }
        writer.field("type", raw: type, in: view)
        writer.field("status", literal: normalizedStatus)
        writer.field("severity", literal: severity.literalName)
        writer.field("score", raw: score, in: view)
        writer.field("aws_account_id", raw: accountId, in: view)
        writeRegion(into: &writer, fallback: region)
        asset?.writeEssential(into: &writer, view: view)
        writeCVEs(limit: 20, into: &writer)
        writer.field("port", raw: view.member(view.member(network, "openPortRange"), "begin", ofKind: .number), in: view)
        writer.endObject()
    }

    private func writeRegion(into writer: inout JSONWriter, fallback: String) {
        if let region = asset?.region {
            writer.field("region", raw: region, in: view)
        } else {
            writer.field("region", fallback)
        }
    }

    private func writeCVEs(limit: Int = .max, into writer: inout JSONWriter) {
        var opened = false
        forEachCVE(limit: limit) { cve in
            if !opened { writer.beginArray("cves"); opened = true }
            writer.raw(cve, in: view)
        }
        if opened { writer.endArray() }
    }

    /// Read from each vulnerable package, in this order.
    static let packageMemberNames = JSONKeySet(["name", "version", "fixedInVersion", "packageManager", "filePath"])

    private func writePackages(into writer: inout JSONWriter) {
        guard let packages = view.ofKind(vulnerablePackages, .array),
              view.count(packages) > 0 else { return }
        let view = self.view
        writer.beginArray("packages")
        view.forEachElement(packages) { package in
            guard view.kind(package) == .object else { return }
            let member = view.members(of: package, NormalizedFinding.packageMemberNames)
            writer.beginObject()
            writer.field("name", raw: view.ofKind(member[0], .string), in: view)
            writer.field("version", raw: view.ofKind(member[1], .string), in: view)
            writer.field("fixed_in_version", raw: view.ofKind(member[2], .string), in: view)
            writer.field("package_manager", raw: view.ofKind(member[3], .string), in: view)
            writer.field("file_path", raw: view.ofKind(member[4], .string), in: view)
            writer.endObject()
        }
        writer.endArray()
    }

    private func writeNetwork(into writer: inout JSONWriter) {
        guard let network else { return }
        let range = view.member(network, "openPortRange")
        writer.field("port", raw: view.member(range, "begin", ofKind: .number), in: view)
        writer.field("port_end", raw: view.member(range, "end", ofKind: .number), in: view)
        writer.field("protocol", raw: view.member(network, "protocol", ofKind: .string), in: view)
    }

    private func writeCode(into writer: inout JSONWriter) {
        guard let code else { return }
        let filePath = view.member(code, "filePath")
        writer.field("code_file", raw: view.member(filePath, "filePath", ofKind: .string), in: view)
        writer.field("code_line", raw: view.member(filePath, "startLine", ofKind: .number), in: view)
        writer.field("detector_name", raw: view.member(code, "detectorName", ofKind: .string), in: view)
        writeStrings("cwes", of: view.member(code, "cwes", ofKind: .array), into: &writer, view: view)
    }
}

/// Writes `key` and the string elements of the array at `node`, spliced; nothing when there are none.
func writeStrings(_ key: StaticString, of node: JSONNode?, into writer: inout JSONWriter, view: JSONView) {
    var opened = false
    view.forEachElement(node) { element in
        guard view.kind(element) == .string else { return }
        if !opened { writer.beginArray(key); opened = true }
        writer.raw(element, in: view)
    }
    if opened { writer.endArray() }
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
