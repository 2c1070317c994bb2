import JSONBytes

extension Rapid7NormalizedFinding {
    /// Writes the full `normalized` object (the shared definition, `$defs/normalized`); absent values and empty
    /// lists are left out. `compact` also leaves out the long free text and lists (`RecordDetail.compact`).
    func writeFull(into writer: inout JSONWriter, uid: String, region: String, asset: Rapid7NormalizedAsset,
                   compact: Bool = false) {
        writer.beginObject()
        writer.field("uid", uid)
        writeTitle(into: &writer, maxBytes: nil)
        if !compact, let definitionView { writer.field("description", raw: definitionString(1), in: definitionView) }
        writer.field("status", literal: normalizedStatus)
        writer.field("status_raw", raw: status, in: findingView)
        writer.field("severity", literal: severity.literalName)
        if let definitionView { writer.field("severity_raw", raw: definitionString(3), in: definitionView) }
        if let score { writer.field("score", raw: score.node, in: score.view) }
        writeScoringVector(into: &writer)
        writer.field("region", region)
        asset.writeFull(into: &writer, compact: compact)
        writeCVEs(into: &writer)
        writer.field("vulnerability_id", raw: vulnerabilityId, in: findingView)
        writer.field("vulnerability_source", literal: "RAPID7")
        writer.field("port", raw: port, in: findingView)
        writer.field("protocol", raw: networkProtocol, in: findingView)
        writer.field("instance_key", raw: instanceKey, in: findingView)
        writer.field("first_seen", RFC3339Milliseconds.milliseconds(firstFound, in: findingView))
        let lastFound = lastFoundMilliseconds
        writer.field("last_seen", lastFound)
        writer.field("updated_at", lastFound)
        if let definitionView {
            writer.field("published_at", RFC3339Milliseconds.milliseconds(definition[9], in: definitionView))
            writer.field("vendor_updated_at", RFC3339Milliseconds.milliseconds(definition[10], in: definitionView))
        }
        writeRemediation(into: &writer, compact: compact)
        if !compact { writeReferences(into: &writer) }
        writeExploitAvailable(into: &writer)
        if !compact { writePlainText("evidence", of: proof, into: &writer) }
        if definitionMissing { writer.field("definition_missing", true) }
        writer.endObject()
    }

    /// Writes the `essential` object: the same subset as Inspector's (uid, title ≤ 200 bytes, status,
    /// severity, score, region, asset identity, ≤ 20 CVEs, port) for destinations with tiny size limits.
    func writeEssential(into writer: inout JSONWriter, uid: String, region: String, asset: Rapid7NormalizedAsset) {
        writer.beginObject()
        writer.field("uid", uid)
        writeTitle(into: &writer, maxBytes: 200)
        writer.field("status", literal: normalizedStatus)
        writer.field("severity", literal: severity.literalName)
        if let score { writer.field("score", raw: score.node, in: score.view) }
        writer.field("region", region)
        asset.writeEssential(into: &writer)
        writeCVEs(limit: 20, into: &writer)
        writer.field("port", raw: port, in: findingView)
        writer.endObject()
    }

    /// The definition's string member at `slot`, or nil (also when the definition is missing).
    private func definitionString(_ slot: Int) -> JSONNode? {
        definitionView?.ofKind(definition[slot], .string)
    }

    /// The definition's title; without a definition, the vulnerability id (something to read is better than
    /// nothing, and `definition_missing` says why).
    private func writeTitle(into writer: inout JSONWriter, maxBytes: Int?) {
        let (node, view) = definitionString(0).map { ($0, definitionView!) } ?? (vulnerabilityId, findingView)
        guard let node else { return }
        if let maxBytes, let text = view.string(node) {
            writer.field("title", truncatedUTF8(text, maxBytes: maxBytes))
        } else {
            writer.field("title", raw: node, in: view)
        }
    }

    /// The CVSS v3 vector when there is one, else the v2 vector, with its version: v3 vectors name theirs
    /// (`CVSS:3.0/…`, `CVSS:3.1/…`); v2 vectors, which Rapid7 sends in parentheses (`(AV:N/AC:L/…)`), are written
    /// without them, as NVD writes them, with version `2.0`.
    private func writeScoringVector(into writer: inout JSONWriter) {
        guard let view = definitionView else { return }
        if let vector = view.ofKind(definition[6], .string), view.rawBytes(vector).count > 2 {
            writer.field("scoring_vector", raw: vector, in: view)
            guard let text = view.unescapedStringBytes(vector) else { return }
            let prefix: StaticString = "CVSS:"
            if text.count > prefix.utf8CodeUnitCount,
               text.starts(with: UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)),
               let slash = text.firstIndex(of: UInt8(ascii: "/")) {
                writer.key(literal: "cvss_version")
                writer.string(utf8: UnsafeBufferPointer(rebasing: text[prefix.utf8CodeUnitCount..<slash]))
            } else {
                writer.field("cvss_version", literal: "3")
            }
            return
        }
        guard let vector = view.ofKind(definition[8], .string), let text = view.unescapedStringBytes(vector),
              !text.isEmpty else { return }
        var inner = text[...]
        if inner.first == UInt8(ascii: "("), inner.last == UInt8(ascii: ")") { inner = inner.dropFirst().dropLast() }
        writer.key(literal: "scoring_vector")
        writer.string(utf8: UnsafeBufferPointer(rebasing: inner))
        writer.field("cvss_version", literal: "2.0")
    }

    /// The CVE ids of the definition's comma-separated `cves` (`"CVE-2025-1,CVE-2025-2"`, or `""`), each
    /// trimmed, at most `limit`; nothing when there are none.
    private func writeCVEs(limit: Int = .max, into writer: inout JSONWriter) {
        guard let view = definitionView, let list = view.ofKind(definition[2], .string),
              let text = view.unescapedStringBytes(list) else { return }
        var opened = false
        var written = 0
        for part in text.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
            guard written < limit else { break }
            var id = part
            while id.first == UInt8(ascii: " ") { id = id.dropFirst() }
            while id.last == UInt8(ascii: " ") { id = id.dropLast() }
            guard !id.isEmpty else { continue }
            if !opened { writer.beginArray("cves"); opened = true }
            writer.string(utf8: UnsafeBufferPointer(rebasing: id))
            written += 1
        }
        if opened { writer.endArray() }
    }

    /// `remediation`: the solution's one-line summary, else its fix text, as plain text; `remediation_type`
    /// (`patch`, `workaround`, `rollup`); and, unless compact, `remediation_detail`: the fix text as plain text.
    private func writeRemediation(into writer: inout JSONWriter, compact: Bool) {
        if !writePlainText("remediation", of: solutionSummary, into: &writer) {
            writePlainText("remediation", of: solutionFix, into: &writer)
        }
        writer.field("remediation_type", raw: solutionType, in: findingView)
        if !compact { writePlainText("remediation_detail", of: solutionFix, into: &writer) }
    }

    /// Writes `key` and the plain text of the finding's HTML string at `node` (see `HTMLPlainText`); nothing,
    /// and false, when there is no text left.
    @discardableResult
    private func writePlainText(_ key: StaticString, of node: JSONNode?, into writer: inout JSONWriter) -> Bool {
        guard let node else { return false }
        var text: [UInt8]
        if let plain = findingView.unescapedStringBytes(node) {
            text = HTMLPlainText.plainText(plain)
        } else {
            var decoded = findingView.string(node) ?? ""
            text = decoded.withUTF8 { HTMLPlainText.plainText($0) }
        }
        guard !text.isEmpty else { return false }
        writer.key(literal: key)
        text.withUnsafeBufferPointer { writer.string(utf8: $0) }
        return true
    }

    /// The `href` of each of the definition's `links`, each once, in order.
    private func writeReferences(into writer: inout JSONWriter) {
        guard let view = definitionView, let links = view.ofKind(definition[11], .array) else { return }
        let capacity = view.count(links)
        guard capacity > 0 else { return }
        withUnsafeTemporaryAllocation(of: JSONNode.self, capacity: capacity) { given in
            var count = 0
            view.forEachElement(links) { link in
                guard let href = view.member(link, "href", ofKind: .string), view.rawBytes(href).count > 2 else { return }
                for index in 0..<count where view.hasSameRawBytes(given[index], href) { return }
                if count == 0 { writer.beginArray("references") }
                given.initializeElement(at: count, to: href)
                count += 1
                writer.raw(href, in: view)
            }
            if count > 0 { writer.endArray() }
        }
    }

    /// `YES` when the definition lists a known exploit (`exploits` is a list of them), `NO` when it lists
    /// none; absent without a definition (unknown).
    private func writeExploitAvailable(into writer: inout JSONWriter) {
        guard let view = definitionView, let exploits = definition[12] else { return }
        switch view.kind(exploits) {
        case .array: writer.field("exploit_available", literal: view.count(exploits) > 0 ? "YES" : "NO")
        case .number: writer.field("exploit_available", literal: (view.double(exploits) ?? 0) > 0 ? "YES" : "NO")
        default: return
        }
    }
}
