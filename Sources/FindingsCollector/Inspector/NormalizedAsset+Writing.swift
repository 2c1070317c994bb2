import JSONBytes

extension NormalizedAsset {
    /// Writes `"asset":{…}` with every known field; empty lists are left out.
    func writeFull(into writer: inout JSONWriter, view: JSONView) {
        writer.beginObject("asset")
        writeIdentity(into: &writer, view: view)
        writer.field("cloud_resource_type", literal: cloudResourceType)
        writeStrings("ipv4", of: ipv4, into: &writer, view: view)
        writeStrings("ipv6", of: ipv6, into: &writer, view: view)
        writer.field("platform", raw: platform, in: view)
        writer.field("region", raw: region, in: view)
        writeStrings("image_tags", of: imageTags, into: &writer, view: view)
        writer.field("image_hash", raw: imageHash, in: view)
        writer.field("repository", raw: repository, in: view)
        writer.field("partition", raw: partition, in: view)
        writer.endObject()
    }

    /// Writes `"asset":{uid,class,type,name}` for essential records.
    func writeEssential(into writer: inout JSONWriter, view: JSONView) {
        writer.beginObject("asset")
        writeIdentity(into: &writer, view: view)
        writer.endObject()
    }

    private func writeIdentity(into writer: inout JSONWriter, view: JSONView) {
        writer.field("uid", raw: uid, in: view)
        writer.field("class", literal: assetClass)
        writer.field("type", raw: type, in: view)
        writer.field("name", raw: name, in: view)
    }
}
