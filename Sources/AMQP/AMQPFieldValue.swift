/// A value in an AMQP field table (message headers, queue and exchange arguments).
///
/// Every integer kind rabbitmq-c decodes (8 to 64 bits, signed or not) becomes ``int(_:)``; an unsigned 64-bit value
/// above `Int64.max` becomes ``double(_:)``. 32-bit floats and decimals become ``double(_:)``. Long strings that are
/// not valid UTF-8 become ``bytes(_:)``. Encoding uses RabbitMQ's tags: `t`, `l`, `d`, `S`, `x`, `T`, `A`, `F`, `V`.
public indirect enum AMQPFieldValue: Sendable, Hashable {
    /// `t`.
    case bool(Bool)
    /// Any integer kind; encoded as a signed 64-bit `l`.
    case int(Int64)
    /// `d` (and decoded `f` and `D`).
    case double(Double)
    /// A UTF-8 long string, `S`.
    case string(String)
    /// A byte array, `x`.
    case bytes([UInt8])
    /// Seconds since the Unix epoch (AMQP timestamp).
    case timestamp(UInt64)
    /// A nested array, `A`.
    case array([AMQPFieldValue])
    /// A nested table, `F`.
    case table([String: AMQPFieldValue])
    /// No value, `V`.
    case void
}

extension AMQPFieldValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
