import BPITestSupport
import Foundation
import Testing

/// The repository stands alone: a clone with nothing beside it builds and passes its tests.
/// Every vector the tests read is committed with its licence, and no tracked file points outside.
@Suite("Repository stands alone")
struct SelfContainedTests {
    static let root = TestPaths.packageRoot.standardizedFileURL

    /// Whether `url` lies inside the repository (by its path; a venv's `python3` is a symlink to the
    /// system interpreter, which is fine: the venv is the repository's).
    static func inside(_ url: URL) -> Bool {
        let path = url.standardizedFileURL.path
        let base = root.path
        return path == base || path.hasPrefix(base + "/")
    }

    /// The files under `folder`, relative to it, skipping hidden entries.
    static func files(under folder: URL) -> [String] {
        guard
            let e = FileManager.default.enumerator(
                at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else {
            return []
        }
        var out: [String] = []
        for case let url as URL in e where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            out.append(String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1)))
        }
        return out.sorted()
    }

    @Test("every path the test support resolves lies inside the repository, and the vectors folder exists")
    func pathsInside() {
        #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("Package.swift").path))
        #expect(Self.inside(TestPaths.vectors))
        #expect(Self.inside(TestPaths.vector("wycheproof/ed25519_test.json")))
        #expect(FileManager.default.fileExists(atPath: TestPaths.vectors.path))
        #expect(
            Self.inside(URL(fileURLWithPath: Oracle.python)), "the oracle interpreter \(Oracle.python) is outside the repository")
        #expect(!Self.inside(Self.root.deletingLastPathComponent().appendingPathComponent("shared")))
    }

    @Test("every committed vector file is named in Tests/Vectors/README.md, exists, and each upstream folder has its licence")
    func vectorsListed() throws {
        let folder = TestPaths.vectors
        let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        let files = Self.files(under: folder).filter { $0 != "README.md" }
        let data = files.filter { $0.hasSuffix(".json") }
        #expect(data.count >= 12, "found only \(data.count) vector files")
        for f in data { #expect(readme.contains("`\(f)`"), "Tests/Vectors/\(f) is not listed in Tests/Vectors/README.md") }
        let folders = Set(files.compactMap { $0.contains("/") ? String($0.split(separator: "/")[0]) : nil })
        #expect(folders.count >= 4)
        for d in folders {
            #expect(files.contains { $0.hasPrefix("\(d)/LICENSE") }, "Tests/Vectors/\(d) has no LICENSE file")
        }
        let listed = readme.matches(of: try Regex(#"\| `([^`]+\.json)`"#)).map { String($0.output[1].substring ?? "") }
        #expect(listed.count == data.count)
        for f in listed { #expect(files.contains(f), "Tests/Vectors/README.md lists \(f), which is not committed") }
    }

    @Test("no source, test, script or document refers to a folder beside the clone")
    func nothingOutside() throws {
        let needles = [
            "../" + "shared", "shared/" + "vectors", "/work/" + "main", "/opt/" + "swift-packages", "BPI_SHARED_" + "VECTORS",
        ]
        let roots = ["Sources", "Tests", "Fuzz", "scripts", "docs", ".ci"]
        let topLevel = ["Package.swift", "README.md", "CONTRIBUTING.md"]
        var scanned = 0
        var paths = topLevel
        for r in roots { paths += Self.files(under: Self.root.appendingPathComponent(r)).map { "\(r)/\($0)" } }
        for p in paths where !p.hasPrefix("Tests/Vectors/") || p.hasSuffix(".md") {
            guard let data = FileManager.default.contents(atPath: Self.root.appendingPathComponent(p).path),
                let text = String(data: data, encoding: .utf8)
            else { continue }
            scanned += 1
            for n in needles { #expect(!text.contains(n), "\(p) refers to \(n)") }
        }
        #expect(scanned >= 200, "scanned only \(scanned) files")
    }
}
