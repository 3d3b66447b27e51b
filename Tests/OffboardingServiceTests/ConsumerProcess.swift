import Foundation
import Testing

/// The `itglue-offboard` executable run as a child process (by default `consume`), so that a test can kill it
/// at a chosen moment.
final class ConsumerProcess: Sendable {
    static let executable: URL = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/itglue-offboard")
    }()

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: Self.executable.path) }

    private let process: Process

    /// Starts `itglue-offboard consume` with `environment` added to this process's environment.
    init(arguments: [String] = ["consume"], environment: [String: String]) throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    /// SIGKILL: no drain, no ack, nothing flushed. Safe to call again.
    func kill() {
        guard self.process.isRunning else { return }
        Foundation.kill(self.process.processIdentifier, SIGKILL)
        self.process.waitUntilExit()
    }

    /// Waits for the process to end by itself; returns the exit status.
    func waitForExit() -> Int32 {
        self.process.waitUntilExit()
        return self.process.terminationStatus
    }

    /// SIGTERM, then waits for the graceful exit; returns the exit status.
    func terminate() -> Int32 {
        self.process.terminate()
        self.process.waitUntilExit()
        return self.process.terminationStatus
    }
}

/// Polls `condition` every 50 ms until it holds or `timeout` passes.
func eventually(
    timeout: Duration = .seconds(30),
    _ condition: () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
