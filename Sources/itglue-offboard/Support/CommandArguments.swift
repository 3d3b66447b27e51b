/// The arguments of one command, consumed as they are read so that whatever is left is an error.
struct CommandArguments {
    private var tokens: [String]

    init(_ tokens: [String]) {
        self.tokens = tokens
    }

    /// Whether `--name` is present (and removes it).
    mutating func flag(_ name: String) -> Bool {
        guard let index = self.tokens.firstIndex(of: "--\(name)") else { return false }
        self.tokens.remove(at: index)
        return true
    }

    /// The value of `--name VALUE` or `--name=VALUE` (the last one wins), removed from the arguments.
    mutating func option(_ name: String) throws(UsageError) -> String? {
        var value: String?
        var index = 0
        while index < self.tokens.count {
            let token = self.tokens[index]
            if token == "--\(name)" {
                guard index + 1 < self.tokens.count else { throw UsageError("--\(name) needs a value") }
                value = self.tokens[index + 1]
                self.tokens.removeSubrange(index...(index + 1))
            } else if token.hasPrefix("--\(name)=") {
                value = String(token.dropFirst(name.count + 3))
                self.tokens.remove(at: index)
            } else {
                index += 1
            }
        }
        return value
    }

    /// `--name N` as an integer within `range`.
    mutating func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = try self.option(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(
                "--\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), not '\(text)'"
            )
        }
        return value
    }

    /// What is left once every option was read: positional arguments. An unknown `--option` is an error.
    mutating func positionals() throws(UsageError) -> [String] {
        if let unknown = self.tokens.first(where: { $0.hasPrefix("--") && $0 != "--" }) {
            throw UsageError("unknown option \(unknown)")
        }
        defer { self.tokens = [] }
        return self.tokens.filter { $0 != "--" }
    }

    /// Fails when anything is left.
    mutating func finish() throws(UsageError) {
        let rest = try self.positionals()
        if let first = rest.first { throw UsageError("unexpected argument '\(first)'") }
    }
}
