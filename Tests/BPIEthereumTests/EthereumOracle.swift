import BPITestSupport
import Foundation

/// `Tests/Oracles/ethereum_oracle.py`: one JSON value per line in, one per line out.
enum EthereumOracle {
    static func run(_ mode: String, _ inputs: [Any]) throws -> [Any] {
        let lines = try inputs.map {
            String(decoding: try JSONSerialization.data(withJSONObject: $0, options: .fragmentsAllowed), as: UTF8.self)
        }
        let out = try Oracle.run("ethereum_oracle.py", [mode], input: Data((lines.joined(separator: "\n") + "\n").utf8))
        let answers = String(decoding: out, as: UTF8.self).split(separator: "\n").map {
            try? JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed)
        }
        guard answers.count == inputs.count else {
            throw Oracle.Failure(description: "ethereum oracle answered \(answers.count) of \(inputs.count) lines")
        }
        return answers.map { $0 ?? NSNull() }
    }
}
