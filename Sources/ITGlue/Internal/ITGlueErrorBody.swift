import Foundation
import JSONSchema

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Reads IT Glue's explanation out of an error body, whatever its shape.
///
/// Observed shapes: JSON:API `{"errors":[{"status":422 or "422","title":…,"detail":…,"source":{"pointer":…}}]}`,
/// `{"message":"Forbidden"}`, an HTML page, and nothing at all.
enum ITGlueErrorBody {
    static let maximumLength = 300

    static func message(from data: Data, status: Int) -> String {
        let fallback = "HTTP \(status) \(HTTPURLResponse.localizedString(forStatusCode: status))"
        if let json = try? JSONValue(parsing: data) {
            if let errors = json["errors"]?.arrayValue {
                let parts = errors.compactMap(Self.describe)
                if !parts.isEmpty { return Self.truncated(parts.joined(separator: "; ")) }
            }
            for key in ["message", "error", "detail", "title"] {
                if let message = json[key]?.lenientString, !message.isEmpty { return Self.truncated(message) }
            }
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return fallback }
        if text.range(of: "<html", options: .caseInsensitive) != nil
            || text.range(of: "<!doctype", options: .caseInsensitive) != nil
        {
            let readable = Self.readableHTML(text)
            return readable.isEmpty ? fallback : Self.truncated(readable)
        }
        return Self.truncated(text)
    }

    private static func describe(_ error: JSONValue) -> String? {
        let title = error["title"]?.lenientString
        let detail = error["detail"]?.lenientString
        var text: String
        switch (title, detail) {
        case (let title?, let detail?) where title != detail: text = "\(title): \(detail)"
        case (let title?, _): text = title
        case (nil, let detail?): text = detail
        case (nil, nil): return nil
        }
        if let pointer = error["source"]?["pointer"]?.lenientString, !pointer.isEmpty {
            text += " (\(pointer))"
        }
        return text
    }

    /// The page's `<title>` and headings, or else all its text, without tags and with collapsed whitespace.
    private static func readableHTML(_ html: String) -> String {
        var pieces: [String] = []
        for tag in ["title", "h1", "h2"] {
            let pattern = "<\(tag)[^>]*>(.*?)</\(tag)>"
            guard
                let regex = try? NSRegularExpression(
                    pattern: pattern,
                    options: [.caseInsensitive, .dotMatchesLineSeparators]
                )
            else { continue }
            let range = NSRange(html.startIndex..., in: html)
            for match in regex.matches(in: html, range: range) {
                guard let inner = Range(match.range(at: 1), in: html) else { continue }
                let piece = Self.collapsed(Self.strippingTags(String(html[inner])))
                if !piece.isEmpty && !pieces.contains(piece) { pieces.append(piece) }
            }
        }
        if !pieces.isEmpty { return pieces.joined(separator: " - ") }
        return Self.collapsed(Self.strippingTags(html))
    }

    private static func strippingTags(_ text: String) -> String {
        text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
    }

    private static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private static func truncated(_ text: String) -> String {
        text.count <= Self.maximumLength ? text : String(text.prefix(Self.maximumLength)) + "…"
    }
}
