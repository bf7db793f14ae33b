import BPICodec
import BPIHash
import BPITestSupport
import BPIToolKit
import BPITools
import Foundation
import Testing

@Suite("bpi merkle")
struct MerkleToolTests {
    private let leaves = (0..<13).map { i in Hex.encode([UInt8](repeating: UInt8(i), count: i % 5)) }
    private var stdin: String { leaves.joined(separator: "\n") + "\n" }

    @Test("root, proof and verify agree with the library; tampering exits 1, malformed input exits 2")
    func binary() throws {
        let rootRun = try BPIBinary.run(["merkle", "root"], stdin: stdin)
        let expected = Merkle.root(leaves: try leaves.map { try Hex.decode($0) })
        #expect(rootRun.status == 0 && rootRun.out == expected.hex + "\n")
        for index in [0, 6, 12] {
            let proof = try BPIBinary.run(["merkle", "proof", "--index", "\(index)"], stdin: stdin)
            #expect(proof.status == 0)
            let ok = try BPIBinary.run(["merkle", "verify", "--root", expected.hex, "--leaf", leaves[index]], stdin: proof.out)
            #expect(ok.status == 0 && ok.out == "valid\n")
            let wrongLeaf = try BPIBinary.run(["merkle", "verify", "--root", expected.hex, "--leaf", "abcd"], stdin: proof.out)
            #expect(wrongLeaf.status == 1 && wrongLeaf.err.contains("invalid"))
            let wrongCount = proof.out.replacingOccurrences(of: "\"count\":13", with: "\"count\":14")
            #expect(
                try BPIBinary.run(["merkle", "verify", "--root", expected.hex, "--leaf", leaves[index]], stdin: wrongCount).status
                    == 1)
        }
        #expect(try BPIBinary.run(["merkle", "proof", "--index", "13"], stdin: stdin).status == 2)
        #expect(try BPIBinary.run(["merkle", "root"], stdin: "00\nxyz\n").err.contains("line 2"))
        #expect(try BPIBinary.run(["merkle", "verify", "--root", "00", "--leaf", "00"], stdin: "{}").status == 2)
        #expect(
            try BPIBinary.run(["merkle", "verify", "--root", expected.hex, "--leaf", "00"], stdin: "{\"index\":0}").status == 2)
        #expect(
            try BPIBinary.run(["merkle", "root", "--json"], stdin: "").out
                == "{\"root\":\"\(Merkle.root(leaves: []).hex)\",\"count\":0}\n")
    }

    @Test("proof JSON is strict: unknown fields, bad siblings and wrong types are refused")
    func proofParsing() throws {
        let good = #"{"index":1,"count":2,"siblings":["\#(String(repeating: "ab", count: 32))"]}"#
        #expect(try MerkleTool.parseProof(json: good).count == 2)
        for bad in [
            #"{"index":1,"count":2,"siblings":[],"extra":1}"#, #"{"index":-1,"count":2,"siblings":[]}"#,
            #"{"index":1,"count":2,"siblings":["abcd"]}"#, #"[1,2]"#, #"{"index":1,"count":2}"#,
        ] {
            #expect(throws: ToolError.self) { try MerkleTool.parseProof(json: bad) }
        }
    }
}

@Suite("bpi merkle input")
struct MerkleToolInputTests {
    @Test("every line is a leaf, blank lines are empty leaves, the final newline is optional")
    func lines() throws {
        #expect(try MerkleTool.parseLeaves("").isEmpty)
        #expect(try MerkleTool.parseLeaves("\n") == [[]])
        #expect(try MerkleTool.parseLeaves("00\n\n01") == [[0], [], [1]])
        #expect(try MerkleTool.parseLeaves("00\r\n01\n") == [[0], [1]])
        #expect(throws: ToolError.badInput("line 2: invalid hex digit at position 0")) { try MerkleTool.parseLeaves("00\nzz\n") }
    }
}
