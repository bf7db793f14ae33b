import ArgumentParser
import BPIDA
import BPIToolKit
import BPITools
import Foundation

struct DACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "da",
        abstract: "Data availability: erasure-code objects into shards and rebuild them (docs/SPEC.md §15).",
        subcommands: [Encode.self, Decode.self, VerifyShard.self])

    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Split a file into chunks and Reed-Solomon-code each into n shard files (any k rebuild it).",
            discussion: """
                Writes OUT/chunk-C-shard-S.bin for every shard and OUT/manifest.json (parameters, the object's \
                BLAKE3 hash, every shard's BLAKE3 hash). RS(k, n) over GF(2^8) with ISA-L's Cauchy matrix; chunks of \
                --chunk-size bytes (262144–524288), the last one shorter. Exit 2 for bad parameters or an OUT \
                that is not empty.
                """)
        @Option(help: "Data shards per chunk.") var k = CodingParameters.standard.k
        @Option(help: "Shards per chunk (data + parity).") var n = CodingParameters.standard.n
        @Option(help: "Bytes per chunk (262144–524288).") var chunkSize = CodingParameters.standard.chunkSize
        @Option(name: .customLong("in"), help: "The object (a file).") var input: String
        @Option(help: "The directory to write (created; must be empty).") var out: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try runTool {
                let report = try DATool.encode(
                    input: input, outDir: out, parameters: CodingParameters(k: k, n: n, chunkSize: chunkSize))
                if json {
                    printJSON(report)
                } else {
                    print(
                        "object \(report.objectHash): \(report.size) bytes in \(report.chunks) chunks × \(report.n) shards "
                            + "(any \(report.k) rebuild a chunk) → \(report.out)")
                }
            }
        }
    }

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild an object from whichever of its shards are present.",
            discussion: """
                Reads IN/manifest.json and the shard files there; a shard that is missing or fails its hash is \
                skipped and reported. Exit 0 when the object is rebuilt (its hash checked), 1 when some chunk has \
                fewer than k intact shards (named), 2 for a missing or corrupt manifest.
                """)
        @Option(name: .customLong("in"), help: "A directory bpi da encode wrote.") var input: String
        @Option(help: "Where to write the object.") var out: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try runTool {
                let report = try DATool.decode(inDir: input, output: out)
                if json {
                    printJSON(report)
                } else {
                    print(
                        "object \(report.objectHash): \(report.size) bytes rebuilt → \(report.out) "
                            + "(missing \(report.missing.count), corrupt \(report.corrupt.count) shards)")
                }
            }
        }
    }

    struct VerifyShard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-shard",
            abstract: "Check one shard file against its object's shard root: bytes → contentHash → header → Merkle path.",
            discussion: """
                The header and Merkle path of shard --shard of chunk --chunk come from IN/manifest.json (checked: its \
                objectID and shardRoot must be the ones its shards give); the check uses only them and the object. \
                Prints the header (canonical CBOR, hex) and the path, so a third party can repeat it. Exit 0 when \
                the shard checks, 1 when it does not (saying why), 2 for a bad manifest or a shard the object does \
                not have. (Checking the shard root against a finalized header's daRoot comes with the da-commit \
                frame, SPEC §15.)
                """)
        @Option(name: .customLong("in"), help: "A directory bpi da encode wrote (its manifest.json).") var input: String
        @Option(help: "The chunk index.") var chunk: Int
        @Option(help: "The shard index within the chunk.") var shard: Int
        @Option(help: "The shard's bytes (a file).") var file: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try runTool {
                let report = try DATool.verifyShard(inDir: input, chunk: chunk, shard: shard, file: file)
                if json {
                    printJSON(report)
                } else {
                    print(
                        report.verified
                            ? "shard \(chunk)/\(shard) of object \(report.objectID): verified against shardRoot \(report.shardRoot)"
                            : "shard \(chunk)/\(shard) of object \(report.objectID): NOT verified: \(report.refusal ?? "")")
                }
                if !report.verified { throw ToolError.verificationFailed(report.refusal ?? "the shard does not check") }
            }
        }
    }
}
