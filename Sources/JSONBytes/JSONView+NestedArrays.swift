extension JSONView {
    /// True when some value reached from `node` through arrays satisfies `predicate`: `node` itself unless
    /// it is an array; else its elements, and the elements of the arrays among them, at any depth, in
    /// document order, stopping at the first. Objects count as values (not entered); false for nil.
    ///
    /// No recursion and no stack, so no depth of nesting can overflow anything: the tape lays a subtree out
    /// in document order, so stepping into an element that is an array is moving to the next entry, and
    /// stepping past any other value is following its `next` link.
    public func containsValueThroughArrays(_ node: JSONNode?, where predicate: (JSONNode) throws -> Bool) rethrows -> Bool {
        guard let node else { return false }
        guard tape[node.index].kind == .array else { return try predicate(node) }
        let end = Int(tape[node.index].next)
        var child = node.index + 1
        while child < end {
            if tape[child].kind == .array {
                child += 1
            } else {
                if try predicate(JSONNode(index: child)) { return true }
                child = Int(tape[child].next)
            }
        }
        return false
    }
}
