import Foundation

/// A compiled ECMA-262-style regular expression (`pattern`, `patternProperties`, `format: regex`), run with
/// ICU through `NSRegularExpression` after translating the ECMA-262 classes whose meaning differs in ICU.
///
/// `NSRegularExpression` is immutable after creation and documented as safe to use from several threads.
struct RegexPattern: @unchecked Sendable {
    let source: String
    private let expression: NSRegularExpression
    /// Patterns that only check a string of ASCII digits with bounded length skip ICU (the request schema's
    /// `^[0-9]{1,19}$` runs on every message).
    private let digitRun: ClosedRange<Int>?

    /// - Throws: ``SchemaError/Code/invalidPattern`` when the expression does not compile.
    init(_ source: String) throws(SchemaError) {
        self.source = source
        do {
            self.expression = try NSRegularExpression(pattern: Self.translate(source), options: [])
        } catch {
            throw SchemaError(code: .invalidPattern, message: "invalid regular expression '\(source)'")
        }
        self.digitRun = Self.digitRun(source)
    }

    func matches(_ string: String) -> Bool {
        if let digitRun = self.digitRun {
            let utf8 = string.utf8
            return digitRun.contains(utf8.count) && utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        let range = NSRange(location: 0, length: string.utf16.count)
        return self.expression.firstMatch(in: string, options: [], range: range) != nil
    }

    /// Recognizes `^[0-9]{m,n}$`, `^[0-9]+$` and `^\d{m,n}$` (ECMA `\d` is ASCII-only).
    private static func digitRun(_ source: String) -> ClosedRange<Int>? {
        for prefix in ["^[0-9]", "^\\d"] where source.hasPrefix(prefix) && source.hasSuffix("$") {
            let quantifier = source.dropFirst(prefix.count).dropLast()
            if quantifier == "+" { return 1...Int.max }
            if quantifier == "*" { return 0...Int.max }
            guard quantifier.hasPrefix("{"), quantifier.hasSuffix("}") else { return nil }
            let bounds = quantifier.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
            if bounds.count == 1, let exact = Int(bounds[0]) { return exact...exact }
            if bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low <= high {
                return low...high
            }
        }
        return nil
    }

    /// ECMA-262 `\d`, `\w` and their negations are ASCII-only; ICU's are Unicode-aware.
    private static func translate(_ source: String) -> String {
        guard source.contains("\\") else { return source }
        var result = ""
        var iterator = source.makeIterator()
        var isInClass = false
        while let character = iterator.next() {
            if character == "\\", let next = iterator.next() {
                switch next {
                case "d": result += isInClass ? "0-9" : "[0-9]"
                case "D": result += isInClass ? "\\D" : "[^0-9]"
                case "w": result += isInClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"
                case "W": result += isInClass ? "\\W" : "[^a-zA-Z0-9_]"
                default: result += "\\" + String(next)
                }
                continue
            }
            if character == "[" { isInClass = true }
            if character == "]" { isInClass = false }
            result.append(character)
        }
        return result
    }
}
