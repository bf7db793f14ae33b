import BPIBLS
import BPICodec
import BPITestSupport
import Foundation
import Testing

private struct XMDFile: Decodable {
    struct Case: Decodable {
        let msg: String
        let lengthInBytes: String
        let uniformBytes: String
        enum CodingKeys: String, CodingKey {
            case msg
            case lengthInBytes = "len_in_bytes"
            case uniformBytes = "uniform_bytes"
        }
    }
    let dst: String
    let tests: [Case]
    enum CodingKeys: String, CodingKey {
        case dst = "DST"
        case tests
    }
}

private struct H2CFile: Decodable {
    struct Point: Decodable { let x, y: String }
    struct Case: Decodable {
        let msg: String
        let p: Point
        let q0: Point
        let q1: Point
        let u: [String]
        enum CodingKeys: String, CodingKey {
            case msg, u
            case p = "P"
            case q0 = "Q0"
            case q1 = "Q1"
        }
    }
    let dst: String
    let vectors: [Case]
}

private func hex48(_ s: String) throws -> Fp { Fp(bigEndian: try Hex.decode(String(s.dropFirst(2))))! }

@Suite("Hash to curve (RFC 9380)")
struct HashToCurveTests {
    @Test(
        "expand_message_xmd (SHA-256) vectors, short and long DST",
        arguments: ["expand_message_xmd_SHA256_38.json", "expand_message_xmd_SHA256_256.json"])
    func expand(file: String) throws {
        let url = TestPaths.vector("hash-to-curve/\(file)")
        let vectors = try JSONDecoder().decode(XMDFile.self, from: Data(contentsOf: url))
        for t in vectors.tests {
            let out = try ExpandMessageXMD.expand(
                Array(t.msg.utf8), dst: Array(vectors.dst.utf8), length: Int(t.lengthInBytes.dropFirst(2), radix: 16)!)
            #expect(Hex.encode(out) == t.uniformBytes, "\(t.msg.prefix(20)) \(t.lengthInBytes)")
        }
        #expect(vectors.tests.count == 10)
    }

    @Test("BLS12381G1_XMD:SHA-256_SSWU_RO_ vectors: u, Q0, Q1 and P")
    func hashToG1() throws {
        let url = TestPaths.vector("hash-to-curve/BLS12381G1_XMD_SHA-256_SSWU_RO_.json")
        let file = try JSONDecoder().decode(H2CFile.self, from: Data(contentsOf: url))
        let dst = Array(file.dst.utf8)
        for v in file.vectors {
            let u = try SSWU.hashToField(Array(v.msg.utf8), dst: dst, count: 2)
            let (u0, u1) = (try hex48(v.u[0]), try hex48(v.u[1]))
            #expect(u[0] == u0 && u[1] == u1, "u for \(v.msg.prefix(16))")
            let q0 = try #require(SSWU.mapToCurve(u[0]).affine)
            let (q0x, q0y) = (try hex48(v.q0.x), try hex48(v.q0.y))
            #expect(q0.x == q0x && q0.y == q0y)
            let q1 = try #require(SSWU.mapToCurve(u[1]).affine)
            let (q1x, q1y) = (try hex48(v.q1.x), try hex48(v.q1.y))
            #expect(q1.x == q1x && q1.y == q1y)
            let p = try SSWU.hashToG1(Array(v.msg.utf8), dst: dst)
            let affine = try #require(p.affine)
            let (px, py) = (try hex48(v.p.x), try hex48(v.p.y))
            #expect(affine.x == px && affine.y == py, "P for \(v.msg.prefix(16))")
            #expect(p.isOnCurve && p.isInSubgroup)
        }
        #expect(file.vectors.count == 5)
    }
}
