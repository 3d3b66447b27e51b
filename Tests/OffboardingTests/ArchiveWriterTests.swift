import Foundation
import Offboarding
import Testing

@Suite struct ArchiveWriterTests {
    /// 2026-01-22T10:30:00Z.
    private static let archivedAt = Date(timeIntervalSince1970: 1_769_077_800)

    private let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("archive-tests-\(UUID().uuidString)").path

    private func snapshot(requestKey: String = "msg-42", organizationID: String = "123456") -> ArchiveSnapshot {
        ArchiveSnapshot(
            organizationID: organizationID,
            organizationName: "Example Client",
            organizationAttributesJSON:
                #"{"name":"Example Client","organization-status-name":"Active","primary":false}"#,
            dependentRecords: [
                ArchiveSnapshot.Record(kind: "configurations", id: "9001", name: "EXAMPLE-DC01"),
                ArchiveSnapshot.Record(kind: "documents", id: "77", name: nil),
            ],
            counts: DependencyCounts(configurations: 1, documents: 1),
            requestKey: requestKey,
            requestID: "r-1",
            requestedBy: "jane@example.com",
            reason: "contract ended",
            archivedAt: Self.archivedAt,
            itglueExportURL: nil
        )
    }

    private func files(in path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    @Test func writesAReadableSnapshot() throws {
        let writer = ArchiveWriter(directory: self.directory)
        let snapshot = self.snapshot()
        let path = try writer.write(snapshot)
        #expect(path == "\(self.directory)/archive/123456/20260122T103000.000Z-msg-42.json")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try JSONDecoder().decode(ArchiveSnapshot.self, from: data) == snapshot)

        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"archived_at\" : \"2026-01-22T10:30:00.000Z\",\n  \"counts\" : {"))
        #expect(text.hasSuffix("}\n"))
        #expect(!text.contains("itglue_export_url"))
    }

    @Test func leavesNoTemporaryFilesAndKeepsFilesPrivate() throws {
        let writer = ArchiveWriter(directory: self.directory)
        let path = try writer.write(self.snapshot())
        #expect(try self.files(in: "\(self.directory)/archive/123456") == ["20260122T103000.000Z-msg-42.json"])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
    }

    @Test func rewritingTheSameSnapshotReplacesIt() throws {
        let writer = ArchiveWriter(directory: self.directory)
        var snapshot = self.snapshot()
        let first = try writer.write(snapshot)
        snapshot.reason = "second attempt"
        let second = try writer.write(snapshot)
        #expect(first == second)
        #expect(try self.files(in: "\(self.directory)/archive/123456").count == 1)
        let data = try Data(contentsOf: URL(fileURLWithPath: second))
        #expect(try JSONDecoder().decode(ArchiveSnapshot.self, from: data).reason == "second attempt")
    }

    @Test(arguments: ["../../../etc/passwd", "/absolute", "a/b", "..", ".", "", "key with spaces\n", "ключ"])
    func unsafeRequestKeysStayInsideTheOrganizationDirectory(key: String) throws {
        let writer = ArchiveWriter(directory: self.directory)
        let path = try writer.write(self.snapshot(requestKey: key))
        let organizationDirectory = "\(self.directory)/archive/123456"
        #expect(URL(fileURLWithPath: path).deletingLastPathComponent().path == organizationDirectory)
        let name = URL(fileURLWithPath: path).lastPathComponent
        #expect(name.hasPrefix("20260122T103000.000Z-"))
        #expect(name.hasSuffix(".json"))
        #expect(name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
        #expect(try self.files(in: organizationDirectory) == [name])
    }

    @Test func unsafeOrganizationIDsAreSanitizedToo() throws {
        let writer = ArchiveWriter(directory: self.directory)
        let path = try writer.write(self.snapshot(organizationID: "../../outside"))
        #expect(path.hasPrefix("\(self.directory)/archive/"))
        #expect(try self.files(in: "\(self.directory)/archive").count == 1)
        #expect(!FileManager.default.fileExists(atPath: "\(self.directory)/outside"))
    }

    @Test func distinctKeysGetDistinctFiles() throws {
        let writer = ArchiveWriter(directory: self.directory)
        let keys = ["a/b", "a_b", "a:b", String(repeating: "k", count: 200), String(repeating: "k", count: 201)]
        let paths = try keys.map { try writer.write(self.snapshot(requestKey: $0)) }
        #expect(Set(paths).count == keys.count)
        #expect(paths[1].hasSuffix("-a_b.json"))
        #expect(paths.allSatisfy { URL(fileURLWithPath: $0).lastPathComponent.count < 140 })
    }

    @Test func unwritableDirectoryGivesAClearError() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("archive-file-\(UUID().uuidString)")
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let writer = ArchiveWriter(directory: file.path)
        let error = try #require(throws: ArchiveError.self) { try writer.write(self.snapshot()) }
        #expect(error.code == .cannotCreateDirectory)
        #expect(error.description == "archive: \(file.path)/archive/123456: Not a directory")
    }
}
