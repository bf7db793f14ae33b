import BPICodec
import BPICrypto
import BPITestSupport
import Foundation
import Testing

/// `agreementc` on the command line: the three example agreements build, inspect and simulate
/// (allowed, denied, rejected, co-signed), repeated runs are compared, and bad input exits 2.
@Suite struct AgreementCLITests {
    static func temporary() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("agreementc-\(UUID().uuidString.prefix(8))").path
    }

    static func example(_ name: String) -> String {
        TestPaths.packageRoot.appendingPathComponent("examples/agreements/\(name)").path
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func theExampleAgreementsBuildInspectAndSimulate() throws {
        let dir = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        var ids: [String] = []
        for name in ["input-schema", "output-bound", "cosigned"] {
            let built = try AgreementcBinary.run(["build", Self.example(name), "--out", "\(dir)/\(name).agreement", "--json"])
            #expect(built.status == 0, "\(name): \(built.err)")
            let view = try Self.json(built.out)
            let id = try #require(view["id"] as? String)
            ids.append(id)
            // Building again gives the same bytes and id; inspect reads them back.
            let again = try AgreementcBinary.run(["build", Self.example(name), "--out", "\(dir)/\(name)-2.agreement", "--json"])
            #expect(try Self.json(again.out)["id"] as? String == id)
            #expect(
                FileManager.default.contents(atPath: "\(dir)/\(name).agreement")
                    == FileManager.default.contents(atPath: "\(dir)/\(name)-2.agreement"))
            let inspected = try AgreementcBinary.run(["inspect", "\(dir)/\(name).agreement"])
            #expect(
                inspected.status == 0 && inspected.out.contains(id) && inspected.out.contains("agreement \(name) v1"),
                "\(inspected.err)")
        }
        #expect(Set(ids).count == 3)

        // input-schema: a CSV with the header is allowed; plain words are denied before the run.
        try "id,name,amount\n1,ann,5\n".write(toFile: dir + "/in/doc.txt", atomically: true, encoding: .utf8)
        let allowed = try AgreementcBinary.run([
            "simulate", dir + "/input-schema.agreement", "--workload", "example:wordcount", "--input", dir + "/in", "--runs", "5",
        ])
        #expect(
            allowed.status == 0 && allowed.out.contains("5, all byte-identical") && allowed.out.contains("pre       allow"),
            "\(allowed.out)\(allowed.err)")
        try "just some words\n".write(toFile: dir + "/in/doc.txt", atomically: true, encoding: .utf8)
        let denied = try AgreementcBinary.run([
            "simulate", dir + "/input-schema.agreement", "--workload", "example:wordcount", "--input", dir + "/in", "--json",
        ])
        #expect(denied.status == 1, "\(denied.err)")
        let deniedReceipt = try #require(try Self.json(denied.out)["receipt"] as? [String: Any])
        #expect(deniedReceipt["outcome"] as? String == "policy-denied")
        let verdicts = try #require(deniedReceipt["policyResults"] as? [[String: Any]])
        #expect(verdicts.first?["verdict"] as? String == "deny")
        #expect((verdicts.first?["reason"] as? String)?.contains("id,name,amount") == true)

        // output-bound: three words are accepted; thirteen rejected after the run.
        let bound = try AgreementcBinary.run([
            "simulate", dir + "/output-bound.agreement", "--workload", "example:wordcount", "--input", dir + "/in",
        ])
        #expect(bound.status == 0 && bound.out.contains("post      accept"), "\(bound.out)")
        try "a b c d e f g h i j k l m\n".write(toFile: dir + "/in/doc.txt", atomically: true, encoding: .utf8)
        let over = try AgreementcBinary.run([
            "simulate", dir + "/output-bound.agreement", "--workload", "example:wordcount", "--input", dir + "/in",
        ])
        #expect(
            over.status == 1 && over.out.contains("post      reject") && over.out.contains("above the bound of 12"), "\(over.out)"
        )

        // cosigned: rejected until the co-signer signs the output hash the simulation printed.
        let unsigned = try AgreementcBinary.run([
            "simulate", dir + "/cosigned.agreement", "--workload", "example:wordcount", "--input", dir + "/in", "--json",
        ])
        #expect(unsigned.status == 1)
        let outputHash = try #require((try Self.json(unsigned.out)["receipt"] as? [String: Any])?["outputHash"] as? String)
        let cosigner = try Ed25519PrivateKey(seed: [UInt8](repeating: 0x0C, count: 32))
        FileManager.default.createFile(atPath: dir + "/in/cosign.sig", contents: Data(cosigner.sign(try Hex.decode(outputHash))))
        let cosigned = try AgreementcBinary.run([
            "simulate", dir + "/cosigned.agreement", "--workload", "example:wordcount", "--input", dir + "/in",
        ])
        #expect(
            cosigned.status == 0 && cosigned.out.contains("post      accept") && cosigned.out.contains("approved"),
            "\(cosigned.out)")
    }

    @Test func badManifestsBundlesAndWorkloadsExitTwo() throws {
        let dir = Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let missing = try AgreementcBinary.run(["build", dir + "/nothing"])
        #expect(missing.status == 2 && missing.err.contains("no such file"))
        try "name = \"x\"\ngoverns = [\"example:wordcount\"]\npolicies = [\"p.wat\"]\ncolour = \"red\"\n".write(
            toFile: dir + "/manifest.toml", atomically: true, encoding: .utf8)
        let unknownKey = try AgreementcBinary.run(["build", dir])
        #expect(unknownKey.status == 2 && unknownKey.err.contains("unknown key colour"), "\(unknownKey.err)")
        try "name = \"x\"\ngoverns = [\"example:wordcount\"]\npolicies = [\"p.wat\"]\n".write(
            toFile: dir + "/manifest.toml", atomically: true, encoding: .utf8)
        try
            #"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32))) (memory (export "memory") 1) (func (export "pre") (result i32) (i32.const 0)))"#
            .write(toFile: dir + "/p.wat", atomically: true, encoding: .utf8)
        let escape = try AgreementcBinary.run(["build", dir, "--out", dir + "/x.agreement"])
        #expect(escape.status == 2 && escape.err.contains("outside the policy ABI"), "\(escape.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.agreement"))
        try "not a bundle".write(toFile: dir + "/junk.agreement", atomically: true, encoding: .utf8)
        let junk = try AgreementcBinary.run(["inspect", dir + "/junk.agreement"])
        #expect(junk.status == 2 && junk.err.contains("not an agreement bundle"), "\(junk.err)")
        let built = try AgreementcBinary.run(["build", Self.example("output-bound"), "--out", dir + "/b.agreement"])
        #expect(built.status == 0, "\(built.err)")
        let ungoverned = try AgreementcBinary.run(["simulate", dir + "/b.agreement", "--workload", "example:entropy"])
        #expect(ungoverned.status == 2 && ungoverned.err.contains("does not govern"), "\(ungoverned.err)")
        let zeroRuns = try AgreementcBinary.run([
            "simulate", dir + "/b.agreement", "--workload", "example:wordcount", "--runs", "0",
        ])
        #expect(zeroRuns.status == 2)
        let usage = try AgreementcBinary.run(["frobnicate"])
        #expect(usage.status == 64)
    }
}

/// The range-claim example (docs/SPEC.md §14.8) on the command line: `agreementc build` pins its
/// Groth16 key, `agreementc claim` checks and writes the claim, `bpi run --claim` runs approved with
/// the claim in its receipt, without it the policy denies, and a claim that does not hold exits 1.
@Suite struct ClaimCLITests {
    @Test func theRangeClaimExampleBuildsClaimsAndRuns() throws {
        let dir = AgreementCLITests.temporary()
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("one two three".utf8).write(to: URL(fileURLWithPath: dir + "/in/doc.txt"))
        let example = AgreementCLITests.example("range-claim")
        let built = try AgreementcBinary.run(["build", example, "--out", dir + "/rc.agreement", "--json"])
        #expect(built.status == 0, "\(built.err)")
        #expect((try AgreementCLITests.json(built.out)["claimKeys"] as? [String])?.count == 1)
        let inputs = try String(contentsOfFile: example + "/inputs.txt", encoding: .utf8).split(separator: "\n").map(String.init)
        let claimArgs = ["claim", "--agreement", dir + "/rc.agreement", "--proof", "@" + example + "/proof.hex"]
        let made = try AgreementcBinary.run(claimArgs + inputs.flatMap { ["--input", $0] } + ["--out", dir + "/claim.cbor"])
        #expect(made.status == 0, "\(made.err)")
        let run = try BPIBinary.run([
            "run", "--example", "wordcount", "--input", dir + "/in", "--out", dir + "/o1", "--agreement", dir + "/rc.agreement",
            "--claim", dir + "/claim.cbor",
        ])
        let view = try AgreementCLITests.json(run.out)
        #expect(run.status == 0 && view["approved"] as? Bool == true, "\(run.err)")
        #expect(((view["claim"] as? [String: Any])?["inputs"] as? [String]) == inputs)
        let unclaimed = try BPIBinary.run([
            "run", "--example", "wordcount", "--input", dir + "/in", "--out", dir + "/o2", "--agreement", dir + "/rc.agreement",
        ])
        #expect(try AgreementCLITests.json(unclaimed.out)["outcome"] as? String == "policy-denied")
        // A bound one off: the proof does not hold (exit 1), and no claim file is written.
        var wrong = inputs
        wrong[0] = String(wrong[0].dropLast()) + (wrong[0].hasSuffix("4") ? "5" : "4")
        let refused = try AgreementcBinary.run(claimArgs + wrong.flatMap { ["--input", $0] } + ["--out", dir + "/bad.cbor"])
        #expect(refused.status == 1 && !FileManager.default.fileExists(atPath: dir + "/bad.cbor"), "\(refused.err)")
        // A tampered claim file is refused by bpi run before anything runs (exit 2).
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/claim.cbor")))
        bytes[bytes.count - 5] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/tampered.cbor"))
        let tampered = try BPIBinary.run([
            "run", "--example", "wordcount", "--input", dir + "/in", "--out", dir + "/o3", "--agreement", dir + "/rc.agreement",
            "--claim", dir + "/tampered.cbor",
        ])
        #expect(tampered.status == 2, "\(tampered.err)")
    }
}
