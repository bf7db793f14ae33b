import ArgumentParser
import BPIHash
import BPITools
import Foundation

/// Runs a command body, turning a `ToolError` into its message on stderr and its exit status
/// (any other error is reported the same way with status 2), never a stack trace.
func runTool(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ToolError {
        FileHandle.standardError.write(Data("bpi: \(error.description)\n".utf8))
        throw ExitCode(error.exitCode)
    } catch {
        FileHandle.standardError.write(Data("bpi: \(error)\n".utf8))
        throw ExitCode(2)
    }
}

struct BPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bpi",
        abstract: "Metanode BPI mesh tools: canonical CBOR, hashing, Merkle trees, benchmarks.",
        discussion: """
            Exit status: 0 success; 1 a check ran and failed (e.g. a Merkle proof that does not verify); \
            2 malformed or non-canonical input, or a file that cannot be read; 64 bad command-line usage.
            """,
        subcommands: [CBORCommand.self, HashCommand.self, MerkleCommand.self, BenchCommand.self])
}

struct CBORCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cbor", abstract: "Convert between JSON and canonical CBOR (RFC 8949 §4.2.1).",
        discussion: """
            JSON form: integers (-2^64 … 2^64-1), strings, true/false/null, arrays and objects map directly. \
            A byte string is written {"$hex":"0a1b"}; a map with non-text keys is {"$map":[[key,value],…]}. \
            Floats, duplicate keys and out-of-range integers are refused.
            """,
        subcommands: [Encode.self, Decode.self])

    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read one JSON value on stdin; print its canonical CBOR as hex.")
        func run() throws { try runTool { print(try CBORTool.encode(json: try InputReader.readText())) } }
    }

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read canonical CBOR hex on stdin; print it as JSON. Non-canonical input exits 2.")
        func run() throws { try runTool { print(try CBORTool.decode(hex: try InputReader.readText())) } }
    }
}

extension HashAlgorithm: ExpressibleByArgument {}

struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash", abstract: "Print the BLAKE3-256 or SHA-256 digest of a file or stdin, optionally as H(tag ‖ bytes).")

    @Argument(help: "blake3 or sha256.") var algorithm: HashAlgorithm
    @Argument(help: "File to hash; standard input when omitted.") var file: String?
    @Option(help: "Domain tag byte from docs/SPEC.md, e.g. 0x12: hashes tag ‖ bytes.") var tag: String?
    @Flag(help: "Print {\"algorithm\",\"tag\",\"digest\"} as JSON.") var json = false

    func run() throws {
        try runTool {
            let tag = try tag.map(HashTool.parseTag)
            let digest = try HashTool.digest(algorithm, tag: tag, path: file)
            if json {
                let tagField = tag.map { "\"\($0)\"" } ?? "null"
                print("{\"algorithm\":\"\(algorithm.rawValue)\",\"tag\":\(tagField),\"digest\":\"\(digest.hex)\"}")
            } else {
                print(digest.hex)
            }
        }
    }
}

struct MerkleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merkle",
        abstract: "Merkle roots and inclusion proofs over hex leaves read one per line on stdin (a blank line is an empty leaf).",
        discussion:
            "Rules (docs/SPEC.md §3): leaf H(0x00‖leaf), node H(0x01‖l‖r), odd node paired with itself, root H(0x02‖u64be(n)‖top).",
        subcommands: [Root.self, Proof.self, Verify.self])

    struct Root: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the count-bound root of the leaves on stdin.")
        @Flag(help: "Print {\"root\",\"count\"} as JSON.") var json = false
        func run() throws {
            try runTool {
                let leaves = try MerkleTool.parseLeaves(try InputReader.readText())
                let root = Merkle.root(leaves: leaves)
                print(json ? "{\"root\":\"\(root.hex)\",\"count\":\(leaves.count)}" : root.hex)
            }
        }
    }

    struct Proof: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the inclusion proof of leaf --index as JSON: {\"count\",\"index\",\"siblings\"}.")
        @Option(help: "Zero-based index of the leaf to prove.") var index: Int
        func run() throws {
            try runTool {
                print(try MerkleTool.proofJSON(leaves: try MerkleTool.parseLeaves(try InputReader.readText()), index: index))
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a proof (JSON from `bpi merkle proof`) on stdin; exit 0 if it proves --leaf under --root, 1 if not.")
        @Option(help: "The expected root, 64 hex digits.") var root: String
        @Option(help: "The leaf, in hex.") var leaf: String
        func run() throws {
            try runTool {
                try MerkleTool.verify(rootHex: root, leafHex: leaf, proofJSON: try InputReader.readText())
                print("valid")
            }
        }
    }
}

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure BLAKE3 (beside b3sum --num-threads 1) and Merkle roots; print a table or JSON.",
        discussion: "Build in release mode first (swift build -c release); debug builds are many times slower.")
    @Flag(help: "Print the figures as JSON.") var json = false

    func run() throws {
        let figures = BenchmarkReport.runAll { FileHandle.standardError.write(Data("… \($0)\n".utf8)) }
        print(json ? BenchmarkReport.json(figures) : BenchmarkReport.table(figures))
    }
}

BPI.main()
