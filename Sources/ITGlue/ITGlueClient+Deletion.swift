import Foundation
import JSONSchema
import Logging

extension ITGlueClient {
    /// Deletes organizations by id: `DELETE /organizations` with the body
    /// `{"data":[{"type":"organizations","attributes":{"id":<number>}}, …]}` and no query string at all.
    ///
    /// IT Glue's bulk destroy also accepts `filter[...]` parameters instead of ids; one dropped or wrong filter
    /// could delete many organizations, so this method never sends a query and checks, before sending, that the
    /// URL it built has none.
    ///
    /// Retries: a repeated DELETE of explicit ids cannot delete anything else, but it can make a success look like
    /// a failure (the second attempt may answer 404 for an organization the first one already deleted). So the
    /// request is sent again only when the first attempt provably was not acted upon: the connection was refused
    /// or the name did not resolve (nothing left this machine), or IT Glue answered 429 or 503 (it refused to
    /// serve it). After a timeout, a reset connection or another 5xx the outcome is unknown: the error is thrown
    /// (`connection` or `server`) and the caller must verify with ``organization(id:)``, as the engine does.
    ///
    /// - Parameter ids: IT Glue ids, each a non-empty string of digits, no duplicates.
    /// - Returns: The ids IT Glue marked for deletion, which are exactly `ids` (deletion itself may take a while:
    ///   an organization can stay visible for some time).
    /// - Throws: `invalidRequest` without sending for an empty list, a malformed or repeated id;
    ///   `deletionMismatch` when the 200 answer does not name exactly the ids sent; any other ``ITGlueError``.
    public func deleteOrganizations(ids: [String]) async throws -> [String] {
        guard !ids.isEmpty else {
            throw ITGlueError(code: .invalidRequest, message: "No organization ids to delete")
        }
        for id in ids { try Self.validate(id: id) }
        guard Set(ids).count == ids.count else {
            throw ITGlueError(code: .invalidRequest, message: "Repeated organization ids: \(ids)")
        }
        let items = ids.map { #"{"type":"organizations","attributes":{"id":\#($0)}}"# }
        let body = #"{"data":[\#(items.joined(separator: ","))]}"#
        let request = ITGlueRequest(method: .delete, path: "/organizations", body: Data(body.utf8))
        guard request.query.isEmpty, request.percentEncodedQuery == nil, !request.path.contains("?") else {
            throw ITGlueError(code: .invalidRequest, message: "Refusing a DELETE with a query string")
        }
        self.logger.info(
            "Deleting IT Glue organizations",
            metadata: [ITGlueLoggingKeys.organizationID: ids.joined(separator: ",")]
        )
        let document = try await self.transport.send(request)
        guard let data = document["data"]?.arrayValue else {
            throw ITGlueError(
                code: .deletionMismatch,
                status: 200,
                message: "DELETE /organizations answered without a data array; sent \(ids)"
            )
        }
        let answered = data.compactMap { $0["id"]?.lenientString ?? $0["attributes"]?["id"]?.lenientString }
        guard answered.count == data.count, answered.count == ids.count, Set(answered) == Set(ids) else {
            throw ITGlueError(
                code: .deletionMismatch,
                status: 200,
                message: "DELETE /organizations answered ids \(answered.sorted()) for \(ids.sorted())"
            )
        }
        return ids
    }
}

extension ITGlueClient {
    /// Polls `GET /organizations/:id` every `interval` until IT Glue answers 404, because deletion is asynchronous:
    /// an organization marked for deletion stays visible for a while.
    ///
    /// - Returns: Whether the organization was gone within `timeout` (false: still visible, deletion pending).
    /// - Throws: Any error of ``organization(id:)``; a 404 without a JSON body is such an error, not a deletion.
    public func waitUntilDeleted(id: String, timeout: Duration, interval: Duration) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if try await self.organization(id: id) == nil { return true }
            guard clock.now + interval <= deadline else { return false }
            try await Task.sleep(for: interval)
        }
    }
}
