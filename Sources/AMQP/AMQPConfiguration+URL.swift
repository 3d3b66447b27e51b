import Foundation

extension AMQPConfiguration {
    /// Parses an AMQP URI: `amqp://user:pass@host:port/vhost` or `amqps://…` (TLS, default port 5671).
    ///
    /// User, password, host and virtual host are percent-decoded, so `%2f` is `/`. An empty path (or just `/`)
    /// means the virtual host `/`. Missing credentials default to `guest`/`guest`. The query parameters
    /// `heartbeat` (seconds), `connection_timeout` (milliseconds) and `cacertfile` are understood.
    ///
    /// - Throws: ``AMQPError`` with code ``AMQPError/Code/invalidURL`` naming the problem; the message never
    ///   contains the password.
    public init(url: String) throws {
        let redacted = Self.redact(url)
        func invalid(_ problem: String) -> AMQPError {
            AMQPError(.invalidURL, "Invalid AMQP URL \(redacted): \(problem)")
        }

        guard let schemeEnd = url.range(of: "://") else {
            throw invalid("expected amqp://user:password@host:port/vhost")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let isTLS: Bool
        switch scheme {
        case "amqp": isTLS = false
        case "amqps": isTLS = true
        default: throw invalid("scheme must be amqp or amqps, not '\(scheme)'")
        }

        var rest = Substring(url[schemeEnd.upperBound...])
        var query: Substring = ""
        if let questionMark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: questionMark)...]
            rest = rest[..<questionMark]
        }
        if let hash = rest.firstIndex(of: "#") {
            rest = rest[..<hash]
        }
        let authority: Substring
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        } else {
            authority = rest
        }

        var username = "guest"
        var password = "guest"
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            let userPart: Substring
            if let colon = userInfo.firstIndex(of: ":") {
                userPart = userInfo[..<colon]
                guard let decoded = Self.percentDecode(userInfo[userInfo.index(after: colon)...]) else {
                    throw invalid("the password has an invalid percent-encoding")
                }
                password = decoded
            } else {
                userPart = userInfo
            }
            guard let decodedUser = Self.percentDecode(userPart) else {
                throw invalid("the username has an invalid percent-encoding")
            }
            username = decodedUser
        }

        var host: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else {
                throw invalid("IPv6 host is missing ']'")
            }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let afterHost = hostPort[hostPort.index(after: close)...]
            if !afterHost.isEmpty {
                guard afterHost.hasPrefix(":") else { throw invalid("unexpected text after the IPv6 host") }
                portText = afterHost.dropFirst()
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = hostPort
        }
        guard let decodedHost = Self.percentDecode(host) else {
            throw invalid("the host has an invalid percent-encoding")
        }
        host = Substring(decodedHost.isEmpty ? "localhost" : decodedHost)

        var port = isTLS ? 5671 : 5672
        if let portText, !portText.isEmpty {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw invalid("port '\(portText)' is not a number from 1 to 65535")
            }
            port = value
        }

        var virtualHost = "/"
        if !path.isEmpty {
            guard !path.contains("/") else {
                throw invalid("the virtual host must be one path segment; write '/' as %2f")
            }
            guard let decoded = Self.percentDecode(path) else {
                throw invalid("the virtual host has an invalid percent-encoding")
            }
            virtualHost = decoded
        }

        self.init(
            host: String(host),
            port: port,
            virtualHost: virtualHost,
            username: username,
            password: password,
            isTLS: isTLS
        )
        try self.applyQuery(query, invalid: invalid)
    }

    private mutating func applyQuery(_ query: Substring, invalid: (String) -> AMQPError) throws {
        for item in query.split(separator: "&") where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            guard parts.count == 2, let value = Self.percentDecode(parts[1]) else {
                throw invalid("query parameter '\(key)' needs a value")
            }
            switch key {
            case "heartbeat":
                guard let seconds = Int(value), seconds >= 0 else {
                    throw invalid("heartbeat must be a whole number of seconds")
                }
                self.heartbeat = .seconds(seconds)
            case "connection_timeout":
                guard let milliseconds = Int(value), milliseconds > 0 else {
                    throw invalid("connection_timeout must be a positive number of milliseconds")
                }
                self.connectTimeout = .milliseconds(milliseconds)
            case "cacertfile":
                self.caCertificatePath = value
            default:
                throw invalid("unsupported query parameter '\(key)'")
            }
        }
    }

    /// The URL with everything between the first `:` of the user info and the last `@` replaced by `***`.
    static func redact(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "(not a URL)" }
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? url.endIndex
        let authority = url[schemeEnd.upperBound..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
            return url
        }
        return String(url[..<authority.index(after: colon)]) + "***" + String(url[at...])
    }

    static func percentDecode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue)
            else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func percentEncode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: false)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
