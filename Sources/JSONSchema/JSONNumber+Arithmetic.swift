extension JSONNumber: Comparable {
    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.compare(to: rhs) < 0
    }

    /// Sign, digits and exponent, with integers expanded into digits.
    var decimalParts: (isNegative: Bool, digits: [UInt8], exponent: Int) {
        switch self.storage {
        case .decimal(let isNegative, let digits, let exponent):
            return (isNegative, digits, exponent)
        case .integer(let value):
            var magnitude = value.magnitude
            var digits: [UInt8] = []
            while magnitude > 0 {
                digits.append(UInt8(magnitude % 10))
                magnitude /= 10
            }
            var exponent = 0
            var reversed = Array(digits.reversed())
            while let last = reversed.last, last == 0 {
                reversed.removeLast()
                exponent += 1
            }
            return (value < 0, reversed, exponent)
        }
    }

    /// -1, 0 or 1, comparing exact values.
    func compare(to other: JSONNumber) -> Int {
        if case .integer(let lhs) = self.storage, case .integer(let rhs) = other.storage {
            return lhs < rhs ? -1 : (lhs == rhs ? 0 : 1)
        }
        let lhs = self.decimalParts
        let rhs = other.decimalParts
        let lhsSign = lhs.digits.isEmpty ? 0 : (lhs.isNegative ? -1 : 1)
        let rhsSign = rhs.digits.isEmpty ? 0 : (rhs.isNegative ? -1 : 1)
        if lhsSign != rhsSign { return lhsSign < rhsSign ? -1 : 1 }
        if lhsSign == 0 { return 0 }
        let magnitude = Self.compareMagnitudes(lhs.digits, lhs.exponent, rhs.digits, rhs.exponent)
        return lhsSign > 0 ? magnitude : -magnitude
    }

    private static func compareMagnitudes(_ a: [UInt8], _ ea: Int, _ b: [UInt8], _ eb: Int) -> Int {
        let orderA = a.count + ea
        let orderB = b.count + eb
        if orderA != orderB { return orderA < orderB ? -1 : 1 }
        for index in 0..<max(a.count, b.count) {
            let digitA = index < a.count ? a[index] : 0
            let digitB = index < b.count ? b[index] : 0
            if digitA != digitB { return digitA < digitB ? -1 : 1 }
        }
        return 0
    }

    /// Whether `self / divisor` is an integer, computed exactly when the divisor has at most 19 significant
    /// digits (every practical schema), otherwise with `Double`.
    func isMultiple(of divisor: JSONNumber) -> Bool {
        let value = self.decimalParts
        let divisorParts = divisor.decimalParts
        if value.digits.isEmpty { return true }
        if divisorParts.digits.isEmpty { return false }
        if case .integer(let lhs) = self.storage, case .integer(let rhs) = divisor.storage {
            return lhs.remainderReportingOverflow(dividingBy: rhs).partialValue == 0
        }
        // value = dv × 10^ev, divisor = dd × 10^ed. With ev < ed, dv would need ed - ev trailing zeros, which
        // canonical digits never have.
        if value.exponent < divisorParts.exponent { return false }
        guard divisorParts.digits.count <= 19 else {
            let quotient = self.doubleValue / divisor.doubleValue
            return quotient.isFinite && quotient == quotient.rounded()
        }
        var modulus: UInt64 = 0
        for digit in divisorParts.digits { modulus = modulus * 10 + UInt64(digit) }
        var remainder: UInt64 = 0
        for digit in value.digits { remainder = (Self.mulMod(remainder, 10, modulus) + UInt64(digit)) % modulus }
        let shift = value.exponent - divisorParts.exponent
        remainder = Self.mulMod(remainder, Self.powMod(10, shift, modulus), modulus)
        return remainder == 0
    }

    private static func mulMod(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 {
        // Both factors below m keep the high word below m, as dividingFullWidth requires.
        let product = (a % m).multipliedFullWidth(by: b % m)
        return m.dividingFullWidth((product.high, product.low)).remainder
    }

    private static func powMod(_ base: UInt64, _ exponent: Int, _ m: UInt64) -> UInt64 {
        var result: UInt64 = 1 % m
        var factor = base % m
        var remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result = Self.mulMod(result, factor, m) }
            factor = Self.mulMod(factor, factor, m)
            remaining >>= 1
        }
        return result
    }
}
