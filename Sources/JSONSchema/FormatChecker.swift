import Foundation

/// Checks the `format` values of draft 2020-12 Validation §7.3 (RFC 3339, RFC 5321, RFC 1123, RFC 4291,
/// RFC 3986/3987, RFC 6570, RFC 4122, RFC 6901). Unknown formats always pass.
enum FormatChecker {
    static func isValid(_ string: String, format: String) -> Bool {
        switch format {
        case "date-time": return Self.isDateTime(string)
        case "date": return Self.isDate(Substring(string))
        case "time": return Self.isTime(Substring(string))
        case "duration": return Self.isDuration(string)
        case "email", "idn-email": return Self.isEmail(string, allowsUnicode: format == "idn-email")
        case "hostname": return Self.isHostname(string)
        case "idn-hostname": return Self.isHostname(string, allowsUnicode: true)
        case "ipv4": return Self.isIPv4(Substring(string))
        case "ipv6": return Self.isIPv6(string)
        case "uri": return Self.isURI(string, requiresScheme: true, allowsUnicode: false)
        case "uri-reference": return Self.isURI(string, requiresScheme: false, allowsUnicode: false)
        case "iri": return Self.isURI(string, requiresScheme: true, allowsUnicode: true)
        case "iri-reference": return Self.isURI(string, requiresScheme: false, allowsUnicode: true)
        case "uri-template": return Self.isURITemplate(string)
        case "uuid": return Self.isUUID(string)
        case "regex": return (try? RegexPattern(string)) != nil
        case "json-pointer": return Self.isJSONPointer(Substring(string))
        case "relative-json-pointer": return Self.isRelativeJSONPointer(string)
        default: return true
        }
    }

    private static func digits(_ text: Substring, count: Int) -> Int? {
        guard text.count == count, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }

    // MARK: - Dates and times (RFC 3339 §5.6)

    static func isDate(_ text: Substring) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let year = Self.digits(parts[0], count: 4), let month = Self.digits(parts[1], count: 2),
            let day = Self.digits(parts[2], count: 2), (1...12).contains(month), day >= 1
        else { return false }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    static func isTime(_ text: Substring) -> Bool {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 9, utf8[2] == UInt8(ascii: ":"), utf8[5] == UInt8(ascii: ":") else { return false }
        let string = String(decoding: utf8, as: UTF8.self)
        let characters = Array(string)
        guard let hour = Self.digits(Substring(String(characters[0..<2])), count: 2),
            let minute = Self.digits(Substring(String(characters[3..<5])), count: 2),
            let second = Self.digits(Substring(String(characters[6..<8])), count: 2)
        else { return false }
        var index = 8
        if index < characters.count, characters[index] == "." {
            index += 1
            let start = index
            while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
            if index == start { return false }
        }
        guard index < characters.count else { return false }
        var offsetMinutes = 0
        let zone = String(characters[index...])
        if zone == "Z" || zone == "z" {
            offsetMinutes = 0
        } else {
            let zoneCharacters = Array(zone)
            guard zoneCharacters.count == 6, zoneCharacters[0] == "+" || zoneCharacters[0] == "-",
                zoneCharacters[3] == ":",
                let zoneHour = Self.digits(Substring(String(zoneCharacters[1..<3])), count: 2),
                let zoneMinute = Self.digits(Substring(String(zoneCharacters[4..<6])), count: 2),
                zoneHour <= 23, zoneMinute <= 59
            else { return false }
            offsetMinutes = (zoneHour * 60 + zoneMinute) * (zoneCharacters[0] == "+" ? 1 : -1)
        }
        guard hour <= 23, minute <= 59, second <= 60 else { return false }
        if second == 60 {
            // A leap second is only valid at 23:59:60 UTC.
            let utcMinutes = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utcMinutes == 23 * 60 + 59
        }
        return true
    }

    static func isDateTime(_ text: String) -> Bool {
        guard let separator = text.firstIndex(where: { $0 == "T" || $0 == "t" }) else { return false }
        return Self.isDate(text[..<separator]) && Self.isTime(text[text.index(after: separator)...])
    }

    /// ISO 8601 durations as RFC 3339 Appendix A restricts them.
    static func isDuration(_ text: String) -> Bool {
        var characters = Substring(text)
        guard characters.first == "P" else { return false }
        characters = characters.dropFirst()
        guard !characters.isEmpty else { return false }
        let parts = characters.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        func units(_ part: Substring, allowed: [Character]) -> [Character]? {
            var found: [Character] = []
            var number = ""
            for character in part {
                if character.isASCII, character.isNumber {
                    number.append(character)
                } else {
                    guard !number.isEmpty, allowed.contains(character) else { return nil }
                    if let last = found.last, allowed.firstIndex(of: last)! >= allowed.firstIndex(of: character)! {
                        return nil
                    }
                    found.append(character)
                    number = ""
                }
            }
            return number.isEmpty ? found : nil
        }
        guard let dateUnits = units(parts[0], allowed: ["Y", "M", "W", "D"]) else { return false }
        if dateUnits.contains("W"), dateUnits.count > 1 { return false }
        if parts.count == 2 {
            guard let timeUnits = units(parts[1], allowed: ["H", "M", "S"]), !timeUnits.isEmpty else { return false }
            if dateUnits.contains("W") { return false }
            return true
        }
        return !dateUnits.isEmpty
    }

    // MARK: - Internet names and addresses

    static func isEmail(_ text: String, allowsUnicode: Bool) -> Bool {
        guard let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty, local.utf8.count <= 64 else { return false }
        if local.hasPrefix("\""), local.hasSuffix("\""), local.count >= 2 {
            // Quoted local part: printable characters, escapes allowed.
        } else {
            if local.hasPrefix(".") || local.hasSuffix(".") || local.contains("..") { return false }
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.")
            for character in local where !allowed.contains(character) {
                if !(allowsUnicode && !character.isASCII) { return false }
            }
        }
        if domain.hasPrefix("["), domain.hasSuffix("]") {
            let literal = domain.dropFirst().dropLast()
            if literal.hasPrefix("IPv6:") { return Self.isIPv6(String(literal.dropFirst(5))) }
            return Self.isIPv4(literal)
        }
        return Self.isHostname(String(domain), allowsUnicode: allowsUnicode)
    }

    static func isHostname(_ text: String, allowsUnicode: Bool = false) -> Bool {
        let name = text
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else {
                return false
            }
            for character in label {
                let isASCIIAllowed = character.isASCII && (character.isLetter || character.isNumber || character == "-")
                if !isASCIIAllowed && !(allowsUnicode && !character.isASCII) { return false }
            }
            // Labels with "--" in positions 3-4 are reserved for encodings such as Punycode ("xn--").
            let characters = Array(label)
            if characters.count >= 4, characters[2] == "-", characters[3] == "-",
                label.lowercased().hasPrefix("xn--") == false
            {
                return false
            }
        }
        return true
    }

    static func isIPv4(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let value = Int(part), value <= 255, part == "0" || !part.hasPrefix("0")
            else { return false }
        }
        return true
    }

    static func isIPv6(_ text: String) -> Bool {
        guard !text.isEmpty, text.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
        var groups = text.components(separatedBy: ":")
        if let last = groups.last, last.contains(".") {
            // An embedded IPv4 address stands for the last two groups.
            guard Self.isIPv4(Substring(last)) else { return false }
            groups.removeLast()
            groups += ["0", "0"]
        }
        let compressions = text.components(separatedBy: "::").count - 1
        guard compressions <= 1 else { return false }
        if compressions == 0 {
            return groups.count == 8 && groups.allSatisfy { !$0.isEmpty && $0.count <= 4 }
        }
        if text.hasPrefix(":") && !text.hasPrefix("::") { return false }
        if text.hasSuffix(":") && !text.hasSuffix("::") { return false }
        let nonEmpty = groups.filter { !$0.isEmpty }
        return nonEmpty.count <= 7 && nonEmpty.allSatisfy { $0.count <= 4 }
    }

    // MARK: - URIs (RFC 3986, RFC 3987)

    static func isURI(_ text: String, requiresScheme: Bool, allowsUnicode: Bool) -> Bool {
        let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%")
        var iterator = Array(text).makeIterator()
        while let character = iterator.next() {
            if !character.isASCII {
                if !allowsUnicode { return false }
                continue
            }
            guard unreserved.contains(character) else { return false }
            if character == "%" {
                guard let high = iterator.next(), let low = iterator.next(), high.isHexDigit, low.isHexDigit else {
                    return false
                }
            }
        }
        let reference = URIReference(text)
        if requiresScheme, reference.scheme == nil { return false }
        if reference.scheme == nil, let colon = reference.path.firstIndex(of: ":") {
            // A relative path's first segment cannot contain ':' (RFC 3986 §4.2).
            if !reference.path[..<colon].contains("/") { return false }
        }
        if let authority = reference.authority {
            var host = Substring(authority)
            if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
            if host.hasPrefix("[") {
                guard let close = host.firstIndex(of: "]") else { return false }
                let literal = host[host.index(after: host.startIndex)..<close]
                if !literal.hasPrefix("v") && !literal.hasPrefix("V") && !Self.isIPv6(String(literal)) { return false }
                host = host[host.index(after: close)...]
                if !host.isEmpty, !host.hasPrefix(":") { return false }
            } else if host.contains("[") || host.contains("]") {
                return false
            }
            if let colon = host.lastIndex(of: ":") {
                let port = host[host.index(after: colon)...]
                if !port.allSatisfy({ $0.isASCII && $0.isNumber }) { return false }
            }
        }
        if reference.path.contains("[") || reference.path.contains("]") { return false }
        if let fragment = reference.fragment, fragment.contains("#") { return false }
        return true
    }

    static func isURITemplate(_ text: String) -> Bool {
        var isInExpression = false
        for character in text {
            switch character {
            case "{":
                if isInExpression { return false }
                isInExpression = true
            case "}":
                if !isInExpression { return false }
                isInExpression = false
            default:
                continue
            }
        }
        return !isInExpression
    }

    static func isUUID(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count == 36 else { return false }
        for (index, character) in characters.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                if character != "-" { return false }
            } else if !character.isHexDigit {
                return false
            }
        }
        return true
    }

    // MARK: - JSON Pointers (RFC 6901, draft-handrews-relative-json-pointer)

    static func isJSONPointer(_ text: Substring) -> Bool {
        if text.isEmpty { return true }
        guard text.hasPrefix("/") else { return false }
        let characters = Array(text)
        for (index, character) in characters.enumerated() where character == "~" {
            guard index + 1 < characters.count, characters[index + 1] == "0" || characters[index + 1] == "1" else {
                return false
            }
        }
        return true
    }

    static func isRelativeJSONPointer(_ text: String) -> Bool {
        let digitsEnd = text.firstIndex { !($0.isASCII && $0.isNumber) } ?? text.endIndex
        let prefix = text[..<digitsEnd]
        guard !prefix.isEmpty, prefix == "0" || !prefix.hasPrefix("0") else { return false }
        let rest = text[digitsEnd...]
        if rest.isEmpty || rest == "#" { return true }
        if let sign = rest.first, sign == "+" || sign == "-" {
            let afterSign = rest.dropFirst()
            let offsetEnd = afterSign.firstIndex { !($0.isASCII && $0.isNumber) } ?? afterSign.endIndex
            let offset = afterSign[..<offsetEnd]
            guard !offset.isEmpty, offset == "0" || !offset.hasPrefix("0") else { return false }
            let remainder = afterSign[offsetEnd...]
            return remainder.isEmpty || remainder == "#" || Self.isJSONPointer(remainder)
        }
        return Self.isJSONPointer(rest)
    }
}
