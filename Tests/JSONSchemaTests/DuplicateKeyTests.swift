import JSONSchema
import Testing

@Suite("Duplicate member names")
struct DuplicateKeyTests {
    private let duplicated = #"{"mode": "soft_delete", "limits": {"a": 1, "a": 2}}"#

    @Test("by default the last value wins")
    func lastValueWinsByDefault() throws {
        let value = try JSONValue(parsing: self.duplicated)
        #expect(value["limits"] == ["a": 2])
    }

    @Test("when rejecting, the error points at the second name, at any depth")
    func rejectsTheSecondName() {
        #expect(throws: JSONParseError(offset: 43, reason: #"duplicate member name "a""#)) {
            try JSONValue(parsing: self.duplicated, isRejectingDuplicateKeys: true)
        }
        #expect(throws: JSONParseError(offset: 9, reason: #"duplicate member name "a""#)) {
            try JSONValue(parsing: Array(#"{"a": 1, "\u0061": 2}"#.utf8), isRejectingDuplicateKeys: true)
        }
    }

    @Test("equal names in different objects, and names with escapes, are not duplicates")
    func distinctObjectsAreFine() throws {
        let value = try JSONValue(
            parsing: #"{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}], "a\n": 3}"#,
            isRejectingDuplicateKeys: true
        )
        #expect(value["b"]?[1]?["a"] == 2)
        #expect(value["a\n"] == 3)
    }

    @Test("a control character in a duplicate name stays escaped, so the message is one line")
    func messageIsOneLine() {
        #expect(throws: JSONParseError(offset: 10, reason: #"duplicate member name "\n""#)) {
            try JSONValue(parsing: #"{"\n": 1, "\n": 2}"#, isRejectingDuplicateKeys: true)
        }
    }
}
