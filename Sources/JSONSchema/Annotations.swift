/// What successful evaluation of a schema has evaluated, for `unevaluatedProperties` and `unevaluatedItems`.
struct Annotations {
    var properties: Set<String> = []
    var hasAllProperties = false
    /// Items `0..<itemPrefix` were evaluated (by `prefixItems`/`items`).
    var itemPrefix = 0
    var hasAllItems = false
    /// Items matched by `contains`.
    var itemIndices: Set<Int> = []

    mutating func merge(_ other: Annotations) {
        if other.hasAllProperties { self.hasAllProperties = true }
        if !other.properties.isEmpty { self.properties.formUnion(other.properties) }
        self.itemPrefix = max(self.itemPrefix, other.itemPrefix)
        if other.hasAllItems { self.hasAllItems = true }
        if !other.itemIndices.isEmpty { self.itemIndices.formUnion(other.itemIndices) }
    }

    func isPropertyEvaluated(_ name: String) -> Bool {
        self.hasAllProperties || self.properties.contains(name)
    }

    func isItemEvaluated(_ index: Int) -> Bool {
        self.hasAllItems || index < self.itemPrefix || self.itemIndices.contains(index)
    }
}
