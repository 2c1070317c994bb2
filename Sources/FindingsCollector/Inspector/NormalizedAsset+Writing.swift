import JSONBytes

extension NormalizedAsset {
    /// Writes `"asset":{…}` with every known field; empty lists are left out.
    func writeFull(into writer: inout JSONWriter) {
        writer.beginObject("asset")
        writeIdentity(into: &writer)
        writer.field("cloud_resource_type", cloudResourceType)
        writeList("ipv4", ipv4, into: &writer)
        writeList("ipv6", ipv6, into: &writer)
        writer.field("platform", raw: platform)
        writer.field("region", raw: region)
        writeList("image_tags", imageTags, into: &writer)
        writer.field("image_hash", raw: imageHash)
        writer.field("repository", raw: repository)
        writer.field("partition", raw: partition)
        writer.endObject()
    }

    /// Writes `"asset":{uid,class,type,name}` for essential records.
    func writeEssential(into writer: inout JSONWriter) {
        writer.beginObject("asset")
        writeIdentity(into: &writer)
        writer.endObject()
    }

    private func writeIdentity(into writer: inout JSONWriter) {
        writer.field("uid", raw: uid)
        writer.field("class", assetClass)
        writer.field("type", raw: type)
        writer.field("name", raw: name)
    }
}
