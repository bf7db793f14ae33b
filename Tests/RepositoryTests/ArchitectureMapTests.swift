import BPITestSupport
import Foundation
import Testing

/// `docs/ARCHITECTURE.md`'s module map is the truth about `Package.swift`, and the layering rule
/// holds: a target depends only on lower layers; the light client links no node, network or
/// storage code.
@Suite("Architecture map")
struct ArchitectureMapTests {
    /// One row of the map.
    struct Row {
        var layer: Int
        var name: String
        var kind: String
        var targets: Set<String>
        var products: Set<String>
    }

    static func manifest() throws -> PackageManifest {
        try PackageManifest(contentsOf: TestPaths.packageRoot.appendingPathComponent("Package.swift"))
    }

    /// The rows of the table under "## Module map".
    static func rows() throws -> [Row] {
        let text = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("docs/ARCHITECTURE.md"), encoding: .utf8)
        guard let section = text.range(of: "## Module map") else { return [] }
        let body = text[section.upperBound...].split(separator: "\n## ", maxSplits: 1).first ?? ""
        func names(_ cell: Substring) -> Set<String> {
            Set(
                cell.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " `")) }.filter {
                    !$0.isEmpty && $0 != "—"
                })
        }
        return body.split(separator: "\n").compactMap { line -> Row? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().map {
                $0.trimmingCharacters(in: .whitespaces)[...]
            }
            guard cells.count >= 6, let layer = Int(cells[0]) else { return nil }
            return Row(
                layer: layer, name: cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`")), kind: String(cells[2]),
                targets: names(cells[3]), products: names(cells[4]))
        }
    }

    @Test(
        "every non-test target of Package.swift has one row with its kind and exact dependencies, and no row names a target that does not exist"
    )
    func mapMatchesManifest() throws {
        let manifest = try Self.manifest()
        let rows = try Self.rows()
        let targets = manifest.targets.filter { $0.kind != "testTarget" }
        #expect(targets.count >= 20, "the manifest reader found only \(targets.count) targets")
        #expect(rows.count >= 20, "the map has only \(rows.count) rows")
        let kinds = ["target": "library", "executableTarget": "executable", "systemLibrary": "system library"]
        for t in targets {
            let matching = rows.filter { $0.name == t.name }
            guard matching.count == 1, let row = matching.first else {
                Issue.record("target \(t.name) has \(matching.count) rows in docs/ARCHITECTURE.md (want 1)")
                continue
            }
            #expect(row.kind == kinds[t.kind], "\(t.name): the map says \(row.kind), Package.swift \(t.kind)")
            #expect(
                row.targets == t.targets, "\(t.name): the map lists \(row.targets.sorted()), Package.swift \(t.targets.sorted())")
            #expect(
                row.products == t.products,
                "\(t.name): the map lists libraries \(row.products.sorted()), Package.swift \(t.products.sorted())")
        }
        for row in rows where !targets.contains(where: { $0.name == row.name }) {
            Issue.record("docs/ARCHITECTURE.md maps \(row.name), which Package.swift does not have")
        }
        let testTargets = manifest.targets.filter { $0.kind == "testTarget" }
        #expect(testTargets.count >= 10, "the manifest reader found only \(testTargets.count) test targets")
    }

    @Test("layering: every target's layer is above each of its dependencies' layers")
    func layering() throws {
        let rows = try Self.rows()
        let layer = Dictionary(uniqueKeysWithValues: rows.map { ($0.name, $0.layer) })
        var compared = 0
        for row in rows {
            for d in row.targets {
                guard let below = layer[d] else {
                    Issue.record("\(row.name) depends on \(d), which has no layer")
                    continue
                }
                compared += 1
                #expect(below < row.layer, "\(row.name) (layer \(row.layer)) depends on \(d) (layer \(below))")
            }
        }
        #expect(compared >= 50, "compared only \(compared) dependencies")
    }

    @Test("the light client and lc-verify link no node, network, storage or state-machine code")
    func lightClientClosure() throws {
        let manifest = try Self.manifest()
        let forbiddenTargets: Set = ["BPINode", "BPINet", "BPIConsensus", "BPITools", "BPISimulation", "BPIDevCA"]
        let forbiddenProducts: Set = [
            "GRDB", "Hummingbird", "NIOCore", "NIOPosix", "NIOConcurrencyHelpers", "Prometheus", "ServiceLifecycle", "Logging",
            "X509",
        ]
        for name in ["BPILightClient", "BPILightClientTool", "lc-verify"] {
            #expect(manifest[name] != nil, "\(name) not found in Package.swift")
            let closure = manifest.closure(of: name)
            #expect(closure.targets.contains("BPITypes"), "\(name)'s closure was not computed: \(closure.targets.sorted())")
            #expect(
                closure.targets.isDisjoint(with: forbiddenTargets),
                "\(name) reaches \(closure.targets.intersection(forbiddenTargets).sorted())")
            #expect(
                closure.products.isDisjoint(with: forbiddenProducts),
                "\(name) reaches \(closure.products.intersection(forbiddenProducts).sorted())")
        }
    }

    @Test("the manifest reader sees through .product(...) entries and finds a closure")
    func readerSanity() throws {
        let manifest = try Self.manifest()
        let node = try #require(manifest["BPINode"])
        #expect(node.products.contains("GRDB") && node.products.contains("Hummingbird"))
        #expect(!node.targets.contains("GRDB"))
        #expect(manifest.closure(of: "bpi").products.contains("GRDB"), "bpi links the node, so its closure must reach GRDB")
    }
}
