import JSONBytes

extension NormalizedFinding {
    /// Writes the full `normalized` object; keys whose value is absent (or an empty list) are left out.
    /// `compact` leaves out the long free text and lists too (`RecordDetail.compact`).
    func writeFull(into writer: inout JSONWriter, region: String, compact: Bool = false) {
        writer.beginObject()
        writer.field("uid", raw: uid, in: view)
        writer.field("title", raw: title, in: view)
        if !compact { writer.field("description", raw: description, in: view) }
        writer.field("type", raw: type, in: view)
        writer.field("status", literal: normalizedStatus)
        writer.field("status_raw", raw: status, in: view)
        writer.field("severity", literal: severity.literalName)
        writer.field("severity_raw", raw: severityLabel, in: view)
        writer.field("score", raw: score, in: view)
        let cvss = scoringCVSS
        writer.field("scoring_vector", raw: cvss.vector, in: view)
        writer.field("cvss_version", raw: view.ofKind(cvss.version, .string), in: view)
        writer.field("aws_account_id", raw: accountId, in: view)
        writeRegion(into: &writer, fallback: region)
        asset?.writeFull(into: &writer, compact: compact)
        writeCVEs(into: &writer)
        writer.field("vulnerability_id", raw: view.ofKind(vulnerabilityId, .string), in: view)
        writer.field("vulnerability_source", raw: vulnerabilitySource, in: view)
        writer.field("vendor_severity", raw: vendorSeverity, in: view)
        writePackages(into: &writer, compact: compact)
        writeNetwork(into: &writer, compact: compact)
        writeMilliseconds("first_seen", of: firstObservedAt, into: &writer, view: view)
        writeMilliseconds("last_seen", of: lastObservedAt, into: &writer, view: view)
        writer.field("updated_at", milliseconds(updatedAt))
        writeMilliseconds("published_at", of: publishedAt, into: &writer, view: view)
        writeMilliseconds("vendor_updated_at", of: vendorUpdatedAt, into: &writer, view: view)
        writer.field("remediation", raw: remediation, in: view)
        writer.field("remediation_url", raw: remediationURL, in: view)
        writer.field("source_url", raw: view.ofKind(sourceURL, .string), in: view)
        if !compact {
            writeStrings("references", of: referenceURLs ?? view.member(code, "referenceUrls"), into: &writer, view: view)
        }
        writer.field("exploit_available", raw: exploitAvailable, in: view)
        writeMilliseconds("last_exploited_at", of: lastExploitedAt, into: &writer, view: view)
        writer.field("fix_available", raw: fixAvailable, in: view)
        writer.field("epss_score", raw: epssScore, in: view)
        writeCode(into: &writer, compact: compact)
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
        asset?.writeEssential(into: &writer)
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

/// The epoch seconds at `node` as epoch milliseconds, like `milliseconds(view.double(node))`, without
/// parsing a Double for the usual spelling (digits, at most 3 of them after the point, below 10¹⁵
/// milliseconds): its integer is then exact, and the Double route rounds to that same integer (its error
/// is below 0.25 ms there). Any other spelling takes the Double route.
func milliseconds(_ node: JSONNode?, in view: JSONView) -> Int64? {
    guard let node = view.ofKind(node, .number) else { return nil }
    let raw = view.rawBytes(node)
    let digits = raw.baseAddress!, count = raw.count
    var index = 0
    var value: Int64 = 0
    while index < count {
        let digit = digits[index] &- UInt8(ascii: "0")
        guard digit < 10 else { break }
        value = value &* 10 &+ Int64(digit)
        index += 1
    }
    // At most 12 digits of seconds: below 10¹⁵ milliseconds.
    guard index > 0, index <= 12 else { return milliseconds(view.double(node)) }
    var scale = 3
    if index < count {
        guard digits[index] == UInt8(ascii: "."), count - index - 1 <= 3 else { return milliseconds(view.double(node)) }
        index += 1
        while index < count {
            let digit = digits[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return milliseconds(view.double(node)) }
            value = value &* 10 &+ Int64(digit)
            scale -= 1
            index += 1
        }
    }
    while scale > 0 { value &*= 10; scale -= 1 }
    return value
}

/// Writes `key` and the epoch seconds at `node` as epoch milliseconds, exactly as
/// `writer.field(key, milliseconds(node, in: view))` does. The usual spelling (as in `milliseconds(_:in:)`,
/// and without a leading zero) already holds the milliseconds' digits: they are copied, with zeros for
/// the missing fraction digits, instead of formatting the number.
func writeMilliseconds(_ key: StaticString, of node: JSONNode?, into writer: inout JSONWriter, view: JSONView) {
    guard let node = view.ofKind(node, .number) else { return }
    let raw = view.rawBytes(node)
    let source = raw.baseAddress!, count = raw.count
    var integerDigits = 0
    while integerDigits < count, source[integerDigits] &- UInt8(ascii: "0") < 10 { integerDigits += 1 }
    var usual = integerDigits > 0 && integerDigits <= 12 && source[0] != UInt8(ascii: "0")
    var fractionDigits = 0
    if usual, integerDigits < count {
        fractionDigits = count - integerDigits - 1
        usual = source[integerDigits] == UInt8(ascii: ".") && fractionDigits >= 1 && fractionDigits <= 3
        for index in (integerDigits + 1)..<count where source[index] &- UInt8(ascii: "0") >= 10 { usual = false }
    }
    guard usual else { return writer.field(key, milliseconds(node, in: view)) }
    var digits: (UInt64, UInt64) = (0, 0)   // at most 12 + 3 digits
    withUnsafeMutableBytes(of: &digits) { buffer in
        let target = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        target.initialize(from: source, count: integerDigits)
        if fractionDigits > 0 { (target + integerDigits).initialize(from: source + integerDigits + 1, count: fractionDigits) }
        (target + integerDigits + fractionDigits).initialize(repeating: UInt8(ascii: "0"), count: 3 - fractionDigits)
        writer.field(key, decimalDigits: UnsafeBufferPointer(start: target, count: integerDigits + 3))
    }
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
