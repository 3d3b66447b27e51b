import JSONSchema
import Testing

@Suite("Building JSON values")
struct JSONValueBuildingTests {
    @Test("integer(_:) is the exact number, down to the Int limits")
    func integerFromInt() throws {
        #expect(JSONValue.integer(422) == 422)
        #expect(JSONValue.integer(-7).int64Value == -7)
        #expect(JSONValue.integer(Int.max).int64Value == Int64(Int.max))
        #expect(JSONValue.integer(Int.min).serialized() == String(Int.min))
        let document: JSONValue = ["count": .integer(3)]
        #expect(try JSONValue(parsing: document.serialized()) == document)
        #expect(document.serialized() == #"{"count":3}"#)
    }
}
