import JSONBytes

extension NormalizedAsset {
    /// Writes `"asset":{…}` with every known field; absent values and empty lists are left out. The
    /// resource's own attributes follow its identity; only the detail object of the resource is present,
    /// so the other kinds' keys cost one nil check each. `compact` leaves out the lists of unbounded length
    /// (tags, layers).
    func writeFull(into writer: inout JSONWriter, compact: Bool = false) {
        writer.beginObject("asset")
        writeIdentity(into: &writer)
        writer.field("cloud_resource_type", literal: cloudResourceType)
        writeStrings("ipv4", of: instance[1], into: &writer, view: view)
        writeStrings("ipv6", of: instance[2], into: &writer, view: view)
        writer.field("platform", raw: view.ofKind(instance[0], .string) ?? view.ofKind(image[0], .string), in: view)
        writer.field("region", raw: region, in: view)
        writer.field("partition", raw: partition, in: view)
        if !compact { writeTags(into: &writer) }
        writeInstance(into: &writer)
        writeImage(into: &writer)
        writeFunction(into: &writer, compact: compact)
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
        writer.field("class", literal: assetClass)
        writer.field("type", raw: type, in: view)
        writer.field("name", raw: name, in: view)
    }

    /// Every tag as `{"name":…,"value":…}`: a list keeps one shape for any tag name (a map keyed by tag
    /// names would give each tag its own field, which SIEM schemas and log filters cannot list).
    private func writeTags(into writer: inout JSONWriter) {
        var opened = false
        view.forEachMember(tags) { key, value in
            guard view.kind(value) == .string else { return }
            if !opened { writer.beginArray("tags"); opened = true }
            writer.beginObject()
            writer.field("name", raw: key, in: view)
            writer.field("value", raw: value, in: view)
            writer.endObject()
        }
        if opened { writer.endArray() }
    }

    /// EC2 instance (or VM) attributes.
    private func writeInstance(into writer: inout JSONWriter) {
        writer.field("instance_type", raw: view.ofKind(instance[3], .string), in: view)
        writer.field("image_id", raw: view.ofKind(instance[4], .string), in: view)
        writer.field("key_name", raw: view.ofKind(instance[5], .string), in: view)
        writer.field("iam_instance_profile_arn", raw: view.ofKind(instance[6], .string), in: view)
        writer.field("vpc_id", raw: view.ofKind(instance[7], .string) ?? vpcOfFunction, in: view)
        writer.field("subnet_id", raw: view.ofKind(instance[8], .string), in: view)
        writeMilliseconds("launched_at", of: instance[9], into: &writer, view: view)
    }

    /// Container image attributes.
    private func writeImage(into writer: inout JSONWriter) {
        writer.field("repository", raw: repository, in: view)
        writer.field("registry", raw: view.ofKind(image[7], .string), in: view)
        writeStrings("image_tags", of: image[1], into: &writer, view: view)
        writer.field("image_hash", raw: view.ofKind(image[2], .string), in: view)
        writeMilliseconds("image_pushed_at", of: image[4], into: &writer, view: view)
        writer.field("image_author", raw: view.ofKind(image[5], .string), in: view)
        // Lambda reports a list of architectures, but a function has exactly one.
        let architecture = view.ofKind(image[6], .string)
            ?? view.ofKind(view.element(function[6], at: 0), .string)
        writer.field("architecture", raw: architecture, in: view)
        writer.field("in_use_count", raw: view.ofKind(image[8], .number), in: view)
        writeMilliseconds("last_in_use_at", of: image[9], into: &writer, view: view)
    }

    /// Lambda (or serverless function) attributes.
    private func writeFunction(into writer: inout JSONWriter, compact: Bool) {
        writer.field("function_version", raw: view.ofKind(function[8], .string), in: view)
        writer.field("runtime", raw: view.ofKind(function[1], .string), in: view)
        writer.field("package_type", raw: view.ofKind(function[5], .string), in: view)
        writer.field("execution_role_arn", raw: view.ofKind(function[2], .string), in: view)
        if !compact { writeStrings("layers", of: function[3], into: &writer, view: view) }
        writeMilliseconds("last_modified_at", of: function[7], into: &writer, view: view)
    }

    /// A function's VPC, written as the asset's `vpc_id` like an instance's.
    private var vpcOfFunction: JSONNode? {
        view.member(function[4], "vpcId", ofKind: .string)
    }
}
