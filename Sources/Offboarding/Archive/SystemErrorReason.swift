import Foundation

/// Short reasons for file-system failures, such as `Permission denied`, instead of Foundation's
/// "The operation could not be completed".
enum SystemErrorReason {
    /// The POSIX reason inside a Foundation file error, or its description.
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(nsError.code)))
        }
        return nsError.localizedDescription
    }

    /// The reason for the current `errno`.
    static func lastError() -> String { String(cString: strerror(errno)) }
}
