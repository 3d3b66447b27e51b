import Foundation
import Glibc

/// A TCP client for tests that need byte-level control over what is sent.
///
/// Its reads block, so they run on a thread of their own: blocking a cooperative-pool thread would starve the
/// server's handler tasks on a two-core machine.
final class RawConnection: Sendable {
    private let socket: Int32

    init(port: Int) throws {
        self.socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(self.socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(self.socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(self.socket) }

    func send(_ text: String) {
        self.send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                Glibc.send(self.socket, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Reads until the peer closes (or the 10 s receive timeout passes) and returns everything.
    func readToEnd() async -> String {
        await Self.offPool { self.blockingReadToEnd() }
    }

    /// Reads one response with a `Content-Length` body; nil when the connection closes first.
    func readResponse() async -> (head: String, body: String)? {
        await Self.offPool { self.blockingReadResponse().map { Response(head: $0.head, body: $0.body) } }
            .map { ($0.head, $0.body) }
    }

    /// Waits for the peer to close: true on end of stream, false when the 10 s receive timeout passes first.
    func waitForClose() async -> Bool {
        await Self.offPool {
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { recv(self.socket, $0.baseAddress, $0.count, 0) }
                if count == 0 { return true }
                if count < 0 { return errno != EAGAIN && errno != EWOULDBLOCK }
            }
        }
    }

    private struct Response: Sendable {
        var head: String
        var body: String
    }

    private static func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }

    private func blockingReadToEnd() -> String {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(self.socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += chunk[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    private func blockingReadResponse() -> (head: String, body: String)? {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let range = received.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: received[..<range.lowerBound], as: UTF8.self)
                let lengthLine = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                let length =
                    lengthLine.flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if received.count >= range.upperBound + length {
                    let body = String(decoding: received[range.upperBound..<(range.upperBound + length)], as: UTF8.self)
                    return (head, body)
                }
            }
            let count = chunk.withUnsafeMutableBytes { recv(self.socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            received += chunk[0..<count]
        }
    }
}
