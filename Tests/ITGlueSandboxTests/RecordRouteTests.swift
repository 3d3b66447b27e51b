import Foundation
import ITGlueSandbox
import JSONSchema
import Testing

@Suite("Sandbox nested records, flexible assets and exports")
struct RecordRouteTests {
    @Test func countsEveryNestedRelationshipWithPageSizeOne() async throws {
        try await withSandbox { _, client in
            let expected: [String: [String: Int]] = [
                "123456": [
                    "configurations": 4, "contacts": 0, "locations": 0, "passwords": 0, "domains": 0, "documents": 7,
                    "expirations": 0,
                ],
                "200001": [
                    "configurations": 1, "contacts": 2, "locations": 1, "passwords": 3, "domains": 1, "documents": 0,
                    "expirations": 1,
                ],
                "200009": ["configurations": 2],
                "200010": ["configurations": 1500, "documents": 60],
            ]
            for (organization, counts) in expected {
                for (kind, count) in counts {
                    let reply = try await client.get(
                        "/organizations/\(organization)/relationships/\(kind)",
                        [("page[size]", "1")]
                    )
                    #expect(reply.status == 200)
                    #expect(reply.json["meta"]["total-count"].int == count, "\(organization) \(kind)")
                    #expect(reply.json["data"].array.count == min(1, count))
                }
            }
        }
    }

    @Test func rendersRecordsAsIITGlueDoes() async throws {
        try await withSandbox { _, client in
            let json = try await client.get("/organizations/200001/relationships/configurations").json
            let record = json["data"][0]
            #expect(record["type"].string == "configurations")
            #expect(record["id"].string == "3101")
            #expect(record["attributes"]["organization-id"].int == 200001)
            #expect(record["attributes"]["organization-name"].string == "Happy Frog")
            #expect(record["attributes"]["archived"].bool == false)
        }
    }

    @Test func filtersArchivedConfigurationsAndPasswords() async throws {
        try await withSandbox { _, client in
            func count(_ path: String, _ archived: String?) async throws -> Int? {
                try await client.get(
                    path,
                    archived.map { [("filter[archived]", $0), ("page[size]", "1")] } ?? [("page[size]", "1")]
                )
                .json["meta"]["total-count"].int
            }
            let actual29 = try await count("/organizations/200001/relationships/passwords", nil)
            #expect(actual29 == 3)
            let actual28 = try await count("/organizations/200001/relationships/passwords", "true")
            #expect(actual28 == 1)
            let actual27 = try await count("/organizations/200001/relationships/passwords", "false")
            #expect(actual27 == 2)
            let actual26 = try await count("/organizations/200010/relationships/configurations", "1")
            #expect(actual26 == 100)
            let actual25 = try await client.get(
                "/organizations/200001/relationships/contacts",
                [("filter[archived]", "true")]
            ).status
            #expect(actual25 == 400)
        }
    }

    @Test func pagesPastOneThousand() async throws {
        try await withSandbox { _, client in
            let path = "/organizations/200010/relationships/configurations"
            let first = try await client.get(path, [("page[size]", "1000")]).json
            #expect(first["meta"]["total-count"].int == 1500)
            #expect(first["meta"]["total-pages"].int == 2)
            #expect(first["meta"]["next-page"].int == 2)
            #expect(first["data"].array.count == 1000)
            let next = try #require(first["links"]["next"].string)
            let secondReply = try await client.send("GET", String(next.dropFirst(client.baseURL.absoluteString.count)))
            let second = secondReply.json
            #expect(second["meta"]["current-page"].int == 2)
            #expect(second["meta"]["next-page"].isNull)
            #expect(second["data"].array.count == 500)
            let ids = Set((first["data"].array + second["data"].array).compactMap { $0["id"].string })
            #expect(ids.count == 1500)
        }
    }

    @Test func answersNestedRoutesOfAMissingOrganizationWith404() async throws {
        try await withSandbox { _, client in
            let actual24 = try await client.get("/organizations/999999/relationships/configurations").status
            #expect(actual24 == 404)
            let actual23 = try await client.get("/organizations/123456/relationships/widgets").status
            #expect(actual23 == 404)
        }
    }

    @Test func requiresTheFlexibleAssetTypeFilter() async throws {
        try await withSandbox { _, client in
            let reply = try await client.get("/flexible_assets", [("filter[organization_id]", "123456")])
            #expect(reply.status == 422)
            #expect(
                try reply.document
                    == JSONValue(
                        parsing:
                            #"{"errors":[{"status":422,"title":"Cannot index flexible assets without providing a flexible asset type ID filter","source":{"pointer":null}}]}"#
                    )
            )
        }
    }

    @Test func countsFlexibleAssetsPerTypeInBothFilterSpellings() async throws {
        try await withSandbox { _, client in
            let types = try await client.get("/flexible_asset_types").json
            let typeIDs = types["data"].array.compactMap { $0["id"].string }
            #expect(typeIDs == ["1001", "1002", "1003"])
            #expect(types["data"][0]["type"].string == "flexible-asset-types")
            var total = 0
            for typeID in typeIDs {
                let snake = try await client.get(
                    "/flexible_assets",
                    [
                        ("filter[flexible_asset_type_id]", typeID), ("filter[organization_id]", "123456"),
                        ("page[size]", "1"),
                    ]
                ).json
                let kebab = try await client.get(
                    "/flexible_assets",
                    [
                        ("filter[flexible-asset-type-id]", typeID), ("filter[organization-id]", "123456"),
                        ("page[size]", "1"),
                    ]
                ).json
                #expect(snake["meta"]["total-count"].int == kebab["meta"]["total-count"].int)
                total += snake["meta"]["total-count"].int ?? 0
            }
            #expect(total == 12)
            let other = try await client.get(
                "/flexible_assets",
                [("filter[flexible_asset_type_id]", "1001"), ("filter[organization_id]", "200001")]
            ).json
            #expect(other["meta"]["total-count"].int == 0)
            let asset = try await client.get("/flexible_assets", [("filter[flexible_asset_type_id]", "1003")]).json[
                "data"
            ][0]
            #expect(asset["type"].string == "flexible-assets")
            #expect(asset["attributes"]["flexible-asset-type-id"].int == 1003)
        }
    }

    @Test func exportsGetADownloadURLAfterTheDelay() async throws {
        try await withSandbox(configuration: configured { $0.exportDelay = .seconds(2) }) { sandbox, client in
            let body =
                #"{"data":{"type":"exports","attributes":{"organization-id":123456,"include-logs":true,"zip-password":"s3cret"}}}"#
            let created = try await client.send("POST", "/exports", body: body)
            #expect(created.status == 201)
            let export = created.json["data"]
            #expect(export["type"].string == "exports")
            #expect(export["attributes"]["organization-id"].int == 123456)
            #expect(export["attributes"]["include-logs"].bool == true)
            #expect(export["attributes"]["download-url"].isNull)
            let id = try #require(export["id"].string)
            var downloadURL: String?
            while downloadURL == nil {
                try await Task.sleep(for: .milliseconds(50))
                downloadURL = try await client.get("/exports/\(id)").json["data"]["attributes"]["download-url"].string
            }
            #expect(downloadURL?.hasSuffix(".zip") == true)
            #expect(!sandbox.requestLog().contains { $0.body.contains("s3cret") })
            #expect(try await client.get("/exports/999").status == 404)
            let unknown = try await client.send(
                "POST",
                "/exports",
                body: #"{"data":{"type":"exports","attributes":{"organization-id":424242}}}"#
            )
            #expect(unknown.status == 422)
            #expect(unknown.json["errors"][0]["title"].string == "Valid organization_id is required")
        }
    }
}
