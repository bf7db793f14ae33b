import ArgumentParser
import BPIDA
import BPIToolKit
import BPITools
import Foundation

struct DACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "da",
        abstract: "Data availability: erasure-code objects, commit them to the mesh, prove and check shards (docs/SPEC.md §15).",
        subcommands: [
            Encode.self, Decode.self, Put.self, Get.self, Keygen.self, Commit.self, Prove.self, VerifyShard.self, Sample.self,
            Sampler.self, Challenge.self, Respond.self, Fault.self, CAR.self,
        ])

    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Code a file and store its shards across a pinner's backends (placement checked; alias: pin).",
            discussion: """
                Codes --in (RS(k, n), chunks of --chunk-size) and places shard s of chunk c on backend (c + s) mod B; \
                refused when losing --tolerate backends could leave a chunk with fewer than k shards. The record \
                (manifest and placement) is written to HOME/objects/ID.json once every shard is stored. Prints the \
                object id and the throughput. Exit 0 stored, 2 bad options, an unreadable file or a backend failure.
                """,
            aliases: ["pin"])
        @OptionGroup var pinner: PinnerOptions
        @Option(name: .customLong("in"), help: "The object (a file).") var input: String
        @Option(help: "Data shards per chunk.") var k = CodingParameters.standard.k
        @Option(help: "Shards per chunk (data + parity).") var n = CodingParameters.standard.n
        @Option(help: "Bytes per chunk (262144–524288).") var chunkSize = CodingParameters.standard.chunkSize
        @Option(
            name: .customLong("encrypt-to"),
            help: "Seal the object before coding for this reader's X25519 public key (hex; repeat per reader; bpi da keygen).")
        var recipients: [String] = []
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let p = try await PinnerTool.open(home: pinner.home, backends: pinner.backends, tolerance: pinner.tolerate)
                let report = try await PinnerTool.put(
                    input: input, pinner: p, parameters: CodingParameters(k: k, n: n, chunkSize: chunkSize),
                    recipients: recipients)
                if json {
                    printJSON(report)
                } else {
                    print(
                        "object \(report.objectID): \(report.size) bytes, \(report.shards) shards on \(report.backends.count) backends "
                            + "(tolerates \(report.tolerance) lost) in \(String(format: "%.2f", report.seconds)) s, "
                            + "\(String(format: "%.0f", report.mibPerSecond)) MiB/s")
                }
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild an object from a pinner's backends (any k intact shards per chunk).",
            discussion: """
                Reads the data shards of each chunk, checking each against its recorded hash, and falls back to parity \
                shards for any that are missing, corrupt or on a backend that is down. Exit 0 rebuilt (its hash \
                checked), 1 when some chunk has fewer than k intact shards reachable or the object is not pinned here, \
                2 bad options or an unwritable output.
                """)
        @OptionGroup var pinner: PinnerOptions
        @Option(help: "The object id.") var id: String
        @Option(help: "Where to write the object.") var out: String
        @Option(help: "Open a sealed object with this X25519 private key file (hex, mode 0600; bpi da keygen).") var key: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let p = try await PinnerTool.open(home: pinner.home, backends: pinner.backends, tolerance: pinner.tolerate)
                let report = try await PinnerTool.get(id: id, pinner: p, output: out, keyFile: key)
                if json {
                    printJSON(report)
                } else {
                    print(
                        "object \(report.objectID): \(report.size) bytes → \(report.out) in \(String(format: "%.2f", report.seconds)) s, "
                            + "\(String(format: "%.0f", report.mibPerSecond)) MiB/s")
                }
            }
        }
    }

    struct CAR: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "car",
            abstract: "A coded object as a CAR v1 file for IPFS/Filecoin: export, import, verify (SPEC §15.6).",
            subcommands: [Export.self, Import.self, Verify.self])

        enum Hash: String, ExpressibleByArgument, CaseIterable {
            case sha256 = "sha2-256"
            case blake3

            var function: CID.HashFunction { self == .sha256 ? .sha256 : .blake3 }
        }

        struct Export: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write the object coded in a directory (bpi da encode) as a CAR whose root is its object node.",
                discussion: """
                    Raw leaves (the shards), DAG-CBOR nodes (shard: header + leaf link; chunk: its shard links; object: \
                    the canonical DAObject + chunk links), CIDv1 with sha2-256 (or --hash blake3, multihash 0x1e). A \
                    missing or corrupt shard is rebuilt from k others first. Exit 0 written, 1 a chunk cannot be rebuilt, \
                    2 a bad manifest or an unwritable output.
                    """)
            @Option(name: .customLong("in"), help: "A directory bpi da encode wrote.") var input: String
            @Option(help: "The CAR file to write.") var out: String
            @Option(help: "The multihash of every CID: sha2-256 or blake3.") var hash: Hash = .sha256
            @Flag(help: "Print JSON.") var json = false

            func run() throws {
                try runTool {
                    let report = try DATool.exportCAR(inDir: input, output: out, hash: hash.function)
                    if json {
                        printJSON(report)
                    } else {
                        print(
                            "root \(report.root): object \(report.objectID), \(report.blocks) blocks, \(report.bytes) bytes → \(out)"
                        )
                    }
                }
            }
        }

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Check a CAR and write its shards and manifest into a directory (then bpi da decode rebuilds the object).",
                discussion:
                    "Exit 0 written, 1 the CAR does not check (a block, a shard, the shard root), 2 malformed or an OUT that is not empty."
            )
            @Option(help: "The CAR file.") var car: String
            @Option(help: "The directory to write (created; must be empty).") var out: String
            @Flag(help: "Print JSON.") var json = false

            func run() throws {
                try runTool {
                    let report = try DATool.importCAR(car, outDir: out)
                    if json { printJSON(report) } else { print("object \(report.objectID) (root \(report.root)) → \(out)") }
                }
            }
        }

        struct Verify: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check a CAR: every block against its CID, the DAG from the root, every shard, the shard root.",
                discussion: "Exit 0 valid, 1 a block, shard or the shard root does not check, 2 not a CAR.")
            @Option(help: "The CAR file.") var car: String
            @Flag(help: "Print JSON.") var json = false

            func run() throws {
                try runTool {
                    let (report, _) = try DATool.verifyCAR(car)
                    if json {
                        printJSON(report)
                    } else {
                        print(
                            "OK: root \(report.root), object \(report.objectID), shard root \(report.shardRoot), \(report.blocks) blocks"
                        )
                    }
                }
            }
        }
    }

    struct Sample: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sample a committed object's shards from a pinner as one validator would (SPEC §15.4).",
            discussion: """
                Verifies the chain from the genesis up to the height that committed the object, checks the object \
                under that header's daRoot, draws validator --validator's schedule (the header's VRF output, the \
                validator's identity key, the object) — s distinct shards per chunk, s the smallest giving \
                P_miss < 2^-32 across the set's honest samplers unless --per-chunk says otherwise — and reads each \
                from --pinner, checking it against the object. With --challenge-as, each failed sample opens a \
                challenge (bpi da challenge) against the object's storer as that registered service. Exit 0 every \
                sample intact, 1 a sample failed (each is named, with its challenge) or the chain or the object proof \
                did not verify, 2 bad options.
                """)
        @Option(help: "A validator's API (the chain and the object proof).") var rpc: String
        @Option(help: "A pinner's API (bpi pinner serve).") var pinner: String
        @Option(help: "The object id.") var id: String
        @Option(help: "The sampling validator's index in the set that signed the committing header.") var validator: Int
        @Option(help: "The trusted genesis.json (default: the node's).") var genesis: String?
        @Option(help: "Distinct shards per chunk (default: the plan's minimum for 2^-32).") var perChunk: Int?
        @Option(help: "Open a challenge for each failed sample as this registered service (local name; SPEC §15.8).")
        var challengeAs: String?
        @OptionGroup var home: HomeOption
        @Option(help: "File whose first line is the challenging service key's passphrase.") var passphraseFile: String?
        @Option(help: "Seconds to wait for each challenge's finality.") var timeout = 60.0
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                if let perChunk, perChunk < 1 { throw ToolError.badInput("--per-chunk must be at least 1") }
                let node = try RPCClient(url: rpc, timeout: 30)
                var report = try await DATool.sample(
                    rpc: node, pinner: try RPCClient(url: pinner, timeout: 30), id: id, validator: validator,
                    genesisPath: genesis, perChunk: perChunk)
                if let challengeAs, !report.failedPositions.isEmpty {
                    let challenger = DATool.Challenger(
                        home: home.url, service: challengeAs, passphrase: try Passphrase.read(file: passphraseFile),
                        timeout: timeout)
                    await DATool.challengeFailures(&report, rpc: node, as: challenger)
                }
                if json {
                    printJSON(report)
                } else {
                    let odds =
                        report.log2Miss.map {
                            "P_miss = 2^\(String(format: "%.1f", $0)) across \(report.samplers) honest samplers"
                        } ?? "k per chunk: a miss is impossible"
                    print(
                        "object \(report.objectID) at height \(report.height), validator \(report.validator): "
                            + "\(report.intact)/\(report.sampled) samples intact (\(report.perChunk) per chunk; \(odds))")
                    for f in report.failed { print("FAILED \(f)") }
                    for c in report.challenges ?? [] { print("CHALLENGED \(c)") }
                }
                if !report.failed.isEmpty {
                    throw ToolError.verificationFailed("\(report.failed.count) samples failed: challenge the storer")
                }
            }
        }
    }

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an X25519 key pair for reading sealed objects (bpi da put --encrypt-to, get --key).",
            discussion:
                "Writes the private key (hex) to --out with mode 0600 (never over an existing file) and prints the public key. Exit 0, 2 when --out exists or cannot be written."
        )
        @Option(help: "Where to write the private key.") var out: String

        func run() throws {
            try runTool { print(try PinnerTool.keygen(out: out)) }
        }
    }

    struct Commit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Commit a coded object to the mesh: a da-commit frame whose block's daRoot then commits it.",
            discussion: """
                Reads IN/manifest.json (bpi da encode), recomputes the object's shard root from it, sends the object \
                (parameters, hash, shard root; not its bytes) as a da-commit frame signed by a registered service, to \
                itself, and waits until a header finalizes it. Prints the object id and the height. Exit 0 committed, \
                1 refused by the node, 2 a bad manifest or an unreachable node.
                """)
        @OptionGroup var submit: FrameSubmitOptions
        @Option(name: .customLong("in"), help: "A directory bpi da encode wrote.") var input: String
        @Option(help: "The committing service (local name).") var service: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let committed = try await DATool.commit(
                    inDir: input, home: submit.home.url, service: service, passphrase: try submit.passphrase(),
                    rpc: try submit.client(), timeout: submit.timeout)
                if json { printJSON(committed) } else { print(committed.text) }
            }
        }
    }

    struct Prove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch a committed object's proof against its header's daRoot and the chain up to that height.",
            discussion: """
                Writes OUT/proof.json (GET /v1/da/objects/{id}) and OUT/chain.cbor, nothing of which is trusted yet: \
                bpi da verify-shard --proof OUT/proof.json --genesis G --chain OUT/chain.cbor checks a shard through \
                them from the genesis alone. Exit 0, 1 when the node holds no such committed object, 2 when it cannot \
                be reached.
                """)
        @Option(help: "The node's API.") var rpc: String
        @Option(help: "The object id (64 hex digits; bpi da encode and commit print it).") var id: String
        @Option(help: "Directory to write proof.json and chain.cbor into.") var out: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runToolAsync {
                let proof = try await DATool.prove(rpc: try RPCClient(url: rpc, timeout: 30), id: id, directory: out)
                if json { printJSON(proof) } else { print("object \(proof.id) at height \(proof.height): written to \(out)") }
            }
        }
    }

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
                not have. With --proof, --genesis and --chain (bpi da prove) it also verifies the chain from the \
                genesis alone and checks that the object is under the daRoot of the verified header the proof names: \
                shard bytes → contentHash → header → shardRoot → object → daRoot → header.
                """)
        @Option(name: .customLong("in"), help: "A directory bpi da encode wrote (its manifest.json).") var input: String
        @Option(help: "The chunk index.") var chunk: Int
        @Option(help: "The shard index within the chunk.") var shard: Int
        @Option(help: "The shard's bytes (a file).") var file: String
        @Option(help: "The object's proof against a header's daRoot (bpi da prove writes proof.json).") var proof: String?
        @Option(help: "The trusted genesis.json (with --proof).") var genesis: String?
        @Option(help: "The chain file (with --proof; bpi da prove writes chain.cbor).") var chain: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard (proof == nil) == (genesis == nil), (proof == nil) == (chain == nil) else {
                throw ValidationError("--proof, --genesis and --chain go together")
            }
        }

        func run() throws {
            try runTool {
                let evidence = proof.map {
                    DATool.ChainEvidence(proofPath: $0, genesisPath: genesis ?? "", chainPath: chain ?? "")
                }
                let report = try DATool.verifyShard(inDir: input, chunk: chunk, shard: shard, file: file, chain: evidence)
                if json {
                    printJSON(report)
                } else {
                    print(
                        report.verified
                            ? "shard \(chunk)/\(shard) of object \(report.objectID): verified against shardRoot \(report.shardRoot)"
                                + (report.height.map { ", committed by the daRoot of verified height \($0)" } ?? "")
                            : "shard \(chunk)/\(shard) of object \(report.objectID): NOT verified: \(report.refusal ?? "")")
                }
                if !report.verified { throw ToolError.verificationFailed(report.refusal ?? "the shard does not check") }
            }
        }
    }
}
