extension JSONValue {
    /// The nesting limit used by the parsing initializers unless one is given.
    public static let defaultMaximumParsingDepth = 512

    /// Parses UTF-8 JSON text strictly (RFC 8259).
    /// - Throws: A ``JSONParseError`` with the byte offset of the first problem: invalid syntax, invalid UTF-8,
    ///   or nesting deeper than `maximumDepth`.
    public init(parsing bytes: some Collection<UInt8>, maximumDepth: Int = JSONValue.defaultMaximumParsingDepth) throws
    {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try JSONParser.parse(buffer, maximumDepth: maximumDepth) }
        }
        if let contiguous {
            self = try contiguous.get()
            return
        }
        let copy = Array(bytes)
        self = try copy.withUnsafeBufferPointer { buffer throws(JSONParseError) in
            try JSONParser.parse(buffer, maximumDepth: maximumDepth)
        }
    }

    /// Parses JSON text strictly (RFC 8259).
    /// - Throws: A ``JSONParseError`` as for the byte initializer.
    public init(parsing string: String, maximumDepth: Int = JSONValue.defaultMaximumParsingDepth) throws {
        var text = string
        self = try text.withUTF8 { buffer throws(JSONParseError) in
            try JSONParser.parse(buffer, maximumDepth: maximumDepth)
        }
    }
}
