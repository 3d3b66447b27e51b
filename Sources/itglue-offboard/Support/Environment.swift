import AMQP
import Foundation
import ITGlue
import Logging
import Offboarding

/// The process environment, and the configuration the design's variables describe. Every problem is one
/// clear line (a ``ConfigurationError``) naming the variable; secrets never appear in it.
struct Environment: Sendable {
    private let values: [String: String]

    init(_ values: [String: String]) {
        self.values = values
    }

    /// The variable's value; empty counts as unset.
    subscript(name: String) -> String? {
        guard let value = self.values[name], !value.isEmpty else { return nil }
        return value
    }

    var logger: Logger {
        let level = self["OFFBOARD_LOG_LEVEL"].flatMap(Logger.Level.init(name:)) ?? .info
        return Logger(label: "itglue-offboard", level: level)
    }

    func amqpConfiguration(url override: String? = nil) throws -> AMQPConfiguration {
        let url = override ?? self["AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672/%2f"
        do {
            var configuration = try AMQPConfiguration(url: url)
            configuration.connectionName = "itglue-offboard \(ProcessInfo.processInfo.hostName)"
            return configuration
        } catch {
            throw ConfigurationError("AMQP_URL: \(error)")
        }
    }

    var stateDirectory: String { self["OFFBOARD_STATE_DIR"] ?? "./state" }

    func policy() throws -> OffboardingPolicy {
        guard let path = self["OFFBOARD_POLICY"] else { return .builtInDefault }
        do {
            return try OffboardingPolicy.load(contentsOf: path)
        } catch {
            throw ConfigurationError("OFFBOARD_POLICY: \(error)")
        }
    }

    func concurrency() throws -> Int {
        guard let text = self["OFFBOARD_CONCURRENCY"] else { return 4 }
        guard let value = Int(text), (1...1000).contains(value) else {
            throw ConfigurationError("OFFBOARD_CONCURRENCY must be an integer from 1 to 1000, not '\(text)'")
        }
        return value
    }

    /// `host:port` of the metrics and health listener; `nil` when set to `off`.
    func metricsAddress() throws -> (host: String, port: Int)? {
        let text = self["OFFBOARD_METRICS_ADDR"] ?? "127.0.0.1:9464"
        if text == "off" { return nil }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw ConfigurationError("OFFBOARD_METRICS_ADDR must be HOST:PORT or 'off', not '\(text)'")
        }
        return (String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port)
    }

    /// IT Glue from `ITGLUE_API_KEY`/`ITGLUE_API_KEY_FILE` and `ITGLUE_BASE_URL`/`ITGLUE_REGION`.
    func itglueConfiguration() throws -> ITGlueConfiguration {
        let key: String
        if let direct = self["ITGLUE_API_KEY"] {
            key = direct
        } else if let path = self["ITGLUE_API_KEY_FILE"] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ConfigurationError("ITGLUE_API_KEY_FILE: cannot read \(path)")
            }
            key = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else { throw ConfigurationError("ITGLUE_API_KEY_FILE: \(path) is empty") }
        } else {
            throw ConfigurationError("ITGLUE_API_KEY or ITGLUE_API_KEY_FILE is required (or run with --sandbox)")
        }
        let baseURL: URL
        if let text = self["ITGLUE_BASE_URL"] {
            guard let url = URL(string: text), ["https", "http"].contains(url.scheme ?? ""), url.host != nil else {
                throw ConfigurationError("ITGLUE_BASE_URL must be an http(s) URL, not '\(text)'")
            }
            baseURL = url
        } else {
            let region = self["ITGLUE_REGION"] ?? "us"
            guard let url = ITGlueConfiguration.baseURL(region: region) else {
                throw ConfigurationError("ITGLUE_REGION must be us, eu or au, not '\(region)'")
            }
            baseURL = url
        }
        var configuration = ITGlueConfiguration(baseURL: baseURL, apiKey: key)
        configuration.rateLimit = try self.rateLimit()
        return configuration
    }

    func rateLimit() throws -> Int {
        guard let text = self["ITGLUE_RATE_LIMIT"] else { return 3000 }
        guard let value = Int(text), value > 0 else {
            throw ConfigurationError(
                "ITGLUE_RATE_LIMIT must be a positive integer (requests per 5 minutes), not '\(text)'"
            )
        }
        return value
    }
}
