import BPICodec
import BPITestSupport
import Foundation
import Testing

@Suite("bpi bls")
struct BLSCLITests {
    private func field(_ json: String, _ key: String) -> String {
        let marker = "\"\(key)\":\""
        guard let start = json.range(of: marker)?.upperBound, let end = json[start...].firstIndex(of: "\"") else { return "" }
        return String(json[start..<end])
    }

    @Test("keygen/sign/verify/aggregate/pop through the binary with the documented exit codes")
    func commands() throws {
        let ikm = String(repeating: "01", count: 32)
        let keys = try BPIBinary.run(["bls", "keygen", "--ikm-hex", ikm, "--json"]).out
        let sk = field(keys, "secretKey")
        let pk = field(keys, "publicKey")
        #expect(sk.count == 64 && pk.count == 192)
        #expect(try BPIBinary.run(["bls", "keygen", "--ikm-hex", ikm, "--json"]).out == keys)  // deterministic KeyGen
        let sig = try BPIBinary.run(["bls", "sign", "--sk-hex", sk, "--msg-hex", "0102"]).out.trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(sig.count == 96)
        #expect(try BPIBinary.run(["bls", "verify", "--pk-hex", pk, "--msg-hex", "0102", "--sig-hex", sig]).status == 0)
        #expect(try BPIBinary.run(["bls", "verify", "--pk-hex", pk, "--msg-hex", "0103", "--sig-hex", sig]).status == 1)
        #expect(
            try BPIBinary.run([
                "bls", "verify", "--pk-hex", pk, "--msg-hex", "0102", "--sig-hex", "c0" + String(repeating: "00", count: 47),
            ]).status == 2)
        #expect(try BPIBinary.run(["bls", "verify", "--pk-hex", "00", "--msg-hex", "", "--sig-hex", sig]).status == 2)
        let agg = try BPIBinary.run(["bls", "aggregate", sig, sig])
        #expect(agg.status == 0 && agg.out.count == 97)
        let pop = try BPIBinary.run(["bls", "pop-prove", "--sk-hex", sk]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try BPIBinary.run(["bls", "pop-verify", "--pk-hex", pk, "--proof-hex", pop]).status == 0)
        #expect(try BPIBinary.run(["bls", "pop-verify", "--pk-hex", pk, "--proof-hex", sig]).status == 1)
    }

    @Test("hash-to-g1 reproduces the RFC 9380 vector for the empty message")
    func hashToG1() throws {
        let out = try BPIBinary.run([
            "bls", "hash-to-g1", "--msg-hex", "", "--dst", "QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_", "--json",
        ]).out
        #expect(
            field(out, "x") == "052926add2207b76ca4fa57a8734416c8dc95e24501772c814278700eed6d1e4e8cf62d9c09db0fac349612b759e79a1")
        #expect(
            field(out, "y") == "08ba738453bfed09cb546dbb0783dbb3a5f1f566ed67bb6be0e8c67e2e81a4cc68ee29813bb7994998f3eae0c9c6a265")
    }
}
