import BPICodec

/// The anchor contract `contracts/AnchorLog.vy` (docs/SPEC.md §18.4): its creation bytecode as
/// Vyper 0.4.3 compiles it (a test recompiles the source and compares), the call that posts an
/// anchor, and the event it logs.
public enum AnchorLogContract {
    /// Creation bytecode (`vyper -f bytecode contracts/AnchorLog.vy`, Vyper 0.4.3).
    public static let creationBytecode: [UInt8] = try! Hex.decode(
        "61017a6100116100003961017a610000f35f3560e01c60026003820660011b61017401601e395f51565b637f00e39381"
            + "1861016c57608436103417610170576024358060401c610170576040525f6004356020525f5260405f2080336020525f"
            + "5260405f20905054604051136100cf5760208060c05260146060527f686569676874206d75737420696e637265617365"
            + "00000000000000000000000060805260608160c001603482825e8051806020830101601f825f03163682375050601f19"
            + "601f8251602001011690509050810190506308c379a060a0528060040160bcfd5b6040515f6004356020525f5260405f"
            + "2080336020525f5260405f20905055336040516004357f4859928c92797a39485a2c1ba99393918f30b198dfd1d1e54e"
            + "6f697ce6fc3ecd6040604460603760406060a4005b637fd1c47f811861016c57604436103417610170576024358060a0"
            + "1c610170576040525f6004356020525f5260405f20806040516020525f5260405f2090505460605260206060f35b5f5f"
            + "fd5b5f80fd0018016c0123855820760d4d243bc7ac4bf9d5a1bee1a078d53066abaa77643770abeb6d1bcaf440781901"
            + "7a810600a1657679706572830004030036")

    /// `anchor(bytes32,uint64,bytes32,bytes32)`'s selector: the first 4 bytes of its Keccak-256.
    public static let anchorSelector = Array(Keccak256.hash(Array("anchor(bytes32,uint64,bytes32,bytes32)".utf8)).prefix(4))
    /// `latest(bytes32,address)`'s selector.
    public static let latestSelector = Array(Keccak256.hash(Array("latest(bytes32,address)".utf8)).prefix(4))
    /// topic 0 of the `Anchored` event.
    public static let anchoredTopic = Keccak256.hash(Array("Anchored(bytes32,uint64,address,bytes32,bytes32)".utf8))

    /// The mesh's id on the L1: Keccak-256 of its chain id's UTF-8 bytes.
    public static func meshID(chainID: String) -> [UInt8] { Keccak256.hash(Array(chainID.utf8)) }

    /// Calldata of `anchor(mesh, height, headerHash, validatorSetHash)` (ABI: four 32-byte words).
    public static func anchorCall(mesh: [UInt8], height: UInt64, headerHash: [UInt8], validatorSetHash: [UInt8]) -> [UInt8] {
        precondition(mesh.count == 32 && headerHash.count == 32 && validatorSetHash.count == 32)
        return anchorSelector + mesh + word(height) + headerHash + validatorSetHash
    }

    /// Calldata of `latest(mesh, poster)`.
    public static func latestCall(mesh: [UInt8], poster: EthereumAddress) -> [UInt8] {
        latestSelector + mesh + [UInt8](repeating: 0, count: 12) + poster.bytes
    }

    /// A 64-bit integer as an ABI word.
    public static func word(_ n: UInt64) -> [UInt8] {
        [UInt8](repeating: 0, count: 24) + (0..<8).map { UInt8(truncatingIfNeeded: n >> (56 - 8 * UInt64($0))) }
    }

    /// Decodes an `Anchored` log's topics and data; nil when the log is not one (another event,
    /// wrong topic count, a height or poster word with non-zero padding, data not 64 bytes).
    public static func decode(topics: [[UInt8]], data: [UInt8]) -> AnchorLogEntry? {
        guard topics.count == 4, topics[0] == anchoredTopic, topics.allSatisfy({ $0.count == 32 }), data.count == 64,
            topics[2].prefix(24).allSatisfy({ $0 == 0 }), topics[3].prefix(12).allSatisfy({ $0 == 0 }),
            let poster = try? EthereumAddress(bytes: Array(topics[3].suffix(20)))
        else { return nil }
        let height = topics[2].suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return AnchorLogEntry(
            mesh: topics[1], height: height, poster: poster, headerHash: Array(data.prefix(32)),
            validatorSetHash: Array(data.suffix(32)))
    }
}
