import Foundation
import ITGlue
import ITGlueSandbox
import Logging
import Offboarding

/// The IT Glue a command talks to: the real one from the environment, or the embedded sandbox (`--sandbox`),
/// which then lives as long as this value.
struct ITGlueTarget {
    let configuration: ITGlueConfiguration
    let sandbox: ITGlueSandbox?

    init(isSandbox: Bool, sandboxPort: Int?, environment: Environment, logger: Logger) throws {
        guard isSandbox else {
            self.configuration = try environment.itglueConfiguration()
            self.sandbox = nil
            return
        }
        let rateLimit = try environment.rateLimit()
        let settings = SandboxConfiguration()
        let sandbox = ITGlueSandbox(dataset: .demo, configuration: settings, logger: logger.withLabel("sandbox"))
        let baseURL: URL
        do {
            baseURL = try sandbox.start(host: "127.0.0.1", port: sandboxPort ?? 0)
        } catch {
            throw ConfigurationError("sandbox: \(error)")
        }
        logger.info("Embedded IT Glue sandbox", metadata: ["itglue.base_url": baseURL.absoluteString])
        var configuration = ITGlueConfiguration(baseURL: baseURL, apiKey: settings.apiKey)
        configuration.rateLimit = rateLimit
        self.configuration = configuration
        self.sandbox = sandbox
    }

    func makeClient(logger: Logger) -> ITGlueClient {
        ITGlueClient(configuration: self.configuration, logger: logger.withLabel("itglue"))
    }

    /// The engine with the audit log and archive under `OFFBOARD_STATE_DIR`.
    func makeOffboarder(policy: OffboardingPolicy, environment: Environment, logger: Logger) throws -> Offboarder {
        let directory = environment.stateDirectory
        let auditLog: AuditLog
        do {
            auditLog = try AuditLog(directory: directory)
        } catch {
            throw ConfigurationError("OFFBOARD_STATE_DIR: \(error)")
        }
        return try Offboarder(
            client: self.makeClient(logger: logger),
            policy: policy,
            auditLog: auditLog,
            archive: ArchiveWriter(directory: directory),
            logger: logger.withLabel("offboarding")
        )
    }
}
