/// A strict RFC 8259 parser over UTF-8 bytes: no comments, no trailing commas, no leading zeros, no control
/// characters in strings, well-formed UTF-8 only, and a nesting limit so hostile input cannot exhaust the stack.
/// Duplicate member names keep the last value unless `isRejectingDuplicateKeys` (RFC 8259 §4 leaves it open).
struct JSONParser: ~Copyable {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private let maximumDepth: Int
    private let isRejectingDuplicateKeys: Bool

    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>,
        maximumDepth: Int,
        isRejectingDuplicateKeys: Bool
    ) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(
            bytes: bytes,
            maximumDepth: maximumDepth,
            isRejectingDuplicateKeys: isRejectingDuplicateKeys
        )
        var start = 0
        // A UTF-8 byte order mark is tolerated (RFC 8259 §8.1 allows parsers to ignore it).
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        parser.index = start
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index != bytes.count { throw parser.error("unexpected data after the JSON value") }
        return value
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int, isRejectingDuplicateKeys: Bool) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        self.isRejectingDuplicateKeys = isRejectingDuplicateKeys
    }

    private func error(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? self.index, reason: reason)
    }

    private mutating func skipWhitespace() {
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case 0x20, 0x09, 0x0A, 0x0D: self.index += 1
            default: return
            }
        }
    }

    private func describeCurrent() -> String {
        guard self.index < self.bytes.count else { return "unexpected end of input" }
        let byte = self.bytes[self.index]
        if byte >= 0x20, byte < 0x7F { return "unexpected character '\(Character(Unicode.Scalar(byte)))'" }
        return "unexpected byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard self.index < self.bytes.count else { throw self.error("unexpected end of input") }
        switch self.bytes[self.index] {
        case UInt8(ascii: "{"): return try self.parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try self.parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try self.parseString())
        case UInt8(ascii: "t"): return try self.parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try self.parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try self.parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try self.parseNumber())
        default: throw self.error(self.describeCurrent())
        }
    }

    private mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard self.index + count <= self.bytes.count else { throw self.error("invalid literal") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for offset in 0..<count where self.bytes[self.index + offset] != expected[offset] {
            throw self.error("invalid literal", at: self.index + offset)
        }
        self.index += count
        return value
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        if depth > self.maximumDepth { throw self.error("nesting deeper than \(self.maximumDepth) levels") }
        self.index += 1
        var members: [String: JSONValue] = [:]
        self.skipWhitespace()
        if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "}") {
            self.index += 1
            return .object(members)
        }
        while true {
            self.skipWhitespace()
            guard self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "\"") else {
                throw self.error("expected a member name: " + self.describeCurrent())
            }
            let keyStart = self.index
            let key = try self.parseString()
            if self.isRejectingDuplicateKeys, members[key] != nil {
                throw self.error("duplicate member name \(JSONValue.string(key).serialized())", at: keyStart)
            }
            self.skipWhitespace()
            guard self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: ":") else {
                throw self.error("expected ':': " + self.describeCurrent())
            }
            self.index += 1
            self.skipWhitespace()
            members[key] = try self.parseValue(depth: depth)
            self.skipWhitespace()
            guard self.index < self.bytes.count else { throw self.error("unterminated object") }
            if self.bytes[self.index] == UInt8(ascii: ",") {
                self.index += 1
                continue
            }
            if self.bytes[self.index] == UInt8(ascii: "}") {
                self.index += 1
                return .object(members)
            }
            throw self.error("expected ',' or '}': " + self.describeCurrent())
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        if depth > self.maximumDepth { throw self.error("nesting deeper than \(self.maximumDepth) levels") }
        self.index += 1
        var elements: [JSONValue] = []
        self.skipWhitespace()
        if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "]") {
            self.index += 1
            return .array(elements)
        }
        while true {
            self.skipWhitespace()
            elements.append(try self.parseValue(depth: depth))
            self.skipWhitespace()
            guard self.index < self.bytes.count else { throw self.error("unterminated array") }
            if self.bytes[self.index] == UInt8(ascii: ",") {
                self.index += 1
                continue
            }
            if self.bytes[self.index] == UInt8(ascii: "]") {
                self.index += 1
                return .array(elements)
            }
            throw self.error("expected ',' or ']': " + self.describeCurrent())
        }
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = self.index
        if self.bytes[self.index] == UInt8(ascii: "-") { self.index += 1 }
        guard self.index < self.bytes.count, self.isDigit(self.bytes[self.index]) else {
            throw self.error("expected a digit")
        }
        if self.bytes[self.index] == UInt8(ascii: "0") {
            self.index += 1
            if self.index < self.bytes.count, self.isDigit(self.bytes[self.index]) {
                throw self.error("leading zeros are not allowed")
            }
        } else {
            while self.index < self.bytes.count, self.isDigit(self.bytes[self.index]) { self.index += 1 }
        }
        var isSimpleInteger = true
        if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: ".") {
            isSimpleInteger = false
            self.index += 1
            guard self.index < self.bytes.count, self.isDigit(self.bytes[self.index]) else {
                throw self.error("expected a digit after '.'")
            }
            while self.index < self.bytes.count, self.isDigit(self.bytes[self.index]) { self.index += 1 }
        }
        if self.index < self.bytes.count, self.bytes[self.index] | 0x20 == UInt8(ascii: "e") {
            isSimpleInteger = false
            self.index += 1
            if self.index < self.bytes.count,
                self.bytes[self.index] == UInt8(ascii: "+") || self.bytes[self.index] == UInt8(ascii: "-")
            {
                self.index += 1
            }
            guard self.index < self.bytes.count, self.isDigit(self.bytes[self.index]) else {
                throw self.error("expected a digit in the exponent")
            }
            while self.index < self.bytes.count, self.isDigit(self.bytes[self.index]) { self.index += 1 }
        }
        if isSimpleInteger, self.index - start <= 18 {
            var value: Int64 = 0
            var position = start
            let isNegative = self.bytes[position] == UInt8(ascii: "-")
            if isNegative { position += 1 }
            while position < self.index {
                value = value * 10 + Int64(self.bytes[position] - 0x30)
                position += 1
            }
            return JSONNumber(isNegative ? -value : value)
        }
        guard let number = JSONNumber(text: Array(self.bytes[start..<self.index])) else {
            throw self.error("invalid number", at: start)
        }
        return number
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private mutating func parseString() throws(JSONParseError) -> String {
        self.index += 1
        let start = self.index
        // Fast path: no escapes; validate UTF-8 while scanning.
        while self.index < self.bytes.count {
            let byte = self.bytes[self.index]
            if byte == UInt8(ascii: "\"") {
                let text = String(
                    decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<self.index]),
                    as: UTF8.self
                )
                self.index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw self.error("control character in string") }
            if byte < 0x80 {
                self.index += 1
            } else {
                try self.skipMultiByteScalar()
            }
        }
        var scalars = String.UnicodeScalarView()
        scalars.append(
            contentsOf: String(decoding: UnsafeBufferPointer(rebasing: self.bytes[start..<self.index]), as: UTF8.self)
                .unicodeScalars
        )
        while self.index < self.bytes.count {
            let byte = self.bytes[self.index]
            if byte == UInt8(ascii: "\"") {
                self.index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw self.error("control character in string") }
            if byte == UInt8(ascii: "\\") {
                scalars.append(try self.parseEscape())
            } else if byte < 0x80 {
                scalars.append(Unicode.Scalar(byte))
                self.index += 1
            } else {
                let scalarStart = self.index
                try self.skipMultiByteScalar()
                let decoded = String(
                    decoding: UnsafeBufferPointer(rebasing: self.bytes[scalarStart..<self.index]),
                    as: UTF8.self
                )
                scalars.append(contentsOf: decoded.unicodeScalars)
            }
        }
        throw self.error("unterminated string", at: start - 1)
    }

    private mutating func parseEscape() throws(JSONParseError) -> Unicode.Scalar {
        self.index += 1
        guard self.index < self.bytes.count else { throw self.error("unterminated escape") }
        let byte = self.bytes[self.index]
        self.index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try self.parseHex4()
            if (0xD800..<0xDC00).contains(first) {
                guard self.index + 1 < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "\\"),
                    self.bytes[self.index + 1] == UInt8(ascii: "u")
                else { throw self.error("unpaired surrogate escape") }
                self.index += 2
                let second = try self.parseHex4()
                guard (0xDC00..<0xE000).contains(second) else { throw self.error("unpaired surrogate escape") }
                let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                return Unicode.Scalar(value)!
            }
            guard let scalar = Unicode.Scalar(first) else { throw self.error("unpaired surrogate escape") }
            return scalar
        default:
            throw self.error("invalid escape", at: self.index - 1)
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard self.index + 4 <= self.bytes.count else { throw self.error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = self.bytes[self.index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw self.error("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            self.index += 1
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
    private mutating func skipMultiByteScalar() throws(JSONParseError) {
        let lead = self.bytes[self.index]
        let length: Int
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upperBound = 0x9F
        case 0xF0:
            length = 4
            lowerBound = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upperBound = 0x8F
        default: throw self.error("invalid UTF-8")
        }
        guard self.index + length <= self.bytes.count else { throw self.error("truncated UTF-8 sequence") }
        for offset in 1..<length {
            let byte = self.bytes[self.index + offset]
            let (low, high) = offset == 1 ? (lowerBound, upperBound) : (UInt8(0x80), UInt8(0xBF))
            guard byte >= low, byte <= high else { throw self.error("invalid UTF-8", at: self.index + offset) }
        }
        self.index += length
    }
}
