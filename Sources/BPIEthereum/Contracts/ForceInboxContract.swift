import BPICodec

/// The force-inclusion inbox `contracts/ForceInbox.vy` (docs/SPEC.md §18.10): its creation bytecode
/// as Vyper 0.4.3 compiles it (a test recompiles the source and compares), the call that posts a
/// frame, and the event it logs.
public enum ForceInboxContract {
    /// Creation bytecode (`vyper -f bytecode contracts/ForceInbox.vy`, Vyper 0.4.3).
    public static let creationBytecode: [UInt8] = try! Hex.decode(
        "61018861001161000039610188610000f35f3560e01c633d5376fa811861015457604436103417610184576024356004"
            + "018035614000811161018457506020813501808260403750506040516100b6576020806140c052600b614060527f656d"
            + "707479206672616d6500000000000000000000000000000000000000000061408052614060816140c001602b82825e80"
            + "51806020830101601f825f03163682375050601f19601f8251602001011690509050810190506308c379a06140a05280"
            + "6004016140bcfd5b5f6004356020525f5260405f20546140605261406051600181018060401c6101845790505f600435"
            + "6020525f5260405f205533614060516004357fba012a36cf51c41c7582d9a2cd61883f4775f83bcd6cbadf3e3ca68723"
            + "469231602080614080528061408001602060405101806040835e508051806020830101601f825f03163682375050601f"
            + "19601f82516020010116905081019050614080a4005b637937354c811861018057602436103417610184575f60043560"
            + "20525f5260405f205460405260206040f35b5f5ffd5b5f80fd855820ae57508fe17d81b3ab27f984d2103b5b3a3d2229"
            + "f0f5e4656b49d318472673641901888000a1657679706572830004030035"
    )

    /// The largest frame the contract takes (its `Bytes[16384]`).
    public static let maxFrameBytes = 16_384
    /// `submit(bytes32,bytes)`'s selector.
    public static let submitSelector = Array(Keccak256.hash(Array("submit(bytes32,bytes)".utf8)).prefix(4))
    /// topic 0 of the `Forced` event.
    public static let forcedTopic = Keccak256.hash(Array("Forced(bytes32,uint64,address,bytes)".utf8))

    /// Calldata of `submit(mesh, frame)`: the mesh word, the offset of the bytes (64), their
    /// length and the bytes padded to a whole word.
    public static func submitCall(mesh: [UInt8], frame: [UInt8]) -> [UInt8] {
        submitSelector + mesh + AnchorLogContract.word(64) + AnchorLogContract.word(UInt64(frame.count)) + padded(frame)
    }

    /// `bytes` padded with zeros to a multiple of 32.
    static func padded(_ bytes: [UInt8]) -> [UInt8] {
        bytes + [UInt8](repeating: 0, count: (32 - bytes.count % 32) % 32)
    }

    /// Decodes a `Forced` log; nil when it is not one: another event or topic count, non-zero
    /// padding in the sequence or sender words, data that is not exactly one ABI-encoded `bytes`
    /// (offset 32, a length of 1…16,384, zero padding), or a frame longer than the contract takes.
    public static func decode(topics: [[UInt8]], data: [UInt8]) -> ForceInboxEntry? {
        guard topics.count == 4, topics[0] == forcedTopic, topics.allSatisfy({ $0.count == 32 }),
            topics[2].prefix(24).allSatisfy({ $0 == 0 }), topics[3].prefix(12).allSatisfy({ $0 == 0 }),
            let sender = try? EthereumAddress(bytes: Array(topics[3].suffix(20))), data.count >= 96, data.count % 32 == 0,
            Array(data.prefix(32)) == AnchorLogContract.word(32), data[32..<56].allSatisfy({ $0 == 0 })
        else { return nil }
        let length = data[56..<64].reduce(0) { $0 << 8 | Int($1) }
        guard (1...maxFrameBytes).contains(length), data.count == 64 + padded([UInt8](repeating: 0, count: length)).count,
            data[(64 + length)...].allSatisfy({ $0 == 0 })
        else { return nil }
        let sequence = topics[2].suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return ForceInboxEntry(mesh: topics[1], sequence: sequence, sender: sender, frame: Array(data[64..<(64 + length)]))
    }
}
