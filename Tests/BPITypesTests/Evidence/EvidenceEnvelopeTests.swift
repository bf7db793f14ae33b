import BPICodec
import BPIHash
import BPITestSupport
import BPITypes
import Foundation
import Testing

/// The portable evidence envelope (SPEC §18.9): one canonical form for every kind.
@Suite("Evidence envelope")
struct EvidenceEnvelopeTests {
    @Test("it round-trips; its id is BLAKE3 of 0x18 and its bytes, as the blake3 package computes it")
    func roundTripAndID() throws {
        for kind in EvidenceKind.allCases {
            let e = EvidenceEnvelope(kind: kind, chainID: "mesh", height: 7, body: [1, 2, 3])
            let bytes = e.canonicalBytes()
            #expect(try EvidenceEnvelope(canonicalBytes: bytes) == e)
            #expect(EvidenceKind(name: kind.name) == kind)
            let input = Data(([0x18] + bytes).map { String(format: "%02x", $0) }.joined().utf8)
            let answer = try Oracle.run("blake3_oracle.py", [String(repeating: "00", count: 32), "unused", "32"], input: input)
            let oracle = String(decoding: answer, as: UTF8.self).split(separator: " ").first.map(String.init)
            #expect(oracle == e.id.hex, "\(kind.name)")
        }
    }

    @Test(
        "refused: another version, an unknown kind, extra fields (a context, as an earlier draft had), missing ones, an oversized body"
    )
    func refusals() throws {
        func encode(_ items: [CBOR]) throws -> [UInt8] { try CBOREncoder.encode(.array(items)) }
        let good: [CBOR] = [.unsigned(1), .unsigned(6), .text("mesh"), .unsigned(3), .bytes([1])]
        #expect(throws: Never.self) { try EvidenceEnvelope(canonicalBytes: encode(good)) }
        var v2 = good
        v2[0] = .unsigned(2)
        var kind0 = good
        kind0[1] = .unsigned(0)
        var kind8 = good
        kind8[1] = .unsigned(UInt64(EvidenceKind.allCases.count + 1))
        var big = good
        big[4] = .bytes([UInt8](repeating: 0, count: EvidenceEnvelope.maxBytes + 1))
        for bad in [v2, kind0, kind8, good + [.bytes([])], good + [.unsigned(0)], Array(good.dropLast()), big] {
            #expect(throws: CBORError.self) {
                try EvidenceEnvelope(canonicalBytes: encode(bad), limits: CBORDecodingLimits(maxDepth: 8, maxLength: 4 << 20))
            }
        }
    }
}
