import Foundation
import ITGlueSandbox

/// Runs `body` against a started sandbox and stops it afterwards.
func withSandbox(
    dataset: SandboxDataset = .demo,
    configuration: SandboxConfiguration = .init(),
    timeout: TimeInterval = 30,
    _ body: (ITGlueSandbox, SandboxHTTPClient) async throws -> Void
) async throws {
    let sandbox = ITGlueSandbox(dataset: dataset, configuration: configuration)
    let baseURL = try sandbox.start()
    defer { sandbox.stop() }
    try await body(sandbox, SandboxHTTPClient(baseURL: baseURL, timeout: timeout))
}

/// A sandbox configuration with `change` applied.
func configured(_ change: (inout SandboxConfiguration) -> Void) -> SandboxConfiguration {
    var configuration = SandboxConfiguration()
    change(&configuration)
    return configuration
}

/// `{"data":[{"type":"organizations","attributes":{"id":<id>}}, ...]}`.
func bulkDeleteBody(_ ids: [String]) -> String {
    let items = ids.map { #"{"type":"organizations","attributes":{"id":\#($0)}}"# }
    return #"{"data":[\#(items.joined(separator: ","))]}"#
}
