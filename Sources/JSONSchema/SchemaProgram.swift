/// The compiled, immutable form of a schema and everything it references.
struct SchemaProgram: Sendable {
    var nodes: [SchemaNode]
    /// Per resource: `$dynamicAnchor` name → node.
    var dynamicAnchors: [[String: Int]]
    var root: Int
    /// Whether some `unevaluated*` keyword needs annotations collected during evaluation.
    var needsAnnotations: Bool
}
