extension JSONView {
    /// Calls `body` with the key and the value of each member of the object at `node`, in document order;
    /// nothing if nil or not an object. The key is a string node: splice it with `JSONWriter.raw` (still
    /// escaped as in the document), so copying a map such as resource tags creates no String.
    @inlinable
    public func forEachMember(_ node: JSONNode?, _ body: (_ key: JSONNode, _ value: JSONNode) throws -> Void) rethrows {
        guard let node, tape[node.index].kind == .object else { return }
        let end = Int(tape[node.index].next)
        var child = node.index + 1
        while child < end {
            try body(JSONNode(index: child), JSONNode(index: child + 1))
            child = Int(tape[child + 1].next)
        }
    }
}
