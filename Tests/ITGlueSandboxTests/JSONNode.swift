import Foundation

/// Read-only navigation through a `JSONSerialization` result.
struct JSONNode {
    let value: Any

    init(_ value: Any) { self.value = value }

    subscript(key: String) -> JSONNode { JSONNode((self.value as? [String: Any])?[key] ?? NSNull()) }
    subscript(index: Int) -> JSONNode {
        guard let array = self.value as? [Any], array.indices.contains(index) else { return JSONNode(NSNull()) }
        return JSONNode(array[index])
    }

    var string: String? { self.value as? String }
    var int: Int? {
        guard let number = self.value as? NSNumber, !Self.isBoolean(number) else { return nil }
        return number.intValue
    }
    var bool: Bool? {
        guard let number = self.value as? NSNumber, Self.isBoolean(number) else { return nil }
        return number.boolValue
    }

    /// Booleans from JSONSerialization are NSNumbers of ObjC type `c` (char); integers are `q` and the like.
    private static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }
    var array: [JSONNode] { (self.value as? [Any])?.map(JSONNode.init) ?? [] }
    var isNull: Bool { self.value is NSNull }
    /// Whether the object has this key (a null value counts).
    func has(_ key: String) -> Bool { (self.value as? [String: Any])?[key] != nil }
}
