extension JSONValue {
    /// The nesting limit used by the parsing initializers unless one is given.
    public static let defaultMaximumParsingDepth = 512

    /// Parses UTF-8 JSON text strictly (RFC 8259).
    ///
    /// RFC 8259 leaves duplicate member names open; by default the last one wins, as in most parsers. Pass
    /// `isRejectingDuplicateKeys: true` where two readers could disagree about which value counts, such as a
    /// configuration file that an editor validates and the service loads.
    /// - Throws: A ``JSONParseError`` with the byte offset of the first problem: invalid syntax, invalid UTF-8,
    ///   nesting deeper than `maximumDepth`, or (when rejecting them) a duplicate member name.
    public init(
        parsing bytes: some Collection<UInt8>,
        maximumDepth: Int = JSONValue.defaultMaximumParsingDepth,
        isRejectingDuplicateKeys: Bool = false
    ) throws {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in
                try JSONParser.parse(
                    buffer,
                    maximumDepth: maximumDepth,
                    isRejectingDuplicateKeys: isRejectingDuplicateKeys
                )
            }
        }
        if let contiguous {
            self = try contiguous.get()
            return
        }
        let copy = Array(bytes)
        self = try copy.withUnsafeBufferPointer { buffer throws(JSONParseError) in
            try JSONParser.parse(buffer, maximumDepth: maximumDepth, isRejectingDuplicateKeys: isRejectingDuplicateKeys)
        }
    }

    /// Parses JSON text strictly (RFC 8259).
    /// - Throws: A ``JSONParseError`` as for the byte initializer.
    public init(
        parsing string: String,
        maximumDepth: Int = JSONValue.defaultMaximumParsingDepth,
        isRejectingDuplicateKeys: Bool = false
    ) throws {
        var text = string
        self = try text.withUTF8 { buffer throws(JSONParseError) in
            try JSONParser.parse(buffer, maximumDepth: maximumDepth, isRejectingDuplicateKeys: isRejectingDuplicateKeys)
        }
    }
}
