import Foundation
import HTTPServer
import JSONSchema
import Synchronization

extension ITGlueSandbox {
    /// Serves `/_sandbox/...`: sandbox-only control endpoints that need no API key. Answers are plain JSON.
    func handleControl(_ request: HTTPRequest) -> HTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/_sandbox/faults"):
            return .json(200, self.faultsJSON().serialized())
        case ("POST", "/_sandbox/faults"):
            guard let body = try? JSONValue(parsing: request.body), body.objectValue != nil
            else { return Self.controlError("The body must be a JSON object") }
            let faults: [SandboxFault]
            do {
                faults = try Self.faults(from: body)
            } catch {
                return Self.controlError(error.message)
            }
            for fault in faults {
                self.inject(fault)
            }
            return .json(200, self.faultsJSON().serialized())
        case ("DELETE", "/_sandbox/faults"):
            self.clearFaults()
            return .json(200, self.faultsJSON().serialized())
        case ("GET", "/_sandbox/requests"):
            let records = self.requestLog().map(Self.recordJSON)
            return .json(200, JSONValue.object(["requests": .array(records)]).serialized())
        case ("DELETE", "/_sandbox/requests"):
            self.clearRequestLog()
            return .json(200, JSONValue.object(["requests": .array([])]).serialized())
        case ("POST", "/_sandbox/reset"):
            self.reset()
            return .json(200, JSONValue.object(["reset": .bool(true)]).serialized())
        default:
            return .json(404, JSONValue.object(["error": .string("Unknown sandbox control endpoint")]).serialized())
        }
    }

    private struct ControlError: Error {
        let message: String
    }

    private static func controlError(_ message: String) -> HTTPResponse {
        .json(400, JSONValue.object(["error": .string(message)]).serialized())
    }

    /// Reads the faults of a `POST /_sandbox/faults` body; unknown keys are refused so typos do not pass silently.
    private static func faults(from body: JSONValue) throws(ControlError) -> [SandboxFault] {
        let known: Set<String> = [
            "latency_ms", "fail_next", "status", "body", "rate_limit_next", "drop_next", "hang_next", "truncate_next",
            "drop_after_next",
        ]
        if let unknown = body.objectValue?.keys.sorted().first(where: { !known.contains($0) }) {
            throw ControlError(
                message: "Unknown key \(unknown); expected one of \(known.sorted().joined(separator: ", "))"
            )
        }
        func count(_ key: String) throws(ControlError) -> Int? {
            guard let value = body[key] else { return nil }
            guard let number = value.integerValue, number >= 0 else {
                throw ControlError(message: "\(key) must be a non-negative integer")
            }
            return number
        }
        var faults: [SandboxFault] = []
        if let milliseconds = try count("latency_ms") {
            faults.append(.latency(.milliseconds(milliseconds)))
        }
        if let failures = try count("fail_next") {
            let status = try count("status") ?? 503
            guard (100...599).contains(status) else { throw ControlError(message: "status must be in 100...599") }
            var shape = SandboxFault.ErrorBody.jsonAPI
            if let name = body["body"] {
                guard let value = name.stringValue.flatMap(SandboxFault.ErrorBody.init(rawValue:)) else {
                    let names = SandboxFault.ErrorBody.allCases.map(\.rawValue).joined(separator: ", ")
                    throw ControlError(message: "body must be one of \(names)")
                }
                shape = value
            }
            faults.append(.failNext(failures, status: status, body: shape))
        }
        if let limited = try count("rate_limit_next") {
            faults.append(.rateLimitNext(limited))
        }
        if let drops = try count("drop_next") {
            faults.append(.dropNext(drops))
        }
        if let hangs = try count("hang_next") {
            faults.append(.hangNext(hangs))
        }
        if let dropsAfter = try count("drop_after_next") {
            faults.append(.dropAfterProcessingNext(dropsAfter))
        }
        if let truncations = try count("truncate_next") {
            faults.append(.truncateNext(truncations))
        }
        return faults
    }

    private func faultsJSON() -> JSONValue {
        let faults = self.state.withLock { $0.faults }
        let (seconds, attoseconds) = faults.latency.components
        let milliseconds: Int = Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        let members: [String: JSONValue] = [
            "latency_ms": .integer(milliseconds),
            "fail_next": .integer(faults.failRemaining),
            "status": .integer(faults.failStatus),
            "body": .string(faults.failBody.rawValue),
            "rate_limit_next": .integer(faults.rateLimitRemaining),
            "drop_next": .integer(faults.dropRemaining),
            "hang_next": .integer(faults.hangRemaining),
            "truncate_next": .integer(faults.truncateRemaining),
            "drop_after_next": .integer(faults.dropAfterProcessingRemaining),
        ]
        return .object(members)
    }

    private static func recordJSON(_ record: SandboxRequestRecord) -> JSONValue {
        .object([
            "time": .string(record.date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
            "method": .string(record.method),
            "path": .string(record.path),
            "query": .array(record.query.map { .array([.string($0.name), .string($0.value)]) }),
            "body": .string(record.body),
            "status": .optional(record.status),
            "fault": .optional(record.fault),
            "has_api_key": .bool(record.hasAPIKey),
            "api_key_valid": .bool(record.isAPIKeyValid),
        ])
    }
}
