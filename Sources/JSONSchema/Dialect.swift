/// Which specification's keyword semantics apply, and which vocabularies are on.
struct Dialect: Hashable, Sendable {
    enum Draft: Hashable, Sendable {
        case draft7
        case draft2020
    }

    struct Vocabularies: OptionSet, Hashable, Sendable {
        let rawValue: Int
        static let applicator = Vocabularies(rawValue: 1 << 0)
        static let unevaluated = Vocabularies(rawValue: 1 << 1)
        static let validation = Vocabularies(rawValue: 1 << 2)
        static let formatAssertion = Vocabularies(rawValue: 1 << 3)
        static let all: Vocabularies = [.applicator, .unevaluated, .validation]
    }

    var draft: Draft
    var vocabularies: Vocabularies

    static let draft2020 = Dialect(draft: .draft2020, vocabularies: .all)
    static let draft7 = Dialect(draft: .draft7, vocabularies: [.applicator, .validation])

    static let draft2020URI = "https://json-schema.org/draft/2020-12/schema"
    static let draft7URI = "http://json-schema.org/draft-07/schema"

    /// The dialect a well-known `$schema` URI names, ignoring an empty fragment.
    static func wellKnown(_ uri: String) -> Dialect? {
        let trimmed = uri.hasSuffix("#") ? String(uri.dropLast()) : uri
        switch trimmed {
        case Self.draft2020URI, "https://json-schema.org/draft/2019-09/schema": return .draft2020
        case Self.draft7URI, "http://json-schema.org/draft-06/schema", "http://json-schema.org/draft-04/schema":
            return .draft7
        default: return nil
        }
    }

    /// Maps a metaschema's `$vocabulary` object to vocabularies.
    /// - Throws: ``SchemaError/Code/unsupportedVocabulary`` for an unknown vocabulary marked required.
    static func vocabularies(from declaration: [String: JSONValue]) throws(SchemaError) -> Vocabularies {
        var result: Vocabularies = []
        let prefix = "https://json-schema.org/draft/2020-12/vocab/"
        for (uri, isRequired) in declaration {
            switch uri {
            case prefix + "applicator": result.insert(.applicator)
            case prefix + "unevaluated": result.insert(.unevaluated)
            case prefix + "validation": result.insert(.validation)
            case prefix + "format-assertion": result.insert(.formatAssertion)
            case prefix + "core", prefix + "meta-data", prefix + "format-annotation", prefix + "content": break
            default:
                if isRequired == .bool(true) {
                    throw SchemaError(
                        code: .unsupportedVocabulary,
                        message: "the metaschema requires the unknown vocabulary \(uri)"
                    )
                }
            }
        }
        return result
    }
}
