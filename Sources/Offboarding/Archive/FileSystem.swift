import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX calls the state directory needs, with `strerror` reasons (`Not a directory`), which
/// Foundation on Linux reports only as "NSCocoaErrorDomain error 512".
enum FileSystem {
    /// Creates `path` and its missing parents with mode 0700.
    ///
    /// - Returns: `nil` on success (also when the directory exists), else the reason it failed.
    static func createDirectory(_ path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) == 0 { continue }
            let error = errno
            guard error == EEXIST else { return Self.reason(error) }
            var status = stat()
            guard stat(prefix, &status) == 0 else { return Self.lastError() }
            guard status.st_mode & S_IFMT == S_IFDIR else { return Self.reason(ENOTDIR) }
        }
        return nil
    }

    /// The reason for the current `errno`.
    static func lastError() -> String { Self.reason(errno) }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
