import CRabbitMQ

/// C memory for one outgoing AMQP call (names, tables, properties), freed together when the arena dies.
///
/// rabbitmq-c copies everything it encodes while the call runs, so an arena only has to outlive that call.
final class AMQPArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    deinit {
        for allocation in self.allocations {
            allocation.deallocate()
        }
    }

    func bytes(_ bytes: [UInt8]) -> amqp_bytes_t {
        guard !bytes.isEmpty else { return amqp_bytes_t(len: 0, bytes: nil) }
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 1)
        self.allocations.append(pointer)
        bytes.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        return amqp_bytes_t(len: bytes.count, bytes: pointer)
    }

    func bytes(_ string: String) -> amqp_bytes_t {
        self.bytes(Array(string.utf8))
    }

    func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
        self.allocations.append(UnsafeMutableRawPointer(pointer))
        return pointer
    }
}

extension amqp_bytes_t {
    /// A Swift copy of the bytes; the C buffer belongs to rabbitmq-c's pools and dies with the next release.
    var array: [UInt8] {
        guard let bytes = self.bytes, self.len > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: self.len))
    }

    /// The bytes as UTF-8 text, with invalid sequences repaired.
    var string: String {
        String(decoding: self.array, as: UTF8.self)
    }
}
