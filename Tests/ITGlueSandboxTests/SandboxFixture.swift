import Foundation
import ITGlueSandbox

/// Runs `body` against a started sandbox and stops it afterwards.
func withSandbox(
    dataset: SandboxDataset = .demo,
    configure: (inout SandboxConfiguration) -> Void = { _ in },
    timeout: TimeInterval = 30,
    _ body: (ITGlueSandbox, SandboxHTTPClient) async throws -> Void
) async throws {
    var configuration = SandboxConfiguration()
    configure(&configuration)
    let sandbox = ITGlueSandbox(dataset: dataset, configuration: configuration)
    let baseURL = try sandbox.start()
    defer { sandbox.stop() }
    try await body(sandbox, SandboxHTTPClient(baseURL: baseURL, timeout: timeout))
}

/// `{"data":[{"type":"organizations","attributes":{"id":<id>}}, ...]}`.
func bulkDeleteBody(_ ids: [String]) -> String {
    let items = ids.map { #"{"type":"organizations","attributes":{"id":\#($0)}}"# }
    return #"{"data":[\#(items.joined(separator: ","))]}"#
}
