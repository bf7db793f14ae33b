import BPIDockLock
import BPIHash
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// The fuzz targets of BPIDockLock's decoders, run as seeded mutation tests (scripts/fuzz says why
/// they are not libFuzzer builds): the witness-log reader and the WASM cage's loader take every
/// corpus input and thousands of mutations of them without crashing or hanging; what the reader
/// accepts round-trips, and what the cage runs, it runs the same way twice.
@Suite struct DecoderFuzzTests {
    static func corpus(_ name: String) throws -> [[UInt8]] {
        let dir = TestPaths.packageRoot.appendingPathComponent("Fuzz/Corpus/\(name)")
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map {
            [UInt8](try Data(contentsOf: dir.appendingPathComponent($0)))
        }
    }

    /// A seeded mutation of `input`: bit flips, byte sets, truncation, duplication, insertion.
    static func mutate(_ input: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !bytes.isEmpty else { return [UInt8.random(in: 0...255, using: &rng)] }
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: bytes[at] ^= 1 << UInt8.random(in: 0...7, using: &rng)
            case 1: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 2: bytes.removeLast(Int.random(in: 0...(bytes.count - at), using: &rng))
            case 3: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 16)], at: at)
            default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
            }
        }
        return bytes
    }

    @Test func witnessLogReaderTakesCorpusAndMutations() throws {
        let corpus = try Self.corpus("witness-log")
        #expect(corpus.count >= 4)
        var rng = SeededGenerator(seed: 14)
        var accepted = 0
        for input in corpus + (0..<3_000).map({ Self.mutate(corpus[$0 % corpus.count], &rng) }) {
            guard let entries = try? WitnessLog.decode(input, maxRawBytes: 1 << 20) else { continue }
            accepted += 1
            #expect(try WitnessLog.decode(WitnessLog.encode(entries)) == entries)
        }
        #expect(accepted >= corpus.count)
    }

    /// Bundles: every mutation is refused by the decoder or the loader, or loads and judges a run the
    /// same way twice; none crashes.
    @Test func agreementBundlesTakeCorpusAndMutations() throws {
        let corpus = try Self.corpus("agreement").filter { $0.count > 200 }
        #expect(corpus.count >= 3)
        var rng = SeededGenerator(seed: 15)
        var loaded = 0
        let wordcount = try DockLock.wasm(fromWAT: ExampleWorkload.wordcount.wat)
        for input in corpus + (0..<1_500).map({ Self.mutate(corpus[$0 % corpus.count], &rng) }) {
            guard let bundle = try? AgreementBundle(canonicalBytes: input) else { continue }
            #expect(bundle.canonicalBytes() == input)
            guard let agreement = try? Agreement(bundle: bundle) else { continue }
            loaded += 1
            guard bundle.manifest.governs.contains(RunHeader.moduleHash(wordcount)) else { continue }
            let job = try RunJob(
                module: wordcount, inputs: [RunInput(name: "doc.txt", content: Array("a b".utf8))], seed: .zero, timeMs: 0,
                args: ["fuzz"], agreementID: agreement.id)
            let a = try DockLock.run(job, agreement: agreement)
            let b = try DockLock.run(job, agreement: agreement)
            #expect(a.receipt == b.receipt)
        }
        #expect(loaded >= corpus.count)
    }

    @Test func wasmLoaderTakesCorpusAndMutationsAndRunsDeterministically() throws {
        var modules = try Self.corpus("wasm-module")
        for w in ExampleWorkload.allCases { modules.append(try DockLock.wasm(fromWAT: w.wat)) }
        for r in ExampleWorkload.Refused.allCases { modules.append(try DockLock.wasm(fromWAT: ExampleWorkload.wat(r))) }
        var rng = SeededGenerator(seed: 25)
        let limits = RunLimits(fuel: 20_000, memoryPages: 4, outputBytes: 4_096)
        var ran = 0
        var refused = 0
        for module in modules + (0..<1_500).map({ Self.mutate(modules[$0 % modules.count], &rng) }) {
            let job = try RunJob(
                module: module, inputs: [RunInput(name: "doc.txt", content: Array("a b".utf8))], seed: .zero, timeMs: 0,
                args: ["fuzz"], limits: limits)
            do {
                let a = try DockLock.run(job)
                let b = try DockLock.run(job)
                #expect(a.receipt == b.receipt, "a module ran two ways")
                ran += 1
            } catch {
                refused += 1
            }
        }
        #expect(ran >= modules.count / 2 && refused >= 100, "ran \(ran), refused \(refused)")
    }
}
