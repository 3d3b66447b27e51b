import Foundation
import JSONSchema
import Testing

@testable import ITGlue

@Suite struct ITGlueErrorBodyTests {
    @Test(arguments: [
        (
            #"{"errors":[{"status":401,"title":"Unauthorized","detail":"Unauthorized resource access","source":{"pointer":"id"}}]}"#,
            "Unauthorized: Unauthorized resource access (id)"
        ),
        (
            #"{"errors":[{"source":{"pointer":"/data/attributes/name"},"detail":"has already been taken","title":"Unprocessable Entity","status":"422"}]}"#,
            "Unprocessable Entity: has already been taken (/data/attributes/name)"
        ),
        (
            #"{"errors":[{"status":422,"title":"Cannot index flexible assets without providing a flexible asset type ID filter","source":{"pointer":null}}]}"#,
            "Cannot index flexible assets without providing a flexible asset type ID filter"
        ),
        (#"{"errors":[{"status":"404","detail":"Record not found"},{"title":"Second"}]}"#, "Record not found; Second"),
        (#"{"message":"Forbidden"}"#, "Forbidden"),
        (
            "<!DOCTYPE html><html><head><title>The page you were looking for doesn't exist (404)</title></head>"
                + "<body><h1>The page you were looking for doesn't exist.</h1></body></html>",
            "The page you were looking for doesn't exist (404) - The page you were looking for doesn't exist."
        ),
        ("", "HTTP 503 service unavailable"),
        ("upstream connect error", "upstream connect error"),
    ])
    func everyObservedShape(body: String, expected: String) {
        #expect(ITGlueErrorBody.message(from: Data(body.utf8), status: 503).lowercased() == expected.lowercased())
    }

    @Test func rawTextIsTruncated() {
        let message = ITGlueErrorBody.message(from: Data(String(repeating: "x", count: 5000).utf8), status: 500)
        #expect(message.count <= ITGlueErrorBody.maximumLength + 1)
    }

    @Test func organizationAttributesAreParsed() throws {
        let json = #"""
            {"id":"2","type":"organizations","attributes":{"name":"Happy Frog","organization-type-id":86,
            "organization-type-name":"Customer","organization-status-id":"68","organization-status-name":"Active",
            "primary":false,"short-name":"happy","parent-id":1,"ancestor-ids":"[1,6]","quick-notes":null,
            "created-at":"2016-09-14T17:02:44.000Z","updated-at":"2016-09-14T17:02:44.000Z"},
            "relationships":{"adapters-resources":{"data":[{"type":"adapters-resources","id":"9"}]}}}
            """#
        let resource = try JSONValue(parsing: json)
        let organization = try #require(ITGlueOrganization(resource: resource))
        #expect(organization.id == "2")
        #expect(organization.name == "Happy Frog")
        #expect(organization.organizationTypeID == 86)
        #expect(organization.organizationStatusID == 68)
        #expect(organization.parentID == "1")
        #expect(organization.ancestorIDs == ["1", "6"])
        #expect(organization.isPSASynced)
        #expect(!organization.isPrimary)
        #expect(organization.attributesJSON.hasPrefix(#"{"ancestor-ids":"[1,6]","created-at""#))
        #expect(organization.attributesJSON.contains(#""quick-notes":null"#))
    }

    @Test(arguments: [("[]", [String]()), ("[200005]", ["200005"]), ("[1, 6]", ["1", "6"]), ("", [])])
    func ancestorIDStrings(text: String, expected: [String]) {
        #expect(ITGlueOrganization.ancestorIDs(.string(text)) == expected)
    }

    @Test(arguments: ["", "12a", "-1", "01", "1.0", "123 ", "../1", "1234567890123456789"])
    func malformedIDsAreRefused(id: String) {
        #expect(throws: ITGlueError(code: .invalidRequest, message: "")) { try ITGlueClient.validate(id: id) }
    }

    @Test func queryValuesAreStrictlyEncoded() {
        let request = ITGlueRequest(
            method: .get,
            path: "/organizations",
            query: [("filter[name]", #"Comma\, Inc&x=1"#)]
        )
        #expect(request.percentEncodedQuery == "filter%5Bname%5D=Comma%5C%2C%20Inc%26x%3D1")
    }
}
