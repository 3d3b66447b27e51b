import ITGlue

/// A request that ends before any policy is applied; carries its result.
struct ResolutionFailure: Error {
    var result: OffboardingResult
}

extension Offboarder {
    /// Finds the one organization a request names. By id first; a name resolves only by exact match to
    /// exactly one organization; when both are given they must agree.
    func resolve(_ request: OffboardingRequest) async -> Result<ITGlueOrganization, ResolutionFailure> {
        do {
            if let id = request.organizationID {
                guard let organization = try await self.client.organization(id: id) else {
                    if !request.isDryRun,
                        let replay = self.alreadyDeletedResult(
                            organizationID: id,
                            name: request.organizationName,
                            isStillVisible: false
                        )
                    {
                        return .failure(ResolutionFailure(result: replay))
                    }
                    return .failure(Self.notFound("No organization matches the provided identifier (org_id \(id))"))
                }
                if let name = request.organizationName, name != organization.name {
                    return .failure(
                        ResolutionFailure(
                            result: .failure(
                                .invalidIdentifier,
                                "org_id \(id) is named '\(organization.name)', not '\(name)'"
                            )
                        )
                    )
                }
                return .success(organization)
            }
            guard let name = request.organizationName else {
                return .failure(
                    ResolutionFailure(result: .failure(.invalidIdentifier, "org_id or org_name is required"))
                )
            }
            let matches = try await self.client.organizations(named: name)
            switch matches.count {
            case 0:
                return .failure(Self.notFound("No organization matches the provided identifier (org_name '\(name)')"))
            case 1:
                return .success(matches[0])
            default:
                let ids = matches.map(\.id).sorted().joined(separator: ", ")
                return .failure(
                    ResolutionFailure(
                        result: .failure(
                            .invalidIdentifier,
                            "org_name '\(name)' is ambiguous: \(matches.count) organizations (ids \(ids)); use org_id"
                        )
                    )
                )
            }
        } catch {
            return .failure(ResolutionFailure(result: Self.result(for: error)))
        }
    }

    private static func notFound(_ message: String) -> ResolutionFailure {
        ResolutionFailure(result: .failure(.organizationNotFound, message))
    }

    /// Maps an error from IT Glue (or the state directory) to its result.
    static func result(for error: any Error) -> OffboardingResult {
        guard let error = error as? ITGlueError else {
            return .failure(.itGlueConnectionError, "IT Glue request failed: \(error)")
        }
        if error.code == .permissionDenied {
            return .failure(.permissionDenied, "IT Glue refused the API key: \(error.message)")
        }
        if error.code == .notFound {
            return .failure(.organizationNotFound, "IT Glue: \(error.message)")
        }
        if error.code == .exportTimedOut {
            return .failure(
                .deletionBlocked,
                "the IT Glue export did not finish, nothing was deleted: \(error.message)"
            )
        }
        if error.code == .invalidRequest {
            return .failure(.deletionBlocked, "IT Glue refused the request: \(error.message)")
        }
        return .failure(.itGlueConnectionError, "IT Glue is unreachable or failing: \(error.message)")
    }
}
