import CRabbitMQ

extension AMQPFieldValue {
    private static func kind(_ kind: amqp_field_value_kind_t) -> UInt8 { UInt8(kind.rawValue) }

    /// Decodes every field kind rabbitmq-c produces.
    init(_ value: amqp_field_value_t) {
        let union = value.value
        switch value.kind {
        case Self.kind(AMQP_FIELD_KIND_BOOLEAN): self = .bool(union.boolean != 0)
        case Self.kind(AMQP_FIELD_KIND_I8): self = .int(Int64(union.i8))
        case Self.kind(AMQP_FIELD_KIND_U8): self = .int(Int64(union.u8))
        case Self.kind(AMQP_FIELD_KIND_I16): self = .int(Int64(union.i16))
        case Self.kind(AMQP_FIELD_KIND_U16): self = .int(Int64(union.u16))
        case Self.kind(AMQP_FIELD_KIND_I32): self = .int(Int64(union.i32))
        case Self.kind(AMQP_FIELD_KIND_U32): self = .int(Int64(union.u32))
        case Self.kind(AMQP_FIELD_KIND_I64): self = .int(union.i64)
        case Self.kind(AMQP_FIELD_KIND_U64):
            self = Int64(exactly: union.u64).map { .int($0) } ?? .double(Double(union.u64))
        case Self.kind(AMQP_FIELD_KIND_F32): self = .double(Double(union.f32))
        case Self.kind(AMQP_FIELD_KIND_F64): self = .double(union.f64)
        case Self.kind(AMQP_FIELD_KIND_DECIMAL):
            var decimal = Double(union.decimal.value)
            for _ in 0..<union.decimal.decimals {
                decimal /= 10
            }
            self = .double(decimal)
        case Self.kind(AMQP_FIELD_KIND_UTF8):
            let bytes = union.bytes.array
            self = String(validating: bytes, as: UTF8.self).map { .string($0) } ?? .bytes(bytes)
        case Self.kind(AMQP_FIELD_KIND_BYTES): self = .bytes(union.bytes.array)
        case Self.kind(AMQP_FIELD_KIND_TIMESTAMP): self = .timestamp(union.u64)
        case Self.kind(AMQP_FIELD_KIND_ARRAY):
            let array = union.array
            let count = Int(array.num_entries)
            guard count > 0, let entries = array.entries else {
                self = .array([])
                return
            }
            self = .array((0..<count).map { AMQPFieldValue(entries[$0]) })
        case Self.kind(AMQP_FIELD_KIND_TABLE): self = .table(Self.dictionary(union.table))
        default: self = .void
        }
    }

    static func dictionary(_ table: amqp_table_t) -> [String: AMQPFieldValue] {
        let count = Int(table.num_entries)
        guard count > 0, let entries = table.entries else { return [:] }
        var result: [String: AMQPFieldValue] = [:]
        result.reserveCapacity(count)
        for index in 0..<count {
            result[entries[index].key.string] = AMQPFieldValue(entries[index].value)
        }
        return result
    }

    static func table(_ dictionary: [String: AMQPFieldValue], in arena: AMQPArena) -> amqp_table_t {
        guard !dictionary.isEmpty else { return amqp_table_t(num_entries: 0, entries: nil) }
        let entries = arena.allocate(amqp_table_entry_t.self, count: dictionary.count)
        // Sorted keys give a deterministic wire encoding, which makes redeclarations byte-identical.
        for (index, key) in dictionary.keys.sorted().enumerated() {
            entries.advanced(by: index).initialize(
                to: amqp_table_entry_t(key: arena.bytes(key), value: dictionary[key]!.encoded(in: arena))
            )
        }
        return amqp_table_t(num_entries: Int32(dictionary.count), entries: entries)
    }

    func encoded(in arena: AMQPArena) -> amqp_field_value_t {
        var value = amqp_field_value_t()
        switch self {
        case .bool(let bool):
            value.kind = Self.kind(AMQP_FIELD_KIND_BOOLEAN)
            value.value.boolean = bool ? 1 : 0
        case .int(let int):
            value.kind = Self.kind(AMQP_FIELD_KIND_I64)
            value.value.i64 = int
        case .double(let double):
            value.kind = Self.kind(AMQP_FIELD_KIND_F64)
            value.value.f64 = double
        case .string(let string):
            value.kind = Self.kind(AMQP_FIELD_KIND_UTF8)
            value.value.bytes = arena.bytes(string)
        case .bytes(let bytes):
            value.kind = Self.kind(AMQP_FIELD_KIND_BYTES)
            value.value.bytes = arena.bytes(bytes)
        case .timestamp(let seconds):
            value.kind = Self.kind(AMQP_FIELD_KIND_TIMESTAMP)
            value.value.u64 = seconds
        case .array(let elements):
            value.kind = Self.kind(AMQP_FIELD_KIND_ARRAY)
            let entries = arena.allocate(amqp_field_value_t.self, count: elements.count)
            for (index, element) in elements.enumerated() {
                entries.advanced(by: index).initialize(to: element.encoded(in: arena))
            }
            value.value.array = amqp_array_t(num_entries: Int32(elements.count), entries: entries)
        case .table(let dictionary):
            value.kind = Self.kind(AMQP_FIELD_KIND_TABLE)
            value.value.table = Self.table(dictionary, in: arena)
        case .void:
            value.kind = Self.kind(AMQP_FIELD_KIND_VOID)
        }
        return value
    }
}
