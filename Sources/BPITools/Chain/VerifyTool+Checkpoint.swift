import BPICodec
import BPIHash
import BPIToolKit

extension VerifyTool {
    /// A header the user trusts, by height and hash, obtained from somewhere other than the node.
    public struct Checkpoint: Sendable, Equatable {
        public var height: UInt64
        public var hash: Hash32

        /// A checkpoint at `height` with header hash `hash`.
        public init(height: UInt64, hash: Hash32) {
            self.height = height
            self.hash = hash
        }

        /// Parses `--trusted-height H --trusted-hash X` (both or neither).
        public static func parse(height: UInt64?, hash: String?) throws(ToolError) -> Checkpoint? {
            switch (height, hash) {
            case (nil, nil): return nil
            case (let h?, let x?):
                guard h >= 1 else { throw .badInput("--trusted-height must be a height ≥ 1") }
                guard let bytes = try? Hex.decode(x), bytes.count == 32 else {
                    throw .badInput("--trusted-hash must be a header hash: 64 hex digits")
                }
                return Checkpoint(height: h, hash: Hash32(bytes: bytes))
            default: throw .badInput("--trusted-height and --trusted-hash go together")
            }
        }
    }
}
