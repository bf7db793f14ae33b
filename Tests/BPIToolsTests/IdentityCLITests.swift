import BPICodec
import BPITestSupport
import BPITools
import Foundation
import Testing

/// A temporary `--home` plus a passphrase file.
private struct CLIHome {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-cli-\(UUID().uuidString)")
    var home: String { dir.appendingPathComponent("home").path }
    var passphraseFile: String { dir.appendingPathComponent("pw").path }

    init() throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "correct horse\n".write(toFile: passphraseFile, atomically: true, encoding: .utf8)
    }

    func file(_ name: String) -> String { dir.appendingPathComponent(name).path }
    func remove() { try? FileManager.default.removeItem(at: dir) }
}

@Suite("bpi keys and bpi ca")
struct IdentityCLITests {
    @Test("keys gen/show/list/rotate through the binary: 0600 files, typed errors, no overwrite")
    func keys() throws {
        let h = try CLIHome()
        defer { h.remove() }
        let gen = try BPIBinary.run([
            "keys", "gen", "--home", h.home, "--name", "v1", "--passphrase-file", h.passphraseFile, "--json",
        ])
        #expect(gen.status == 0, "\(gen.err)")
        #expect(gen.out.contains("\"spiffeID\":\"spiffe://bpi.local/validator/"))
        let mode = try FileManager.default.attributesOfItem(atPath: h.home + "/keys/v1.key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!gen.out.contains("correct horse") && !gen.err.contains("correct horse"))

        let again = try BPIBinary.run(["keys", "gen", "--home", h.home, "--name", "v1", "--passphrase-file", h.passphraseFile])
        #expect(again.status == 2 && again.err.contains("already exists"))
        let show = try BPIBinary.run(["keys", "show", "v1", "--home", h.home, "--trust-domain", "mesh.test"])
        #expect(show.status == 0 && show.out.contains("spiffe://mesh.test/validator/"))
        #expect(try BPIBinary.run(["keys", "show", "nope", "--home", h.home]).err.contains("no key named \"nope\""))

        try "wrong\n".write(toFile: h.file("bad"), atomically: true, encoding: .utf8)
        let wrong = try BPIBinary.run(["keys", "rotate", "v1", "--home", h.home, "--passphrase-file", h.file("bad")])
        #expect(wrong.status == 2 && wrong.err.contains("wrong passphrase"))
        let rotate = try BPIBinary.run([
            "keys", "rotate", "v1", "--home", h.home, "--passphrase-file", h.passphraseFile, "--json",
        ])
        #expect(rotate.status == 0 && rotate.out.contains("\"sequence\":1"))
        #expect(try BPIBinary.run(["keys", "list", "--home", h.home]).out.contains("rotations: 1"))

        // A corrupted key file is reported, not crashed on.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: h.home + "/keys/v1.key")))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: h.home + "/keys/v1.key"))
        let corrupt = try BPIBinary.run(["keys", "show", "v1", "--home", h.home])
        #expect(corrupt.status == 2 && corrupt.err.contains("corrupted"))
    }

    @Test(
        "a failed keys command changes nothing: a bad trust domain refuses gen and rotate before any file is written; one damaged key does not hide the others in list"
    )
    func failedCommandsHaveNoSideEffects() throws {
        let h = try CLIHome()
        defer { h.remove() }
        func keyFiles() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: h.home + "/keys")) ?? []).sorted()
        }
        let badGen = try BPIBinary.run([
            "keys", "gen", "--home", h.home, "--name", "frank", "--trust-domain", "Bad Domain!", "--passphrase-file",
            h.passphraseFile,
        ])
        #expect(badGen.status == 2 && badGen.err.hasPrefix("bpi: "), "\(badGen.err)")
        #expect(keyFiles().isEmpty, "\(keyFiles())")
        // The retry after fixing the domain succeeds: nothing was left behind.
        let retry = try BPIBinary.run([
            "keys", "gen", "--home", h.home, "--name", "frank", "--trust-domain", "mesh.test", "--passphrase-file",
            h.passphraseFile,
        ])
        #expect(retry.status == 0, "\(retry.err)")
        let before = keyFiles()
        let keyBefore = try Data(contentsOf: URL(fileURLWithPath: h.home + "/keys/frank.key"))
        let badRotate = try BPIBinary.run([
            "keys", "rotate", "frank", "--home", h.home, "--trust-domain", "BAD!", "--passphrase-file", h.passphraseFile,
        ])
        #expect(badRotate.status == 2)
        #expect(keyFiles() == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: h.home + "/keys/frank.key")) == keyBefore)
        // No temporary file is ever left beside the keys.
        #expect(!keyFiles().contains { $0.contains(".tmp-") })

        #expect(
            try BPIBinary.run(["keys", "gen", "--home", h.home, "--name", "a.b", "--passphrase-file", h.passphraseFile]).err
                .contains("'-' or '_'"))
        #expect(
            try BPIBinary.run(["keys", "gen", "--home", h.home, "--name", "grace", "--passphrase-file", h.passphraseFile])
                .status == 0)
        try Data([0, 1, 2]).write(to: URL(fileURLWithPath: h.home + "/keys/frank.key"))
        let list = try BPIBinary.run(["keys", "list", "--home", h.home])
        #expect(list.status == 2)
        #expect(list.out.contains("grace") && list.out.contains("frank  UNREADABLE"), "\(list.out)")
        #expect(list.err == "bpi: 1 key file(s) cannot be read: frank\n", "\(list.err)")
    }

    @Test("the default home is $HOME/.bpi (BPI_HOME and --home take precedence)")
    func homeFollowsHOME() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("bpi-home-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home
        environment["BPI_HOME"] = nil
        let list = try Subprocess.run(BPIBinary.path, ["keys", "list"], environment: environment)
        #expect(list.status == 0 && list.out == "no keys in \(home)/.bpi/keys\n", "\(list.out) \(list.err)")
        environment["BPI_HOME"] = home + "/elsewhere"
        let override = try Subprocess.run(BPIBinary.path, ["keys", "list"], environment: environment)
        #expect(override.out == "no keys in \(home)/elsewhere/keys\n", "\(override.out)")
    }

    @Test("ca init/csr/issue through the binary; openssl verifies the certificate and finds the SPIFFE ID")
    func ca() throws {
        let h = try CLIHome()
        defer { h.remove() }
        #expect(try BPIBinary.run(["ca", "init", "--home", h.home, "--trust-domain", "mesh.test"]).status == 0)
        #expect(
            try BPIBinary.run(["keys", "gen", "--home", h.home, "--name", "n1", "--passphrase-file", h.passphraseFile]).status
                == 0)
        let csr = try BPIBinary.run(["ca", "csr", "--home", h.home, "--key", "n1", "--passphrase-file", h.passphraseFile])
        #expect(csr.out.hasPrefix("-----BEGIN CERTIFICATE REQUEST-----"))
        let cert = try BPIBinary.run(["ca", "issue", "--home", h.home, "-"], stdin: csr.out)
        #expect(cert.status == 0, "\(cert.err)")
        try cert.out.write(toFile: h.file("n1.crt"), atomically: true, encoding: .utf8)
        let verify = try Subprocess.run("/usr/bin/openssl", ["verify", "-CAfile", h.home + "/ca/ca.crt", h.file("n1.crt")])
        #expect(verify.status == 0)
        let id = try BPIBinary.run(["keys", "show", "n1", "--home", h.home, "--json"]).out
        let san = try Subprocess.run("/usr/bin/openssl", ["x509", "-noout", "-ext", "subjectAltName", "-in", h.file("n1.crt")])
            .out
        #expect(
            san.contains("URI:spiffe://mesh.test/validator/")
                && id.contains(san.split(separator: "/").last.map { String($0.prefix(40)) } ?? "?"))
        #expect(try BPIBinary.run(["ca", "init", "--home", h.home]).status == 2)
        let garbage = try BPIBinary.run(["ca", "issue", "--home", h.home, "-"], stdin: "garbage")
        #expect(garbage.status == 2 && garbage.err.contains("BEGIN CERTIFICATE REQUEST"), "\(garbage.err)")
        #expect(!garbage.err.contains(".swift"), "no source locations in messages: \(garbage.err)")
    }
}

@Suite("bpi aead and bpi vrf")
struct PrimitiveCLITests {
    let key = String(repeating: "42", count: 32)

    @Test("aead seal/open round-trips; a tampered box or wrong AD exits 1 and writes nothing")
    func aead() throws {
        let sealed = try BPIBinary.run(["aead", "seal", "--key-hex", key, "--ad-hex", "0a0b", "--hex"], stdin: "68656c6c6f")
        #expect(sealed.status == 0)
        let box = sealed.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(box.count == 2 * (24 + 5 + 16))
        let opened = try BPIBinary.run(["aead", "open", "--key-hex", key, "--ad-hex", "0a0b", "--hex"], stdin: box)
        #expect(opened.status == 0 && opened.out == "68656c6c6f\n")
        let wrongAD = try BPIBinary.run(["aead", "open", "--key-hex", key, "--ad-hex", "0a0c", "--hex"], stdin: box)
        #expect(wrongAD.status == 1 && wrongAD.out.isEmpty)
        var tampered = Array(box)
        tampered[60] = tampered[60] == "0" ? "1" : "0"
        let bad = try BPIBinary.run(["aead", "open", "--key-hex", key, "--ad-hex", "0a0b", "--hex"], stdin: String(tampered))
        #expect(bad.status == 1 && bad.out.isEmpty)
        #expect(try BPIBinary.run(["aead", "seal", "--key-hex", "abcd"], stdin: "x").status == 2)
        // Raw bytes both ways.
        let raw = try Subprocess.run(BPIBinary.path, ["aead", "seal", "--key-hex", key], input: Data([0, 1, 2, 255]))
        let back = try Subprocess.run(BPIBinary.path, ["aead", "open", "--key-hex", key], input: raw.stdout)
        #expect(back.stdout == Data([0, 1, 2, 255]))
    }

    @Test("vrf prove/verify reproduce RFC 9381 example 17; exit 1 for a wrong input, 2 for malformed")
    func vrf() throws {
        let sk = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"
        let pk = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
        let proof = try BPIBinary.run(["vrf", "prove", "--sk-hex", sk, "--alpha-hex", "72"]).out.trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(proof.hasPrefix("f3141cd382dc42909d19ec5110469e4f") && proof.count == 160)
        let ok = try BPIBinary.run(["vrf", "verify", "--pk-hex", pk, "--alpha-hex", "72", "--proof-hex", proof])
        #expect(ok.status == 0 && ok.out.hasPrefix("eb4440665d3891d668e7e0fcaf587f1b"))
        #expect(try BPIBinary.run(["vrf", "verify", "--pk-hex", pk, "--alpha-hex", "73", "--proof-hex", proof]).status == 1)
        #expect(try BPIBinary.run(["vrf", "verify", "--pk-hex", pk, "--alpha-hex", "72", "--proof-hex", "00"]).status == 2)
        let keygen = try BPIBinary.run(["vrf", "keygen", "--json"])
        #expect(keygen.status == 0 && keygen.out.contains("\"publicKey\""))
        // The key from a file or standard input (off the command line) gives the same proof.
        let file = try TemporaryFile.write(sk + "\n", mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let fromFile = try BPIBinary.run(["vrf", "prove", "--sk-file", file, "--alpha-hex", "72"])
        #expect(fromFile.out.trimmingCharacters(in: .whitespacesAndNewlines) == proof, "\(fromFile.err)")
        let fromStdin = try BPIBinary.run(["vrf", "prove", "--sk-file", "-", "--alpha-hex", "72"], stdin: sk + "\n")
        #expect(fromStdin.out.trimmingCharacters(in: .whitespacesAndNewlines) == proof, "\(fromStdin.err)")
        let neither = try BPIBinary.run(["vrf", "prove", "--alpha-hex", "72"])
        #expect(neither.status == 2 && neither.err.contains("--sk-file"), "\(neither.err)")
        let both = try BPIBinary.run(["vrf", "prove", "--sk-file", file, "--sk-hex", sk, "--alpha-hex", "72"])
        #expect(both.status == 2 && both.err.contains("not both"), "\(both.err)")
    }
}
