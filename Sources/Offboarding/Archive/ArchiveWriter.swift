import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes snapshots of organizations to `<directory>/archive/<organization id>/` before they are deleted.
///
/// Each snapshot is one pretty-printed JSON file with sorted keys, named
/// `<UTC timestamp>-<request key>.json` (for example `20260122T103000.123Z-msg-42.json`). It is written
/// atomically and durably: to a temporary file that is fsynced, renamed into place, and followed by an
/// fsync of the directory, so after ``write(_:)`` returns the file exists complete or, after a crash
/// before that, not at all. Files and directories are private to the owner (0600, 0700).
public struct ArchiveWriter: Sendable {
    /// The state directory (`OFFBOARD_STATE_DIR`).
    public let directory: String

    /// The longest request-key part of a file name, before its hash suffix.
    private static let maximumKeyLength = 80

    public init(directory: String) {
        self.directory = directory
    }

    /// Writes `snapshot` and returns the path of the file.
    ///
    /// The organization id and the request key are reduced to `A-Z a-z 0-9 . _ -` (anything else becomes
    /// `_`, and a hash of the original keeps altered names distinct), so no key can escape the directory.
    ///
    /// - Throws: An ``ArchiveError`` when the directory or the file cannot be written.
    public func write(_ snapshot: ArchiveSnapshot) throws -> String {
        let archive = URL(fileURLWithPath: self.directory).appendingPathComponent("archive")
        let organization = archive.appendingPathComponent(Self.sanitized(snapshot.organizationID))
        if let reason = FileSystem.createDirectory(organization.path) {
            throw ArchiveError(code: .cannotCreateDirectory, path: organization.path, reason: reason)
        }
        let name = "\(Self.fileTimestamp(snapshot.archivedAt))-\(Self.sanitized(snapshot.requestKey)).json"
        let final = organization.appendingPathComponent(name).path
        let temporary = organization.appendingPathComponent(".\(name).\(UUID().uuidString).tmp").path

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // The snapshot holds only strings, integers and arrays of them; encoding cannot fail.
        let data = try! encoder.encode(snapshot) + Data("\n".utf8)

        try Self.writeSynced(data, to: temporary)
        guard rename(temporary, final) == 0 else {
            let reason = FileSystem.lastError()
            unlink(temporary)
            throw ArchiveError(code: .cannotWriteFile, path: final, reason: reason)
        }
        // The rename is durable only once the directories holding it are synced.
        try Self.syncDirectory(organization.path)
        try Self.syncDirectory(archive.path)
        return final
    }

    // MARK: - Naming

    /// `2026-01-22T10:30:00.123Z` becomes `20260122T103000.123Z`: sortable, and no `:` in file names.
    static func fileTimestamp(_ date: Date) -> String {
        UTCTimestamp.string(from: date).filter { $0 != "-" && $0 != ":" }
    }

    /// A file-name-safe form of `value`; see ``write(_:)``.
    static func sanitized(_ value: String) -> String {
        let safe = String(
            value.unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": Character(scalar)
                default: "_"
                }
            }
        )
        let isUnchanged =
            safe == value && !value.isEmpty && value.count <= Self.maximumKeyLength
            && value != "." && value != ".."
        if isUnchanged {
            return safe
        }
        return "\(safe.prefix(Self.maximumKeyLength))_\(Self.fnv1a(value))"
    }

    /// A stable 64-bit FNV-1a hash in hex, to keep sanitized names distinct.
    private static func fnv1a(_ value: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in value.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    // MARK: - File system

    private static func writeSynced(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ArchiveError(code: .cannotWriteFile, path: path, reason: FileSystem.lastError())
        }
        var failure: String?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Self.systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = FileSystem.lastError()
                    return
                }
                offset += written
            }
        }
        if failure == nil && fsync(descriptor) != 0 {
            failure = FileSystem.lastError()
        }
        if close(descriptor) != 0 && failure == nil {
            failure = FileSystem.lastError()
        }
        if let failure {
            unlink(path)
            throw ArchiveError(code: .cannotWriteFile, path: path, reason: failure)
        }
    }

    private static func syncDirectory(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ArchiveError(code: .cannotWriteFile, path: path, reason: FileSystem.lastError())
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw ArchiveError(code: .cannotWriteFile, path: path, reason: FileSystem.lastError())
        }
    }

    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
        #else
        Darwin.write(descriptor, bytes, count)
        #endif
    }
}
