import Glibc

/// Serves the requests of one accepted connection, on that connection's thread.
struct HTTPConnection {
    private let socket: Int32
    private let server: HTTPServer
    /// Bytes received but not consumed yet (the start of a pipelined request, or a partial head).
    private var buffer: [UInt8] = []

    private var configuration: HTTPServer.Configuration { self.server.configuration }

    init(socket: Int32, server: HTTPServer) {
        self.socket = socket
        self.server = server
    }

    /// Reads, answers and repeats until the connection closes, times out, or the server stops.
    mutating func run() {
        while self.server.isRunning {
            guard let outcome = self.serveOne(), outcome == .keepAlive else { return }
        }
    }

    private enum Outcome {
        case keepAlive
        case close
    }

    // MARK: - One request

    private mutating func serveOne() -> Outcome? {
        let headEnd: Int
        switch self.readHead() {
        case .complete(let end): headEnd = end
        case .closed: return nil
        case .requestLineTooLong: return self.reject(414, "Request line too long")
        case .headerTooLarge: return self.reject(431, "Request header fields too large")
        case .timedOut(let hadPartialRequest):
            return hadPartialRequest ? self.reject(408, "Request timeout") : nil
        }
        let head: HTTPRequestHead
        do {
            head = try HTTPRequestHead(
                bytes: self.buffer[0..<headEnd],
                maximumHeaderCount: self.configuration.maximumHeaderCount
            )
        } catch .tooManyHeaders {
            return self.reject(431, "Too many header fields")
        } catch .unsupportedVersion {
            return self.reject(505, "HTTP version not supported")
        } catch {
            return self.reject(400, "Malformed request")
        }
        self.buffer.removeFirst(headEnd + 4)

        if head.header("transfer-encoding") != nil {
            return self.reject(411, "Chunked request bodies are not supported; send Content-Length")
        }
        let lengths = Set(head.headerValues("content-length"))
        guard lengths.count <= 1 else { return self.reject(400, "Conflicting Content-Length") }
        var bodyLength = 0
        if let length = lengths.first {
            guard !length.isEmpty, length.utf8.allSatisfy({ (48...57).contains($0) }), let value = Int(length) else {
                return self.reject(400, "Invalid Content-Length")
            }
            bodyLength = value
        }
        guard bodyLength <= self.configuration.maximumBodyBytes else {
            return self.reject(413, "Request body too large")
        }
        if bodyLength > 0, head.header("expect")?.lowercased() == "100-continue", self.buffer.isEmpty {
            HTTPServer.writeAll(self.socket, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        guard let body = self.readBody(length: bodyLength) else { return nil }

        let connectionTokens = (head.header("connection") ?? "").lowercased()
            .split(separator: ",").map { $0.trimmingCharacters(in: " \t") }
        let isKeepAlive =
            head.isHTTP10 ? connectionTokens.contains("keep-alive") : !connectionTokens.contains("close")

        let request = HTTPRequest(
            method: head.method,
            path: head.path,
            query: head.query,
            headers: head.headers,
            body: body
        )
        let response = self.server.respond(to: request)
        switch response.disposition {
        case .drop:
            return .close
        case .hold:
            self.holdUntilClosed()
            return .close
        case .truncate:
            let bytes = HTTPServer.serialize(response, isClosing: true)
            HTTPServer.writeAll(self.socket, Array(bytes.dropLast((response.body.count + 1) / 2)))
            return .close
        case .send:
            let isClosing = !isKeepAlive || !self.server.isRunning
            let bytes = HTTPServer.serialize(response, isClosing: isClosing, isHeadRequest: head.method == "HEAD")
            guard HTTPServer.writeAll(self.socket, bytes) else { return .close }
            return isClosing ? .close : .keepAlive
        }
    }

    /// Answers an unusable request and closes, since the rest of the stream cannot be trusted.
    private func reject(_ status: Int, _ message: String) -> Outcome {
        HTTPServer.writeAll(self.socket, HTTPServer.serialize(.text(status, message + "\n"), isClosing: true))
        return .close
    }

    // MARK: - Reading

    private enum HeadResult {
        case complete(end: Int)
        case closed
        case timedOut(hadPartialRequest: Bool)
        case requestLineTooLong
        case headerTooLarge
    }

    /// Reads until the buffer holds a full head (ending in CRLF CRLF) and returns where it ends.
    private mutating func readHead() -> HeadResult {
        var searchStart = 0
        while true {
            if let end = Self.find(Self.headTerminator, in: self.buffer, from: searchStart) {
                if let lineEnd = self.buffer.firstIndex(of: UInt8(ascii: "\n")),
                    lineEnd > self.configuration.maximumRequestLineBytes
                {
                    return .requestLineTooLong
                }
                return end + 4 > self.configuration.maximumHeaderBytes + 4 ? .headerTooLarge : .complete(end: end)
            }
            let lineEnd = self.buffer.firstIndex(of: UInt8(ascii: "\n"))
            if lineEnd == nil, self.buffer.count > self.configuration.maximumRequestLineBytes {
                return .requestLineTooLong
            }
            if self.buffer.count > self.configuration.maximumHeaderBytes + 4 {
                return lineEnd.map { $0 > self.configuration.maximumRequestLineBytes } == true
                    ? .requestLineTooLong : .headerTooLarge
            }
            searchStart = max(0, self.buffer.count - 3)
            switch self.receive() {
            case .data: continue
            case .closed: return .closed
            case .timedOut: return .timedOut(hadPartialRequest: !self.buffer.isEmpty)
            }
        }
    }

    private mutating func readBody(length: Int) -> [UInt8]? {
        while self.buffer.count < length {
            guard case .data = self.receive() else { return nil }
        }
        let body = Array(self.buffer[0..<length])
        self.buffer.removeFirst(length)
        return body
    }

    private enum ReceiveResult {
        case data
        case closed
        case timedOut
    }

    /// Waits up to the idle timeout for bytes and appends them to the buffer.
    private mutating func receive() -> ReceiveResult {
        let timeout = Int32(clamping: HTTPServer.nanoseconds(self.configuration.idleTimeout) / 1_000_000)
        var descriptor = pollfd(fd: self.socket, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&descriptor, 1, timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                return .closed
            }
            if ready == 0 { return .timedOut }
            break
        }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(self.socket, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return .closed }
            self.buffer.append(contentsOf: chunk[0..<count])
            return .data
        }
    }

    /// Keeps the connection open, discarding input, until the peer closes or the server stops.
    private func holdUntilClosed() {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(self.socket, $0.baseAddress, $0.count, 0) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return }
        }
    }

    private static let headTerminator: [UInt8] = [13, 10, 13, 10]

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count)
        where haystack[index] == needle[0] && haystack[index + 1] == needle[1] && haystack[index + 2] == needle[2]
            && haystack[index + 3] == needle[3]
        {
            return index
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        let set = Set(characters)
        guard let first = self.firstIndex(where: { !set.contains($0) }),
            let last = self.lastIndex(where: { !set.contains($0) })
        else { return "" }
        return String(self[first...last])
    }
}
