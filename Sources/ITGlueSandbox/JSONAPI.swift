import HTTPServer
import JSONSchema

/// Builders for the JSON:API documents and errors IT Glue answers with.
enum JSONAPI {
    static let mediaType = "application/vnd.api+json"
    /// The response content type; IT Glue (a Rails app) adds the charset parameter.
    static let contentType = "application/vnd.api+json; charset=utf-8"

    static func document(_ status: Int, _ body: JSONValue, headers: [(String, String)] = []) -> HTTPResponse {
        var response = HTTPResponse.json(status, body.serialized(), contentType: Self.contentType)
        response.headers += headers
        return response
    }

    /// How an error names its source: omitted, or `{"pointer": ...}` (which may be null).
    enum Source {
        case none
        case pointer(String?)
    }

    /// `{"errors":[{"status":<int>,"title":...,"detail":...,"source":{"pointer":...}}]}`.
    static func error(
        _ status: Int,
        title: String,
        detail: String? = nil,
        source: Source = .none,
        headers: [(String, String)] = []
    ) -> HTTPResponse {
        var members: [String: JSONValue] = ["status": .integer(status), "title": .string(title)]
        if let detail {
            members["detail"] = .string(detail)
        }
        if case .pointer(let pointer) = source {
            members["source"] = .object(["pointer": .optional(pointer)])
        }
        return Self.document(status, .object(["errors": .array([.object(members)])]), headers: headers)
    }

    static let unauthorized = Self.error(
        401,
        title: "Unauthorized",
        detail: "Unauthorized resource access",
        source: .pointer("id")
    )

    static let recordNotFound = Self.error(404, title: "Not Found", detail: "Record not found")

    /// The page Rails serves for an unknown route (IT Glue answers unknown routes with it, as HTML).
    static let routeNotFound = HTTPResponse.json(
        404,
        """
        <!DOCTYPE html>
        <html>
        <head>
          <title>The page you were looking for doesn't exist (404)</title>
          <meta name="viewport" content="width=device-width,initial-scale=1">
        </head>
        <body>
          <div class="dialog">
            <div>
              <h1>The page you were looking for doesn't exist.</h1>
              <p>You may have mistyped the address or the page may have moved.</p>
            </div>
          </div>
        </body>
        </html>

        """,
        contentType: "text/html; charset=utf-8"
    )

    /// A resource object: `{"id":"<id>","type":<type>,"attributes":{...}}` plus optional relationships.
    static func resource(
        id: String,
        type: String,
        attributes: [String: JSONValue],
        relationships: [String: JSONValue]? = nil
    ) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "type": .string(type), "attributes": .object(attributes),
        ]
        if let relationships {
            members["relationships"] = .object(relationships)
        }
        return .object(members)
    }

    /// Splits a filter value on commas, honouring `\,` as a literal comma (IT Glue's escaping).
    static func filterValues(_ raw: String) -> [String] {
        var values: [String] = []
        var current = ""
        var iterator = raw.makeIterator()
        while let character = iterator.next() {
            if character == "\\" {
                guard let next = iterator.next() else {
                    current.append(character)
                    break
                }
                if next != "," {
                    current.append(character)
                }
                current.append(next)
            } else if character == "," {
                values.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        values.append(current)
        return values
    }

    /// Percent-encodes a query name or value (everything but RFC 3986 unreserved characters).
    static func percentEncode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return output
    }
}
