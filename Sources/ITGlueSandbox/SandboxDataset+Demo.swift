extension SandboxDataset {
    /// The built-in demo data. Its ids are fixed: tests across the project rely on them.
    ///
    /// | id | name | type, status | records |
    /// |---|---|---|---|
    /// | 1000 | Kraken Techs | Owner, Active, **primary** | none |
    /// | 123456 | Example Client | Customer, Active | 12 flexible assets (5 Email, 4 Wireless, 3 Applications), 4 configurations, 7 documents |
    /// | 200001 | Happy Frog | Customer, Inactive | 1 configuration, 2 contacts, 1 location, 3 passwords (1 archived), 1 domain, 1 expiration |
    /// | 200002, 200003 | Duplicate Co (both) | Customer, Active | none |
    /// | 200004 | Synced Corp | Customer, Active, PSA-synced (`manage`, external id `C-42`) | none |
    /// | 200005 | Parent Holdings | Customer, Active | none; parent of 200006 |
    /// | 200006 | Parent Holdings Branch | Customer, Active, parent 200005 | none |
    /// | 200007 | Internal IT | Internal, Active | none |
    /// | 200008 | Empty Org | Customer, Inactive | none |
    /// | 200009 | Comma, Inc | Customer, Active | 2 configurations |
    /// | 200010 | Big Client | Customer, Active | 1500 configurations (the last 100 archived), 60 documents |
    ///
    /// Types: Owner (1), Internal (3), Vendor (85), Customer (86). Statuses: Active (68), Inactive (69),
    /// Offboarded (70). Flexible asset types: Email (1001), Wireless (1002), Applications (1003).
    public static var demo: SandboxDataset {
        let owner = 1
        let internalType = 3
        let customer = 86
        let active = 68
        let inactive = 69
        func organization(_ id: String, _ name: String, type: Int = customer, status: Int = active) -> Organization {
            Organization(id: id, name: name, organizationTypeId: type, organizationStatusId: status)
        }
        func records(_ ids: ClosedRange<Int>, organization: String, name: String) -> [Record] {
            ids.enumerated().map { offset, id in
                Record(id: String(id), organizationId: organization, name: "\(name) \(offset + 1)")
            }
        }

        var kraken = organization("1000", "Kraken Techs", type: owner)
        kraken.isPrimary = true
        kraken.shortName = "kraken"
        var synced = organization("200004", "Synced Corp")
        synced.psaIntegrationType = "manage"
        synced.psaExternalId = "C-42"
        var branch = organization("200006", "Parent Holdings Branch")
        branch.parentId = "200005"
        var exampleClient = organization("123456", "Example Client")
        exampleClient.shortName = "example"

        var bigClientConfigurations = records(100_001...101_500, organization: "200010", name: "BC-WS")
        for index in 1400..<1500 {
            bigClientConfigurations[index].isArchived = true
        }
        var happyFrogPasswords = records(4201...4203, organization: "200001", name: "HF password")
        happyFrogPasswords[2].isArchived = true

        let flexibleAssetTypes = [
            FlexibleAssetType(id: "1001", name: "Email", description: "Mail systems"),
            FlexibleAssetType(id: "1002", name: "Wireless", description: "Wi-Fi networks"),
            FlexibleAssetType(id: "1003", name: "Applications", description: "Line-of-business applications"),
        ]
        let assetTypeOrder =
            Array(repeating: "1001", count: 5) + Array(repeating: "1002", count: 4)
            + Array(repeating: "1003", count: 3)
        let flexibleAssets = assetTypeOrder.enumerated().map { offset, typeID in
            FlexibleAsset(
                id: String(7001 + offset),
                organizationId: "123456",
                flexibleAssetTypeId: typeID,
                name: "Example asset \(offset + 1)"
            )
        }

        return SandboxDataset(
            organizationTypes: [
                NamedItem(id: "1", name: "Owner"), NamedItem(id: "3", name: "Internal"),
                NamedItem(id: "85", name: "Vendor"), NamedItem(id: "86", name: "Customer"),
            ],
            organizationStatuses: [
                NamedItem(id: "68", name: "Active"), NamedItem(id: "69", name: "Inactive"),
                NamedItem(id: "70", name: "Offboarded"),
            ],
            organizations: [
                kraken,
                exampleClient,
                organization("200001", "Happy Frog", status: inactive),
                organization("200002", "Duplicate Co"),
                organization("200003", "Duplicate Co"),
                synced,
                organization("200005", "Parent Holdings"),
                branch,
                organization("200007", "Internal IT", type: internalType),
                organization("200008", "Empty Org", status: inactive),
                organization("200009", "Comma, Inc"),
                organization("200010", "Big Client"),
            ],
            configurations: records(3001...3004, organization: "123456", name: "EC-SRV")
                + records(3101...3101, organization: "200001", name: "HF-SF-CJ452JK")
                + records(3201...3202, organization: "200009", name: "CI-LT")
                + bigClientConfigurations,
            contacts: records(4001...4002, organization: "200001", name: "HF contact"),
            locations: records(4101...4101, organization: "200001", name: "HF office"),
            passwords: happyFrogPasswords,
            domains: [Record(id: "4301", organizationId: "200001", name: "happyfrog.example")],
            documents: records(5001...5007, organization: "123456", name: "EC runbook")
                + records(5101...5160, organization: "200010", name: "BC document"),
            expirations: [Record(id: "4401", organizationId: "200001", name: "happyfrog.example")],
            flexibleAssetTypes: flexibleAssetTypes,
            flexibleAssets: flexibleAssets
        )
    }
}
