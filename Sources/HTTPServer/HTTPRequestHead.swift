/// The request line and header fields of one request, parsed from raw bytes.
struct HTTPRequestHead {
    /// Why a head could not be parsed; each maps to the status the server answers.
    enum Failure: Error {
        case malformed
        case unsupportedVersion
        case tooManyHeaders
    }

    var method: String
    var path: String
    var query: [(name: String, value: String)]
    var headers: [(name: String, value: String)]
    var isHTTP10: Bool

    /// Parses `bytes`, the head without its final empty line.
    init(bytes: ArraySlice<UInt8>, maximumHeaderCount: Int) throws(Failure) {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }
        guard !lines.isEmpty else { throw .malformed }
        let requestLine = String(decoding: lines.removeFirst(), as: UTF8.self)
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(Self.isTokenCharacter) else {
            throw .malformed
        }
        switch parts[2] {
        case "HTTP/1.1": self.isHTTP10 = false
        case "HTTP/1.0": self.isHTTP10 = true
        case let version where version.hasPrefix("HTTP/"): throw .unsupportedVersion
        default: throw .malformed
        }
        self.method = String(parts[0])
        var target = parts[1]
        // Absolute form (`http://host/path`), as proxies send it.
        if target.hasPrefix("http://") || target.hasPrefix("https://") {
            let afterScheme = target[target.index(target.firstIndex(of: ":")!, offsetBy: 3)...]
            target = afterScheme.firstIndex(of: "/").map { afterScheme[$0...] } ?? "/"
        }
        guard target.hasPrefix("/") else { throw .malformed }
        let pathPart: Substring
        if let questionMark = target.firstIndex(of: "?") {
            pathPart = target[..<questionMark]
            self.query = PercentDecoding.decodeQuery(target[target.index(after: questionMark)...])
        } else {
            pathPart = target
            self.query = []
        }
        guard let path = PercentDecoding.decode(pathPart, isFormEncoded: false) else { throw .malformed }
        self.path = path

        let fieldLines = lines.filter { !$0.isEmpty }
        guard fieldLines.count <= maximumHeaderCount else { throw .tooManyHeaders }
        self.headers = []
        self.headers.reserveCapacity(fieldLines.count)
        for line in fieldLines {
            // Obsolete line folding and whitespace before the colon are rejected (RFC 9112 §5).
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                line[line.startIndex..<colon].allSatisfy({ Self.isTokenCharacter(Character(UnicodeScalar($0))) })
            else { throw .malformed }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            let rawValue = String(decoding: line[line.index(after: colon)...], as: UTF8.self)
            self.headers.append((name: name, value: rawValue.trimmingOptionalWhitespace()))
        }
    }

    func header(_ name: String) -> String? {
        self.headers.first { $0.name.lowercased() == name }?.value
    }

    func headerValues(_ name: String) -> [String] {
        self.headers.filter { $0.name.lowercased() == name }.map(\.value)
    }

    private static func isTokenCharacter(_ character: Character) -> Bool {
        guard character.isASCII, let ascii = character.asciiValue, ascii > 32, ascii < 127 else { return false }
        return !"\"(),/:;<=>?@[\\]{}".contains(character)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate func trimmingOptionalWhitespace() -> String {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = self.firstIndex(where: { !isWhitespace($0) }),
            let last = self.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
