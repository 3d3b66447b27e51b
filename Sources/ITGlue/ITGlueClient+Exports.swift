import Foundation
import JSONSchema

extension ITGlueClient {
    /// Starts an export of one organization (`POST /exports`), IT Glue's backup before a delete.
    ///
    /// A POST is not idempotent (a repeat makes a second export), so it is retried only when the first attempt
    /// provably was not acted upon (refused connection, 429, 503).
    public func createExport(organizationID: String) async throws -> ITGlueExport {
        try Self.validate(id: organizationID)
        // The id goes in as a JSON number, as IT Glue's examples show; `validate` guarantees it is plain digits.
        let body =
            #"{"data":{"type":"exports","attributes":{"organization-id":\#(organizationID),"include-logs":false}}}"#
        let document = try await self.transport.send(
            ITGlueRequest(method: .post, path: "/exports", body: Data(body.utf8))
        )
        return try Self.export(from: document, context: "POST /exports")
    }

    /// The current state of an export (`GET /exports/:id`).
    public func export(id: String) async throws -> ITGlueExport {
        try Self.validate(id: id)
        let document = try await self.transport.send(ITGlueRequest(method: .get, path: "/exports/\(id)"))
        return try Self.export(from: document, context: "GET /exports/\(id)")
    }

    /// Polls an export every `interval` until it is ready.
    ///
    /// - Throws: `exportTimedOut` when it is not ready after `timeout`; any error of ``export(id:)``.
    public func waitForExport(id: String, timeout: Duration, interval: Duration) async throws -> ITGlueExport {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let export = try await self.export(id: id)
            if export.isReady { return export }
            guard clock.now + interval <= deadline else {
                throw ITGlueError(code: .exportTimedOut, message: "Export \(id) was not ready after \(timeout)")
            }
            try await Task.sleep(for: interval)
        }
    }

    private static func export(from document: JSONValue, context: String) throws -> ITGlueExport {
        guard let resource = document["data"], let id = resource["id"]?.lenientString else {
            throw ITGlueError(code: .invalidResponse, message: "\(context) returned no export")
        }
        let attributes = resource["attributes"]
        let downloadURL = attributes?["download-url"]?.lenientString.flatMap { $0.isEmpty ? nil : $0 }
        let status = attributes?["status"]?.lenientString?.lowercased()
        let isDone = status.map { ["completed", "complete", "done", "ready", "finished"].contains($0) } ?? false
        return ITGlueExport(
            id: id,
            organizationID: attributes?["organization-id"]?.lenientString,
            downloadURL: downloadURL,
            isReady: downloadURL != nil || isDone
        )
    }
}
