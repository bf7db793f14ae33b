import Foundation

/// The Groth16 vectors (Tests/Vectors/groth16_range-v1.json): keys, proofs and public inputs made by
/// an independent prover (Tests/Oracles/groth16_oracle.py on py_ecc).
public enum Groth16Vectors {
    /// One vector, hex.
    public struct Vector: Decodable, Sendable {
        public let name: String
        public let vk: String
        public let proof: String
        public let inputs: [String]
    }

    /// All of them (empty when the file is missing: tests that use them then fail on the count).
    public static let all: [Vector] = {
        struct File: Decodable { let vectors: [Vector] }
        let url = TestPaths.packageRoot.appendingPathComponent("Tests/Vectors/groth16_range-v1.json")
        return (try? JSONDecoder().decode(File.self, from: Data(contentsOf: url)).vectors) ?? []
    }()
}
