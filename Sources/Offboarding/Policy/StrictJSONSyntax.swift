/// An RFC 8259 syntax check that is stricter than Foundation's parser on Linux, which accepts trailing
/// commas and silently keeps the last of two equal keys. A policy with `"mode": "soft_delete"` followed
/// by `"mode": "delete"` must not load.
struct StrictJSONSyntax {
    /// Where and why the text is not strict JSON; line and column count from 1.
    struct Failure: Error, Equatable {
        var line: Int
        var column: Int
        var problem: String

        var description: String { "invalid JSON at line \(self.line), column \(self.column): \(self.problem)" }
    }

    private static let maximumDepth = 256

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Throws the first syntax error in `bytes`: invalid UTF-8, a grammar error, a duplicate key, or
    /// content after the value. A leading UTF-8 byte order mark is skipped.
    static func check(_ bytes: [UInt8]) throws(Failure) {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw Failure(line: 1, column: 1, problem: "the file is not UTF-8 text")
        }
        var scanner = StrictJSONSyntax(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            scanner.index = 3
        }
        scanner.skipWhitespace()
        try scanner.value(depth: 0)
        scanner.skipWhitespace()
        if scanner.index < bytes.count {
            throw scanner.failure("unexpected content after the JSON value")
        }
    }

    // MARK: - Grammar

    private mutating func value(depth: Int) throws(Failure) {
        guard depth < Self.maximumDepth else { throw self.failure("nesting deeper than \(Self.maximumDepth)") }
        guard let byte = self.peek else { throw self.failure("unexpected end of input, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): try self.object(depth: depth)
        case UInt8(ascii: "["): try self.array(depth: depth)
        case UInt8(ascii: "\""): _ = try self.string()
        case UInt8(ascii: "t"): try self.literal("true")
        case UInt8(ascii: "f"): try self.literal("false")
        case UInt8(ascii: "n"): try self.literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try self.number()
        default: throw self.failure("expected a value")
        }
    }

    private mutating func object(depth: Int) throws(Failure) {
        self.advance()
        self.skipWhitespace()
        if self.peek == UInt8(ascii: "}") {
            self.advance()
            return
        }
        var keys: Set<String> = []
        while true {
            guard self.peek == UInt8(ascii: "\"") else {
                throw self.failure(keys.isEmpty ? "expected a string key or '}'" : "expected a string key after ','")
            }
            let (line, column) = (self.line, self.column)
            let key = try self.string()
            guard keys.insert(key).inserted else {
                throw Failure(line: line, column: column, problem: "duplicate key \"\(key)\"")
            }
            self.skipWhitespace()
            guard self.peek == UInt8(ascii: ":") else { throw self.failure("expected ':' after a key") }
            self.advance()
            self.skipWhitespace()
            try self.value(depth: depth + 1)
            self.skipWhitespace()
            switch self.peek {
            case UInt8(ascii: ","):
                self.advance()
                self.skipWhitespace()
            case UInt8(ascii: "}"):
                self.advance()
                return
            default:
                throw self.failure("expected ',' or '}'")
            }
        }
    }

    private mutating func array(depth: Int) throws(Failure) {
        self.advance()
        self.skipWhitespace()
        if self.peek == UInt8(ascii: "]") {
            self.advance()
            return
        }
        while true {
            try self.value(depth: depth + 1)
            self.skipWhitespace()
            switch self.peek {
            case UInt8(ascii: ","):
                self.advance()
                self.skipWhitespace()
                if self.peek == UInt8(ascii: "]") { throw self.failure("expected a value after ','") }
            case UInt8(ascii: "]"):
                self.advance()
                return
            default:
                throw self.failure("expected ',' or ']'")
            }
        }
    }

    /// Scans a string and returns its decoded value (needed to compare keys).
    private mutating func string() throws(Failure) -> String {
        self.advance()
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        while true {
            guard let byte = self.peek else { throw self.failure("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                self.advance()
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                return String(scalars)
            case UInt8(ascii: "\\"):
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll(keepingCapacity: true)
                self.advance()
                scalars.append(try self.escape())
            case 0..<0x20:
                throw self.failure("control character in a string")
            default:
                raw.append(byte)
                self.advance()
            }
        }
    }

    private mutating func escape() throws(Failure) -> Unicode.Scalar {
        guard let byte = self.peek else { throw self.failure("unterminated string") }
        let simple: [UInt8: Unicode.Scalar] = [
            UInt8(ascii: "\""): "\"", UInt8(ascii: "\\"): "\\", UInt8(ascii: "/"): "/", UInt8(ascii: "b"): "\u{08}",
            UInt8(ascii: "f"): "\u{0C}", UInt8(ascii: "n"): "\n", UInt8(ascii: "r"): "\r", UInt8(ascii: "t"): "\t",
        ]
        if let scalar = simple[byte] {
            self.advance()
            return scalar
        }
        guard byte == UInt8(ascii: "u") else { throw self.failure("invalid escape sequence") }
        self.advance()
        let high = try self.hexQuad()
        if (0xD800..<0xDC00).contains(high) {
            guard self.peek == UInt8(ascii: "\\") else { throw self.failure("unpaired surrogate in \\u escape") }
            self.advance()
            guard self.peek == UInt8(ascii: "u") else { throw self.failure("unpaired surrogate in \\u escape") }
            self.advance()
            let low = try self.hexQuad()
            guard (0xDC00..<0xE000).contains(low) else { throw self.failure("unpaired surrogate in \\u escape") }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(high) else { throw self.failure("unpaired surrogate in \\u escape") }
        return scalar
    }

    private mutating func hexQuad() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = self.peek, let digit = Self.hexValue(byte) else {
                throw self.failure("expected four hex digits after \\u")
            }
            value = value << 4 | digit
            self.advance()
        }
        return value
    }

    private mutating func number() throws(Failure) {
        if self.peek == UInt8(ascii: "-") { self.advance() }
        if self.peek == UInt8(ascii: "0") {
            self.advance()
            if let next = self.peek, Self.isDigit(next) { throw self.failure("leading zero in a number") }
        } else {
            try self.digits()
        }
        if self.peek == UInt8(ascii: ".") {
            self.advance()
            try self.digits()
        }
        if self.peek == UInt8(ascii: "e") || self.peek == UInt8(ascii: "E") {
            self.advance()
            if self.peek == UInt8(ascii: "+") || self.peek == UInt8(ascii: "-") { self.advance() }
            try self.digits()
        }
    }

    private mutating func digits() throws(Failure) {
        guard let first = self.peek, Self.isDigit(first) else { throw self.failure("expected a digit") }
        while let byte = self.peek, Self.isDigit(byte) { self.advance() }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        for expected in word.utf8 {
            guard self.peek == expected else { throw self.failure("invalid literal, expected \(word)") }
            self.advance()
        }
    }

    // MARK: - Input

    private var peek: UInt8? { self.index < self.bytes.count ? self.bytes[self.index] : nil }

    private mutating func advance() {
        let byte = self.bytes[self.index]
        self.index += 1
        if byte == UInt8(ascii: "\n") {
            self.line += 1
            self.column = 1
        } else if byte & 0xC0 != 0x80 {
            // Count characters, not UTF-8 continuation bytes.
            self.column += 1
        }
    }

    private mutating func skipWhitespace() {
        while let byte = self.peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { self.advance() }
    }

    private func failure(_ problem: String) -> Failure {
        Failure(line: self.line, column: self.column, problem: problem)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
