import Foundation

/// Parses a `Retry-After` header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
enum RetryAfter {
    static func parse(_ value: String) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) { return .seconds(max(0, seconds)) }
        if let seconds = Double(trimmed), seconds.isFinite { return .milliseconds(Int64(max(0, seconds) * 1000)) }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) {
                let interval = max(0, date.timeIntervalSinceNow)
                return .milliseconds(Int64(interval * 1000))
            }
        }
        return nil
    }
}
