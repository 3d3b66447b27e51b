import Foundation
import FoundationNetworking
import HTTPServer
import Synchronization
import Testing

@Suite("HTTPServer over loopback")
struct HTTPServerTests {
    /// Echoes method, path, query and body, so tests can see what the server parsed.
    private static func makeEchoServer(
        _ configure: (inout HTTPServer.Configuration) -> Void = { _ in }
    ) throws -> (HTTPServer, Int) {
        var configuration = HTTPServer.Configuration()
        configure(&configuration)
        let server = HTTPServer(configuration: configuration) { request in
            if request.path == "/drop" { return .dropConnection }
            if request.path == "/hold" { return .holdConnection }
            if request.path == "/truncate" { return .truncated(.text(200, "0123456789")) }
            if request.path == "/sleep" {
                try? await Task.sleep(for: .seconds(600))
                return .text(200, "woke")
            }
            let query = request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
            let text =
                "\(request.method) \(request.path) ?\(query) agent=\(request.header("USER-AGENT") ?? "-") body=\(request.bodyText)"
            return .text(200, text)
        }
        let port = try server.start()
        return (server, port)
    }

    @Test func answersOverURLSessionWithDecodedPathAndQuery() async throws {
        let (server, port) = try Self.makeEchoServer()
        defer { server.stop() }
        #expect(server.port == port)
        let url = try #require(
            URL(string: "http://127.0.0.1:\(port)/a%20b/c?filter%5Bname%5D=Comma%5C%2C%20Inc&x=1+2&x=3")
        )
        let (data, response) = try await URLSession.shared.data(from: url)
        let http = try #require(response as? HTTPURLResponse)
        #expect(http.statusCode == 200)
        #expect(
            String(decoding: data, as: UTF8.self).hasPrefix(#"GET /a b/c ?filter[name]=Comma\, Inc&x=1 2&x=3 agent="#)
        )
    }

    @Test func keepsAliveForTwoRequestsOnOneConnection() async throws {
        let (server, port) = try Self.makeEchoServer()
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        connection.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = try #require(await connection.readResponse())
        #expect(first.head.hasPrefix("HTTP/1.1 200 OK"))
        #expect(!first.head.contains("Connection: close"))
        #expect(first.body.hasPrefix("GET /one"))
        connection.send("POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello")
        let second = try #require(await connection.readResponse())
        #expect(second.body.hasPrefix("POST /two") && second.body.hasSuffix("body=hello"))
        #expect(second.head.contains("Connection: close"))
    }

    @Test func servesPipelinedRequestsInOrder() async throws {
        let (server, port) = try Self.makeEchoServer()
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        connection.send("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await connection.readResponse()?.body.hasPrefix("GET /1") == true)
        #expect(await connection.readResponse()?.body.hasPrefix("GET /2") == true)
    }

    @Test func refusesOversizedHeadersWith431() async throws {
        let (server, port) = try Self.makeEchoServer { $0.maximumHeaderBytes = 1024 }
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        connection.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 2000))\r\n\r\n")
        #expect(await connection.readToEnd().hasPrefix("HTTP/1.1 431 "))
    }

    @Test func refusesTooManyHeadersWith431() async throws {
        let (server, port) = try Self.makeEchoServer { $0.maximumHeaderCount = 10 }
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        let fields = (0..<11).map { "X-\($0): v\r\n" }.joined()
        connection.send("GET / HTTP/1.1\r\n\(fields)\r\n")
        #expect(await connection.readToEnd().hasPrefix("HTTP/1.1 431 "))
    }

    @Test func acceptsExactlyTheHeaderCountLimit() async throws {
        let (server, port) = try Self.makeEchoServer { $0.maximumHeaderCount = 10 }
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        let fields = (0..<9).map { "X-\($0): v\r\n" }.joined()
        connection.send("GET / HTTP/1.1\r\nConnection: close\r\n\(fields)\r\n")
        #expect(await connection.readToEnd().hasPrefix("HTTP/1.1 200 "))
    }

    @Test func refusesLongRequestLineWith414() async throws {
        let (server, port) = try Self.makeEchoServer { $0.maximumRequestLineBytes = 100 }
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        connection.send("GET /\(String(repeating: "a", count: 200)) HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await connection.readToEnd().hasPrefix("HTTP/1.1 414 "))
    }

    @Test func refusesLargeBodyWith413BeforeReadingIt() async throws {
        let (server, port) = try Self.makeEchoServer { $0.maximumBodyBytes = 10 }
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        connection.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n")
        #expect(await connection.readToEnd().hasPrefix("HTTP/1.1 413 "))
    }

    @Test func refusesChunkedBodyWith411() async throws {
        let (server, port) = try Self.makeEchoServer()
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        connection.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        #expect(await connection.readToEnd().hasPrefix("HTTP/1.1 411 "))
    }

    @Test(arguments: [
        "GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n", "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
        "GET noslash HTTP/1.1\r\n\r\n",
    ])
    func refusesMalformedRequestsWith400(request: String) async throws {
        let (server, port) = try Self.makeEchoServer()
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        connection.send(request)
        #expect(await connection.readToEnd().hasPrefix("HTTP/1.1 400 "))
    }

    @Test func refusesUnknownHTTPVersionWith505() async throws {
        let (server, port) = try Self.makeEchoServer()
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        connection.send("GET / HTTP/2.0\r\n\r\n")
        #expect(await connection.readToEnd().hasPrefix("HTTP/1.1 505 "))
    }

    @Test func closesHTTP10ConnectionsWithoutKeepAlive() async throws {
        let (server, port) = try Self.makeEchoServer()
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        connection.send("GET /old HTTP/1.0\r\n\r\n")
        let text = await connection.readToEnd()
        #expect(text.hasPrefix("HTTP/1.1 200 ") && text.contains("Connection: close"))
    }

    @Test func dropsTheConnectionWithoutAnswering() async throws {
        let (server, port) = try Self.makeEchoServer()
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        connection.send("GET /drop HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await connection.waitForClose())
    }

    @Test func truncatesTheBodyAndCloses() async throws {
        let (server, port) = try Self.makeEchoServer()
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        connection.send("GET /truncate HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = await connection.readToEnd()
        #expect(text.contains("Content-Length: 10\r\n"))
        #expect(text.hasSuffix("\r\n\r\n01234"))
    }

    @Test func closesAnIdleConnectionAfterTheIdleTimeout() async throws {
        let (server, port) = try Self.makeEchoServer { $0.idleTimeout = .milliseconds(100) }
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        connection.send("GET /first HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(await connection.readResponse() != nil)
        #expect(await connection.waitForClose())
    }

    @Test func answersExpectContinueBeforeTheBody() async throws {
        let (server, port) = try Self.makeEchoServer()
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        connection.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        let interim = try #require(await connection.readResponse())
        #expect(interim.head == "HTTP/1.1 100 Continue")
        connection.send("data")
        #expect(await connection.readResponse()?.body.hasSuffix("body=data") == true)
    }

    @Test func stopReturnsPromptlyWithHeldAndSleepingRequests() async throws {
        let (server, port) = try Self.makeEchoServer()
        let held = try RawConnection(port: port)
        held.send("GET /hold HTTP/1.1\r\nHost: x\r\n\r\n")
        let sleeping = try RawConnection(port: port)
        sleeping.send("GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n")
        let idle = try RawConnection(port: port)
        try await Task.sleep(for: .milliseconds(200))
        let clock = ContinuousClock()
        let start = clock.now
        server.stop()
        let elapsed = clock.now - start
        // Far below the 600 s sleep and the 5 s grace period: stop() woke every connection.
        #expect(elapsed < .seconds(4))
        #expect(await held.waitForClose())
        #expect(await idle.waitForClose())
        _ = await sleeping.readToEnd()
        #expect(server.port == nil)
    }

    @Test func reportsAddressInUse() async throws {
        let (server, port) = try Self.makeEchoServer()
        defer { server.stop() }
        var configuration = HTTPServer.Configuration()
        configuration.port = port
        let second = HTTPServer(configuration: configuration) { _ in .text(200, "") }
        let error = try #require(throws: HTTPServerError.self) { try second.start() }
        #expect(error.code == .addressInUse)
        #expect(error.message.contains("\(port)"))
    }

    @Test func bindsLocalhostReachableOverIPv4() async throws {
        let (server, port) = try Self.makeEchoServer { $0.host = "localhost" }
        defer { server.stop() }
        let connection = try RawConnection(port: port)
        connection.send("GET /v4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(await connection.readToEnd().hasPrefix("HTTP/1.1 200 "))
    }

    @Test func refusesAPortOutOfRange() throws {
        var configuration = HTTPServer.Configuration()
        configuration.port = 70000
        let server = HTTPServer(configuration: configuration) { _ in .text(200, "") }
        let error = try #require(throws: HTTPServerError.self) { try server.start() }
        #expect(error.code == .invalidAddress)
    }

    @Test func refusesToStartTwice() async throws {
        let (server, _) = try Self.makeEchoServer()
        defer { server.stop() }
        let error = try #require(throws: HTTPServerError.self) { try server.start() }
        #expect(error.code == .alreadyStarted)
    }
}
