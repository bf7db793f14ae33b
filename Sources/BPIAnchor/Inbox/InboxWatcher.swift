import BPIEthereum

/// Reads one L1's force-inclusion inbox (docs/SPEC.md §18.10): each step returns the posts for the
/// mesh that have become `confirmations` deep since the last step, oldest first. It checks the
/// L1's chain id once, and reads only blocks at or below head − confirmations + 1, so a post is
/// seen once it is as final as the watcher requires (a reorg above that depth is the L1's failure
/// to be final, as for anchors).
public actor InboxWatcher {
    public nonisolated let source: InboxSettings.Source
    let rpc: EthereumRPC
    let mesh: [UInt8]
    /// The next L1 block to read.
    public private(set) var nextBlock: UInt64
    var chainChecked = false

    public init(source: InboxSettings.Source, chainID: String) {
        self.source = source
        rpc = EthereumRPC(endpoint: source.endpoint)
        mesh = AnchorLogContract.meshID(chainID: chainID)
        nextBlock = source.fromBlock
    }

    /// What one step found: the posts matured since the last step, oldest first (a log that is
    /// not a well-formed `Forced` event of the contract is skipped), or why the L1 could not be read.
    public struct Step: Sendable {
        public var entries: [ForceInboxEntry] = []
        public var problem: AnchorError?
    }

    /// One step. (It returns its failure rather than throwing it: a typed error thrown out of an
    /// actor's async method into a task group crashed the Swift 6.3 runtime.)
    public func step() async -> Step {
        do {
            return Step(entries: try await read())
        } catch {
            return Step(problem: error)
        }
    }

    func read() async throws(AnchorError) -> [ForceInboxEntry] {
        if !chainChecked {
            let id = try await rpc.chainID()
            guard id == source.chainID else {
                throw .malformed(method: "eth_chainId", "\(source.name) is chain \(id), inbox.json says \(source.chainID)")
            }
            chainChecked = true
        }
        let head = try await rpc.blockNumber()
        guard head + 1 >= source.confirmations else { return [] }
        let matured = head + 1 - source.confirmations
        guard matured >= nextBlock else { return [] }
        let logs = try await rpc.logs(
            address: source.contract, topics: [ForceInboxContract.forcedTopic, mesh], from: nextBlock, to: matured)
        nextBlock = matured + 1
        return logs.filter { $0.address == source.contract }.compactMap {
            ForceInboxContract.decode(topics: $0.topics, data: $0.data)
        }
        .filter { $0.mesh == mesh }
    }
}
