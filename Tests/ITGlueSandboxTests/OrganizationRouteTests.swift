import Foundation
import ITGlueSandbox
import JSONSchema
import Testing

@Suite("Sandbox organizations")
struct OrganizationRouteTests {
    @Test func showsAnOrganizationAsJSONAPIWithKebabCaseAndNulls() async throws {
        try await withSandbox { _, client in
            let reply = try await client.get("/organizations/123456")
            #expect(reply.status == 200)
            #expect(reply.contentType?.hasPrefix("application/vnd.api+json") == true)
            let data = reply.json["data"]
            #expect(data["id"].string == "123456")
            #expect(data["type"].string == "organizations")
            let attributes = data["attributes"]
            #expect(attributes["name"].string == "Example Client")
            #expect(attributes["organization-type-id"].int == 86)
            #expect(attributes["organization-type-name"].string == "Customer")
            #expect(attributes["organization-status-name"].string == "Active")
            #expect(attributes["primary"].bool == false)
            #expect(attributes.has("alert") && attributes["alert"].isNull)
            #expect(attributes["parent-id"].isNull)
            #expect(attributes["ancestor-ids"].string == "[]")
        }
    }

    @Test func showsThePrimaryOrganizationAndAChild() async throws {
        try await withSandbox { _, client in
            let kraken = try await client.get("/organizations/1000").json["data"]["attributes"]
            #expect(kraken["primary"].bool == true)
            #expect(kraken["organization-type-name"].string == "Owner")
            let branch = try await client.get("/organizations/200006").json["data"]["attributes"]
            #expect(branch["parent-id"].string == "200005")
            #expect(branch["ancestor-ids"].string == "[200005]")
        }
    }

    @Test func answersMissingOrganizationWithJSONAPI404() async throws {
        try await withSandbox { _, client in
            let reply = try await client.get("/organizations/999999")
            #expect(reply.status == 404)
            #expect(
                try reply.document
                    == JSONValue(
                        parsing: #"{"errors":[{"status":404,"title":"Not Found","detail":"Record not found"}]}"#
                    )
            )
        }
    }

    @Test func refusesMissingOrWrongKeyWithTheObserved401Body() async throws {
        try await withSandbox { sandbox, client in
            for key in [nil, "wrong-key"] as [String?] {
                let reply = try await client.send("GET", "/organizations", apiKey: key)
                #expect(reply.status == 401)
                #expect(
                    try reply.document
                        == JSONValue(
                            parsing:
                                #"{"errors":[{"status":401,"title":"Unauthorized","detail":"Unauthorized resource access","source":{"pointer":"id"}}]}"#
                        )
                )
            }
            let log = sandbox.requestLog()
            #expect(log.map(\.hasAPIKey) == [false, true])
            #expect(log.allSatisfy { !$0.isAPIKeyValid && $0.status == 401 })
        }
    }

    @Test func answersUnknownRoutesAndSingleDeleteWithTheHTML404Page() async throws {
        try await withSandbox { sandbox, client in
            for (method, path) in [("GET", "/nothing-here"), ("DELETE", "/organizations/200008")] {
                let reply = try await client.send(
                    method,
                    path,
                    body: method == "DELETE" ? bulkDeleteBody(["200008"]) : nil
                )
                #expect(reply.status == 404)
                #expect(reply.contentType?.hasPrefix("text/html") == true)
                #expect(reply.text.contains("The page you were looking for doesn't exist (404)"))
            }
            #expect(sandbox.organizationExists(id: "200008"))
        }
    }

    @Test func listsWithDefaultPagingMetaAndLinks() async throws {
        try await withSandbox { _, client in
            let json = try await client.get("/organizations").json
            #expect(json["data"].array.count == 12)
            let meta = json["meta"]
            #expect(meta["current-page"].int == 1)
            #expect(meta["next-page"].isNull && meta["prev-page"].isNull)
            #expect(meta["total-pages"].int == 1)
            #expect(meta["total-count"].int == 12)
            #expect(json["links"]["self"].string?.contains("page%5Bnumber%5D=1") == true)
            #expect(json["data"][0]["id"].string == "1000")
        }
    }

    @Test func pagesWithPageSizeAndNumber() async throws {
        try await withSandbox { _, client in
            let json = try await client.get("/organizations", [("page[size]", "5"), ("page[number]", "2")]).json
            #expect(json["data"].array.map { $0["id"].string } == ["200004", "200005", "200006", "200007", "200008"])
            #expect(json["meta"]["next-page"].int == 3)
            #expect(json["meta"]["prev-page"].int == 1)
            #expect(json["meta"]["total-pages"].int == 3)
            #expect(json["links"]["next"].string?.contains("page%5Bnumber%5D=3") == true)
        }
    }

    @Test(arguments: ["1001", "0", "abc"])
    func refusesPageSizesOutsideOneToThousandWith422(size: String) async throws {
        try await withSandbox { _, client in
            let reply = try await client.get("/organizations", [("page[size]", size)])
            #expect(reply.status == 422)
            #expect(reply.json["errors"][0]["status"].int == 422)
        }
    }

    @Test func filtersNameExactlyWithEscapedCommas() async throws {
        try await withSandbox { _, client in
            let comma = try await client.get("/organizations", [("filter[name]", #"Comma\, Inc"#)]).json
            #expect(comma["data"].array.map { $0["id"].string } == ["200009"])
            #expect(comma["meta"]["filters"]["name"].string == #"Comma\, Inc"#)
            // Unescaped, the comma splits the value into two names, neither of which exists.
            let split = try await client.get("/organizations", [("filter[name]", "Comma, Inc")]).json
            #expect(split["meta"]["total-count"].int == 0)
            let duplicates = try await client.get("/organizations", [("filter[name]", "Duplicate Co")]).json
            #expect(duplicates["data"].array.map { $0["id"].string } == ["200002", "200003"])
            let partial = try await client.get("/organizations", [("filter[name]", "Duplicate")]).json
            #expect(partial["meta"]["total-count"].int == 0)
            let two = try await client.get("/organizations", [("filter[name]", #"Happy Frog,Comma\, Inc"#)]).json
            #expect(two["data"].array.map { $0["id"].string } == ["200001", "200009"])
        }
    }

    @Test func filtersByIdTypeStatusPrimaryPSAAndExclusion() async throws {
        try await withSandbox { _, client in
            func ids(_ query: [(String, String)]) async throws -> [String?] {
                try await client.get("/organizations", query + [("page[size]", "1000")]).json["data"].array.map {
                    $0["id"].string
                }
            }
            let actual22 = try await ids([("filter[id]", "200001,200004")])
            #expect(actual22 == ["200001", "200004"])
            let actual21 = try await ids([("filter[organization_type_id]", "3")])
            #expect(actual21 == ["200007"])
            let actual20 = try await ids([("filter[organization_status_id]", "69")])
            #expect(actual20 == ["200001", "200008"])
            let actual19 = try await ids([("filter[primary]", "true")])
            #expect(actual19 == ["1000"])
            let actual18 = try await ids([("filter[primary]", "false")]).count
            #expect(actual18 == 11)
            let actual17 = try await ids([("filter[psa_integration_type]", "manage")])
            #expect(actual17 == ["200004"])
            let actual16 = try await ids([("filter[exclude][id]", "1000")]).count
            #expect(actual16 == 11)
            let actual15 = try await ids([("filter[organization_type_id]", "86"), ("filter[exclude][id]", "200001")])
                .count
            #expect(actual15 == 9)
        }
    }

    @Test func refusesUnknownFiltersAndSortKeysWith400() async throws {
        try await withSandbox { _, client in
            let actual14 = try await client.get("/organizations", [("filter[nmae]", "x")]).status
            #expect(actual14 == 400)
            let actual13 = try await client.get("/organizations", [("sort", "color")]).status
            #expect(actual13 == 400)
        }
    }

    @Test func sortsByNameAndDescendingId() async throws {
        try await withSandbox { _, client in
            let byName = try await client.get("/organizations", [("sort", "name")]).json["data"].array
            #expect(byName.first?["attributes"]["name"].string == "Big Client")
            let byID = try await client.get("/organizations", [("sort", "-id")]).json["data"].array
            #expect(byID.map { $0["id"].string }.prefix(2) == ["200010", "200009"])
        }
    }

    @Test func includesAdaptersResourcesOfAPSASyncedOrganization() async throws {
        try await withSandbox { _, client in
            let synced = try await client.get("/organizations/200004", [("include", "adapters_resources")]).json
            let linkage = synced["data"]["relationships"]["adapters-resources"]["data"]
            #expect(linkage.array.count == 1)
            #expect(linkage[0]["id"].string == "9001")
            #expect(linkage[0]["type"].string == "adapters-resources")
            let included = synced["included"][0]
            #expect(included["id"].string == "9001")
            #expect(included["attributes"]["integrator-name"].string == "manage")
            #expect(included["attributes"]["external-id"].string == "C-42")
            #expect(included["attributes"]["resource-type"].string == "organizations")
            #expect(included["attributes"]["resource-id"].int == 200004)

            let plain = try await client.get("/organizations/123456", [("include", "adapters_resources")]).json
            #expect(plain["data"]["relationships"]["adapters-resources"]["data"].array.isEmpty)
            #expect(!plain.has("included"))

            let index = try await client.get("/organizations", [("include", "adapters_resources")]).json
            #expect(index["included"].array.map { $0["id"].string } == ["9001"])
        }
    }

    @Test func patchesWithKebabAndSnakeCaseKeys() async throws {
        try await withSandbox { sandbox, client in
            let body =
                #"{"data":{"type":"organizations","attributes":{"organization-status-id":70,"quick_notes":"Offboarded by test"}}}"#
            let reply = try await client.send("PATCH", "/organizations/123456", body: body)
            #expect(reply.status == 200)
            let attributes = reply.json["data"]["attributes"]
            #expect(attributes["organization-status-id"].int == 70)
            #expect(attributes["organization-status-name"].string == "Offboarded")
            #expect(attributes["quick-notes"].string == "Offboarded by test")
            #expect(attributes["updated-at"].string != SandboxDataset.defaultTimestamp)
            #expect(sandbox.dataset().organizations.first { $0.id == "123456" }?.organizationStatusId == 70)
        }
    }

    @Test func refusesInvalidPatches() async throws {
        try await withSandbox { _, client in
            func patch(_ id: String, _ attributes: String) async throws -> Int {
                try await client.send(
                    "PATCH",
                    "/organizations/\(id)",
                    body: #"{"data":{"type":"organizations","attributes":\#(attributes)}}"#
                ).status
            }
            let actual12 = try await patch("123456", #"{"organization-status-id":12345}"#)
            #expect(actual12 == 422)
            let actual11 = try await patch("123456", #"{"name":""}"#)
            #expect(actual11 == 422)
            let actual10 = try await patch("123456", #"{"primary":true}"#)
            #expect(actual10 == 400)
            let actual9 = try await patch("999999", #"{"name":"x"}"#)
            #expect(actual9 == 404)
        }
    }

    @Test func restrictsPatchOfAPSASyncedOrganizationToAlertDescriptionAndQuickNotes() async throws {
        try await withSandbox { _, client in
            let refused = try await client.send(
                "PATCH",
                "/organizations/200004",
                body: #"{"data":{"type":"organizations","attributes":{"organization-status-id":70}}}"#
            )
            #expect(refused.status == 422)
            #expect(refused.json["errors"][0]["source"]["pointer"].string == "/data/attributes/organization-status-id")
            let allowed = try await client.send(
                "PATCH",
                "/organizations/200004",
                body:
                    #"{"data":{"type":"organizations","attributes":{"alert":"Offboarding","quick-notes":"x","description":"y"}}}"#
            )
            #expect(allowed.status == 200)
            #expect(allowed.json["data"]["attributes"]["alert"].string == "Offboarding")
        }
    }

    @Test func refusesWritesWithoutTheJSONAPIMediaTypeWith415() async throws {
        try await withSandbox { sandbox, client in
            let patch = try await client.send(
                "PATCH",
                "/organizations/123456",
                body: #"{"data":{"type":"organizations","attributes":{"name":"X"}}}"#,
                contentType: "application/json"
            )
            #expect(patch.status == 415)
            let delete = try await client.send(
                "DELETE",
                "/organizations",
                body: bulkDeleteBody(["200008"]),
                contentType: "application/json"
            )
            #expect(delete.status == 415)
            #expect(sandbox.organizationExists(id: "200008"))
            #expect(sandbox.dataset().organizations.first { $0.id == "123456" }?.name == "Example Client")
            let withCharset = try await client.send(
                "PATCH",
                "/organizations/123456",
                body: #"{"data":{"type":"organizations","attributes":{"name":"X"}}}"#,
                contentType: "application/vnd.api+json; charset=utf-8"
            )
            #expect(withCharset.status == 200)
        }
    }

    @Test func listsOrganizationTypesAndStatuses() async throws {
        try await withSandbox { _, client in
            let types = try await client.get("/organization_types").json
            #expect(
                types["data"].array.map { $0["attributes"]["name"].string } == [
                    "Owner", "Internal", "Vendor", "Customer",
                ]
            )
            #expect(types["data"][0]["type"].string == "organization-types")
            let statuses = try await client.get("/organization_statuses").json
            #expect(statuses["data"].array.map { $0["id"].string } == ["68", "69", "70"])
            #expect(statuses["meta"]["total-count"].int == 3)
        }
    }
}
