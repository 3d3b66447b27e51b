import Foundation

/// ISO 8601 UTC timestamps with milliseconds (`2026-01-22T10:30:00.123Z`), as stored in the audit log and
/// written to archives. Fixed width, so text order is time order.
enum UTCTimestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    static func string(from date: Date) -> String {
        date.formatted(Self.style)
    }

    /// Parses a timestamp with or without fractional seconds.
    static func date(from string: String) -> Date? {
        (try? Date(string, strategy: Self.style)) ?? (try? Date(string, strategy: .iso8601))
    }

    /// Decodes a timestamp string, naming the field when it is not ISO 8601.
    static func decode<Key: CodingKey>(
        _ container: KeyedDecodingContainer<Key>,
        forKey key: Key
    ) throws -> Date? {
        guard let string = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = Self.date(from: string) else {
            throw DecodingError.dataCorruptedError(
                forKey: key,
                in: container,
                debugDescription: "\(string) is not an ISO 8601 timestamp"
            )
        }
        return date
    }
}
