import JSONBytes

/// A Rapid7 asset as the normalized `asset` (the shared `$defs/asset`): nodes of the assets page's view.
///
/// Rapid7 assets are scanned hosts, so their class is always Device. Name: `host_name`, else `ip`, else `id`
/// (an asset found by address alone has no host name). OS: `os_system_name` (`Ubuntu Linux`, `Microsoft
/// Windows`), else `os_name`, else `os_family`; `os_version`, `os_description` and `os_architecture` beside it.
/// Tags: Rapid7 tags are `{name, type}` (type `CUSTOM`, `SITE`, `LOCATION`, `OWNER`, `CRITICALITY`), written as
/// name/value pairs with the type as value, so every tag keeps one shape.
struct Rapid7NormalizedAsset {
    let view: JSONView
    let member: JSONMemberSlots

    static let memberNames = JSONKeySet([
        "id", "host_name", "ip", "os_system_name", "os_name", "os_family", "os_version", "os_description",
        "os_architecture", "type", "risk_score", "last_scan_end", "last_assessed_for_vulnerabilities", "tags", "mac",
    ])

    init(_ asset: JSONNode, in view: JSONView) {
        self.view = view
        member = view.members(of: asset, Self.memberNames)
    }

    /// The asset's id, when it is a non-empty string.
    var uid: JSONNode? { nonEmpty(member[0]) }
    var hostName: JSONNode? { nonEmpty(member[1]) }
    var ip: JSONNode? { nonEmpty(member[2]) }
    var name: JSONNode? { hostName ?? ip ?? uid }
    var os: JSONNode? { nonEmpty(member[3]) ?? nonEmpty(member[4]) ?? nonEmpty(member[5]) }

    private func nonEmpty(_ node: JSONNode?) -> JSONNode? {
        guard let node = view.ofKind(node, .string), view.rawBytes(node).count > 2 else { return nil }
        return node
    }

    /// Writes `"asset":{…}`; absent values are left out. `compact` leaves out the tags (a list of any length).
    func writeFull(into writer: inout JSONWriter, compact: Bool) {
        writer.beginObject("asset")
        writeIdentity(into: &writer)
        writer.field("hostname", raw: hostName, in: view)
        writer.field("os", raw: os, in: view)
        writer.field("os_version", raw: nonEmpty(member[6]), in: view)
        writer.field("os_description", raw: nonEmpty(member[7]), in: view)
        writer.field("os_architecture", raw: nonEmpty(member[8]), in: view)
        if let ip {
            // One address per asset: IPv6 when it has a colon (an IPv4 address never does).
            let isIPv6 = view.rawBytes(ip).contains(UInt8(ascii: ":"))
            writer.beginArray(isIPv6 ? "ipv6" : "ipv4")
            writer.raw(ip, in: view)
            writer.endArray()
        }
        writer.field("mac", raw: nonEmpty(member[14]), in: view)
        writer.field("risk_score", raw: view.ofKind(member[10], .number), in: view)
        writer.field("last_seen", RFC3339Milliseconds.milliseconds(member[11], in: view)
                     ?? RFC3339Milliseconds.milliseconds(member[12], in: view))
        if !compact { writeTags(into: &writer) }
        writer.endObject()
    }

    /// Writes `"asset":{uid,class,type,name}` for essential records.
    func writeEssential(into writer: inout JSONWriter) {
        writer.beginObject("asset")
        writeIdentity(into: &writer)
        writer.endObject()
    }

    private func writeIdentity(into writer: inout JSONWriter) {
        writer.field("uid", raw: uid, in: view)
        writer.field("class", literal: "Device")
        writer.field("type", raw: nonEmpty(member[9]), in: view)
        writer.field("name", raw: name, in: view)
    }

    /// Every tag with a name, as `{"name":…,"value":…}`; the value is the tag's type, `""` without one.
    private func writeTags(into writer: inout JSONWriter) {
        var opened = false
        let view = self.view
        view.forEachElement(member[13]) { tag in
            guard let name = view.member(tag, "name", ofKind: .string) else { return }
            if !opened { writer.beginArray("tags"); opened = true }
            writer.beginObject()
            writer.field("name", raw: name, in: view)
            if let type = view.member(tag, "type", ofKind: .string) {
                writer.field("value", raw: type, in: view)
            } else {
                writer.field("value", literal: "")
            }
            writer.endObject()
        }
        if opened { writer.endArray() }
    }
}
