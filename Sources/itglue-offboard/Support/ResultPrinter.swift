import Foundation
import Offboarding

/// Prints a result as pretty JSON on standard output and gives the exit status it stands for.
enum ResultPrinter {
    static func print(_ result: OffboardingResult) -> Int32 {
        self.print(json: result.jsonBytes())
        return result.isSuccess ? ExitStatus.success : ExitStatus.failure
    }

    static func print(json bytes: [UInt8]) {
        var text = String(decoding: bytes, as: UTF8.self)
        if let object = try? JSONSerialization.jsonObject(with: Data(bytes)),
            let pretty = try? JSONSerialization.data(
                withJSONObject: object,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            )
        {
            text = String(decoding: pretty, as: UTF8.self)
        }
        Swift.print(text)
    }
}
