/// An exact JSON number: integers that fit in `Int64` are stored directly, everything else as decimal digits
/// times a power of ten, so huge integers and decimals like `0.1` keep their exact value.
///
/// The representation is canonical (integral values that fit are always `.integer`, digits carry no leading or
/// trailing zeros), so synthesized equality and hashing compare mathematical values: `1 == 1.0 == 1e0`.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Hashable {
        case integer(Int64)
        /// `(-1)^isNegative × digits × 10^exponent`; `digits` are 0...9, first and last non-zero.
        case decimal(isNegative: Bool, digits: [UInt8], exponent: Int)
    }

    let storage: Storage

    /// Exponents are clamped to this magnitude while parsing, far beyond any representable `Double`.
    static let exponentLimit = 1_000_000_000

    /// Creates the number `value`.
    public init(_ value: Int64) {
        self.storage = .integer(value)
    }

    /// Creates the exact value of a finite `Double`; `nil` for NaN and infinities.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(), let exact = Int64(exactly: value) {
            self.storage = .integer(exact)
            return
        }
        guard let parsed = JSONNumber(text: Array("\(value)".utf8)) else { return nil }
        self = parsed
    }

    /// Parses JSON number text (already checked against the grammar by the caller, or checked here).
    init?(text: [UInt8]) {
        var index = 0
        var isNegative = false
        if index < text.count, text[index] == UInt8(ascii: "-") {
            isNegative = true
            index += 1
        }
        var digits: [UInt8] = []
        var exponent = 0
        var sawDigit = false
        while index < text.count, text[index] >= 0x30, text[index] <= 0x39 {
            digits.append(text[index] - 0x30)
            sawDigit = true
            index += 1
        }
        guard sawDigit else { return nil }
        if index < text.count, text[index] == UInt8(ascii: ".") {
            index += 1
            var sawFraction = false
            while index < text.count, text[index] >= 0x30, text[index] <= 0x39 {
                digits.append(text[index] - 0x30)
                exponent -= 1
                sawFraction = true
                index += 1
            }
            guard sawFraction else { return nil }
        }
        if index < text.count, text[index] == UInt8(ascii: "e") || text[index] == UInt8(ascii: "E") {
            index += 1
            var isExponentNegative = false
            if index < text.count, text[index] == UInt8(ascii: "+") || text[index] == UInt8(ascii: "-") {
                isExponentNegative = text[index] == UInt8(ascii: "-")
                index += 1
            }
            var value = 0
            var sawExponentDigit = false
            while index < text.count, text[index] >= 0x30, text[index] <= 0x39 {
                value = min(value * 10 + Int(text[index] - 0x30), Self.exponentLimit)
                sawExponentDigit = true
                index += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += isExponentNegative ? -value : value
        }
        guard index == text.count else { return nil }
        self.init(isNegative: isNegative, digits: digits, exponent: exponent)
    }

    /// Normalizes raw digits into the canonical storage.
    init(isNegative: Bool, digits rawDigits: [UInt8], exponent rawExponent: Int) {
        var start = 0
        while start < rawDigits.count, rawDigits[start] == 0 { start += 1 }
        var end = rawDigits.count
        var exponent = rawExponent
        while end > start, rawDigits[end - 1] == 0 {
            end -= 1
            exponent += 1
        }
        if start == end {
            self.storage = .integer(0)
            return
        }
        let digits = Array(rawDigits[start..<end])
        if exponent >= 0, digits.count + exponent <= 19 {
            var magnitude: UInt64 = 0
            for digit in digits { magnitude = magnitude * 10 + UInt64(digit) }
            var fits = true
            for _ in 0..<exponent {
                let (product, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                if overflow {
                    fits = false
                    break
                }
                magnitude = product
            }
            if fits, !isNegative, magnitude <= UInt64(Int64.max) {
                self.storage = .integer(Int64(magnitude))
                return
            }
            if fits, isNegative, magnitude <= UInt64(Int64.max) + 1 {
                self.storage = .integer(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
                return
            }
        }
        self.storage = .decimal(isNegative: isNegative, digits: digits, exponent: exponent)
    }

    /// Whether the value is a whole number (`1.0` is).
    public var isInteger: Bool {
        switch self.storage {
        case .integer: return true
        case .decimal(_, _, let exponent): return exponent >= 0
        }
    }

    /// The value when it is integral and fits in `Int64`.
    public var int64Value: Int64? {
        if case .integer(let value) = self.storage { return value }
        return nil
    }

    /// The nearest `Double`; infinite or zero when the magnitude is out of range.
    public var doubleValue: Double {
        switch self.storage {
        case .integer(let value):
            return Double(value)
        case .decimal(let isNegative, let digits, let exponent):
            if digits.count + exponent > 400 { return isNegative ? -.infinity : .infinity }
            if digits.count + exponent < -400 { return isNegative ? -0.0 : 0 }
            let text = (isNegative ? "-" : "") + String(digits.map { Character(Unicode.Scalar($0 + 0x30)) })
            return Double(text + "e\(exponent)") ?? 0
        }
    }

    /// Compact JSON text for the number.
    public var description: String {
        switch self.storage {
        case .integer(let value):
            return String(value)
        case .decimal(let isNegative, let digits, let exponent):
            let sign = isNegative ? "-" : ""
            let text = String(digits.map { Character(Unicode.Scalar($0 + 0x30)) })
            let pointPosition = digits.count + exponent
            if exponent >= 0, pointPosition <= 40 {
                return sign + text + String(repeating: "0", count: exponent)
            }
            if exponent < 0, pointPosition > 0 {
                let split = text.index(text.startIndex, offsetBy: pointPosition)
                return sign + text[..<split] + "." + text[split...]
            }
            if exponent < 0, pointPosition > -6 {
                return sign + "0." + String(repeating: "0", count: -pointPosition) + text
            }
            let mantissa = digits.count == 1 ? text : String(text.prefix(1)) + "." + text.dropFirst()
            return sign + mantissa + "e" + String(pointPosition - 1)
        }
    }
}
