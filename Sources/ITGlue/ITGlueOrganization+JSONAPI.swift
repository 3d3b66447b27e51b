import JSONSchema

extension ITGlueOrganization {
    /// Reads an `organizations` resource object. `included` is the document's `included` array, consulted for
    /// adapters resources when the resource itself does not list them in `relationships`.
    init?(resource: JSONValue, included: [JSONValue] = []) {
        guard let id = resource["id"]?.lenientString, let attributes = resource["attributes"] else { return nil }
        self.init(
            id: id,
            name: attributes["name"]?.lenientString ?? "",
            isPrimary: attributes["primary"]?.lenientBool ?? false,
            organizationTypeID: attributes["organization-type-id"]?.lenientInt,
            organizationTypeName: attributes["organization-type-name"]?.lenientString,
            organizationStatusID: attributes["organization-status-id"]?.lenientInt,
            organizationStatusName: attributes["organization-status-name"]?.lenientString,
            shortName: attributes["short-name"]?.lenientString,
            parentID: attributes["parent-id"]?.lenientString,
            ancestorIDs: Self.ancestorIDs(attributes["ancestor-ids"]),
            isPSASynced: Self.hasAdaptersResources(resource: resource, id: id, included: included),
            createdAt: attributes["created-at"]?.lenientString,
            updatedAt: attributes["updated-at"]?.lenientString,
            attributesJSON: attributes.serialized()
        )
    }

    /// `ancestor-ids` is documented as a string holding a JSON array (`"[1,6]"`); accept a real array too.
    static func ancestorIDs(_ value: JSONValue?) -> [String] {
        switch value {
        case .array(let items):
            return items.compactMap(\.lenientString)
        case .string(let text):
            let digits = text.split { !$0.isNumber }
            return digits.map(String.init)
        default:
            return []
        }
    }

    private static func hasAdaptersResources(resource: JSONValue, id: String, included: [JSONValue]) -> Bool {
        let relationship =
            resource["relationships"]?["adapters-resources"]?["data"]
            ?? resource["relationships"]?["adapters_resources"]?["data"]
        if let items = relationship?.arrayValue, !items.isEmpty { return true }
        if case .object = relationship { return true }
        // A document about one organization: any adapters resource it includes belongs to it, unless it names
        // another owner.
        return included.contains { item in
            let type = item["type"]?.lenientString
            guard type == "adapters-resources" || type == "adapters_resources" else { return false }
            let owner = Self.adaptersResourceOwner(item)
            return owner == nil || owner == id
        }
    }

    /// The organization an included adapters resource says it belongs to: its `organization-id`, or its
    /// `resource-id` when its `resource-type` is an organization.
    static func adaptersResourceOwner(_ item: JSONValue) -> String? {
        let attributes = item["attributes"]
        if let owner = attributes?["organization-id"]?.lenientString { return owner }
        let resourceType = attributes?["resource-type"]?.lenientString?.lowercased() ?? ""
        return resourceType.hasPrefix("organization") ? attributes?["resource-id"]?.lenientString : nil
    }
}
