import BPICodec
import BPIEthereum

/// Posts a mesh's finalized headers to one L1 and follows them to the confirmation depth
/// (docs/SPEC.md §18.6): every queued request becomes an EIP-1559 call of the anchor contract
/// signed by the poster's key; each step re-checks every transaction in flight against the
/// canonical chain — re-sending what a reorg dropped, re-pricing (same nonce, fees up by an
/// eighth or to twice the base fee) what a fee spike priced out, never above the fee cap — and
/// confirms what is deep enough. The state is saved (`save`) before any transaction leaves, and a
/// failed save stops the poster: a restart then neither re-uses a nonce for another anchor nor
/// forgets one in flight.
public actor AnchorPoster {
    public nonisolated let target: AnchorTarget
    public private(set) var state: AnchorState
    /// Why the poster stopped, if it did.
    public private(set) var stopped: String?
    let rpc: EthereumRPC
    let key: Secp256k1PrivateKey
    let mesh: [UInt8]
    let save: @Sendable (AnchorState) throws -> Void
    var chainChecked = false

    /// A poster for `target`, signing with `key`, anchoring the mesh `chainID`, resuming `state`.
    public init(
        target: AnchorTarget, key: Secp256k1PrivateKey, chainID: String, state: AnchorState = AnchorState(),
        save: @escaping @Sendable (AnchorState) throws -> Void
    ) {
        self.target = target
        self.key = key
        self.state = state
        self.save = save
        rpc = EthereumRPC(endpoint: target.endpoint)
        mesh = AnchorLogContract.meshID(chainID: chainID)
    }

    /// The poster's L1 account.
    public nonisolated var address: EthereumAddress { key.address }

    /// Queues a finalized header; one at or below the highest height queued is ignored. Throws
    /// when the state cannot be saved (the poster has then stopped).
    public func enqueue(_ request: AnchorRequest) throws(AnchorError) {
        guard stopped == nil, request.height > state.lastQueuedHeight else { return }
        state.queued.append(request)
        state.lastQueuedHeight = request.height
        try persist()
    }

    /// One round against the L1; what happened, in order.
    public func step(now: UInt64) async -> [AnchorEvent] {
        guard stopped == nil else { return [] }
        var events: [AnchorEvent] = []
        do {
            if !chainChecked {
                let id = try await rpc.chainID()
                guard id == target.chainID else {
                    stopped = "\(target.endpoint) serves chain \(id), not the configured \(target.chainID)"
                    return [.stopped(stopped!)]
                }
                chainChecked = true
            }
            if state.nextNonce == nil {
                state.nextNonce = try await rpc.transactionCount(key.address, pending: false)
                try persist()
            }
            let head = try await rpc.blockNumber()
            try await repairDeepReorg(head: head, events: &events)
            try await follow(head: head, now: now, events: &events)
            try await sendQueued(head: head, events: &events)
        } catch {
            if stopped != nil { return events + [.stopped(stopped!)] }
            events.append(.unreachable("\(error)"))
        }
        return events
    }

    /// A reorg deeper than the confirmation depth takes confirmed anchors off the L1: the account's
    /// mined nonce falls below the nonces confirmed. Those anchors go back in flight, sent again.
    private func repairDeepReorg(head: UInt64, events: inout [AnchorEvent]) async throws(AnchorError) {
        guard let last = state.confirmed.last, let next = state.nextNonce, last.nonce < next else { return }
        let mined = try await rpc.transactionCount(key.address, pending: false)
        guard mined <= last.nonce else { return }
        let undone = state.confirmed.filter { $0.nonce >= mined }
        state.confirmed.removeAll { $0.nonce >= mined }
        let back = undone.map { c -> PendingAnchor in
            // The fees of the version mined (read from its bytes), for a later re-pricing.
            let tx = try? SignedEIP1559Transaction(raw: c.raw).transaction
            var p = PendingAnchor(
                request: c.request, nonce: c.nonce, raw: c.raw, maxFeePerGas: tx?.maxFeePerGas ?? 0,
                tip: tx?.maxPriorityFeePerGas ?? 0, sentAtBlock: head)
            p.reposts = 1
            return p
        }
        state.pending = (back + state.pending).sorted { $0.nonce < $1.nonce }
        state.reposts += UInt64(back.count)
        try persist()
        for p in back {
            await resend(p.versions[0])
            events.append(.reposted(height: p.request.height))
        }
    }

    /// Follows every transaction in flight.
    private func follow(head: UInt64, now: UInt64, events: inout [AnchorEvent]) async throws(AnchorError) {
        var i = 0
        while i < state.pending.count {
            var p = state.pending[i]
            var found: TransactionReceipt?
            for raw in p.versions.reversed() {
                if let r = try await rpc.receipt(Keccak256.hash(raw)) {
                    found = r
                    break
                }
            }
            if let r = found, try await rpc.blockHash(r.blockNumber) == r.blockHash {
                if p.includedInBlock != r.blockNumber || p.includedBlockHash != r.blockHash {
                    p.includedInBlock = r.blockNumber
                    p.includedBlockHash = r.blockHash
                    if p.includedAt == 0 { p.includedAt = now }
                    events.append(.included(height: p.request.height, l1Block: r.blockNumber))
                }
                if head + 1 >= r.blockNumber + target.confirmations {
                    state.pending.remove(at: i)
                    if r.succeeded {
                        let raw = p.versions.first { Keccak256.hash($0) == r.transactionHash } ?? p.versions.last!
                        let c = ConfirmedAnchor(
                            request: p.request, nonce: p.nonce, raw: raw, transactionHash: r.transactionHash,
                            l1Block: r.blockNumber, inclusionLatency: p.includedAt &- p.request.finalizedAt,
                            confirmationLatency: now &- p.request.finalizedAt)
                        state.confirmed.append(c)
                        if state.confirmed.count > AnchorState.keepConfirmed { state.confirmed.removeFirst() }
                        events.append(.confirmed(c))
                    } else {
                        events.append(.reverted(height: p.request.height))
                    }
                    try persist()
                    continue
                }
                state.pending[i] = p
                i += 1
                continue
            }
            if p.includedInBlock != 0 {
                // Seen in a block that is no longer canonical: the reorg dropped it.
                p.includedInBlock = 0
                p.includedBlockHash = []
                p.reposts += 1
                p.sentAtBlock = head
                state.reposts += 1
                state.pending[i] = p
                try persist()
                await resend(p.versions.last!)
                events.append(.reposted(height: p.request.height))
            } else if head >= p.sentAtBlock + target.patience {
                let base = try await rpc.nextBaseFee()
                if p.maxFeePerGas < base {
                    reprice(&p, base: base, head: head, events: &events)
                    state.pending[i] = p
                    try persist()
                    if case .repriced = events.last { await resend(p.versions.last!) }
                } else {
                    // Priced to be taken but not mined: a node may have lost it; send it again.
                    p.sentAtBlock = head
                    state.pending[i] = p
                    try persist()
                    await resend(p.versions.last!)
                }
            }
            i += 1
        }
    }

    /// Re-signs `p` under its nonce with fees up by at least an eighth (the L1's replacement rule
    /// asks a tenth) and at least twice the base fee, capped; or reports the cap holding it back.
    private func reprice(_ p: inout PendingAnchor, base: UInt64, head: UInt64, events: inout [AnchorEvent]) {
        let tip = p.tip + p.tip / 8 + 1
        let fee = min(max(p.maxFeePerGas + p.maxFeePerGas / 8 + 1, 2 * base + tip), target.feeCap)
        p.sentAtBlock = head
        guard fee >= base, fee >= tip, fee * 10 >= p.maxFeePerGas * 11,
            let raw = try? transaction(p.request, nonce: p.nonce, tip: tip, maxFee: fee).signed(with: key).raw
        else {
            state.feeCapBlocks += 1
            events.append(.feeCapBlocked(height: p.request.height, baseFee: base, feeCap: target.feeCap))
            return
        }
        p.versions.append(raw)
        if p.versions.count > 32 { p.versions.removeFirst() }
        p.maxFeePerGas = fee
        p.tip = tip
        state.bumps += 1
        events.append(.repriced(height: p.request.height, maxFeePerGas: fee))
    }

    /// Sends queued requests in height order while the fee cap allows.
    private func sendQueued(head: UInt64, events: inout [AnchorEvent]) async throws(AnchorError) {
        while let request = state.queued.first {
            let base = try await rpc.nextBaseFee()
            let tip = min(target.tip, target.feeCap)
            let fee = min(2 * base + tip, target.feeCap)
            guard fee >= base else {
                state.feeCapBlocks += 1
                events.append(.feeCapBlocked(height: request.height, baseFee: base, feeCap: target.feeCap))
                return
            }
            let nonce = state.nextNonce ?? 0
            let raw: [UInt8]
            do {
                raw = try transaction(request, nonce: nonce, tip: tip, maxFee: fee).signed(with: key).raw
            } catch {
                throw .malformed(method: "sign", "\(error)")
            }
            state.queued.removeFirst()
            state.pending.append(
                PendingAnchor(request: request, nonce: nonce, raw: raw, maxFeePerGas: fee, tip: tip, sentAtBlock: head))
            state.nextNonce = nonce + 1
            try persist()
            do {
                _ = try await rpc.sendRawTransaction(raw)
                events.append(.sent(height: request.height, nonce: nonce, maxFeePerGas: fee))
            } catch {
                events.append(.sendRefused(height: request.height, "\(error)"))
            }
        }
    }

    private func transaction(_ r: AnchorRequest, nonce: UInt64, tip: UInt64, maxFee: UInt64) -> EIP1559Transaction {
        EIP1559Transaction(
            chainID: target.chainID, nonce: nonce, maxPriorityFeePerGas: tip, maxFeePerGas: maxFee, gasLimit: target.gasLimit,
            to: target.contract,
            data: AnchorLogContract.anchorCall(
                mesh: mesh, height: r.height, headerHash: r.headerHash, validatorSetHash: r.validatorSetHash))
    }

    /// Sends again; a refusal ("already known", "nonce too low" once a version is mined) is expected.
    private func resend(_ raw: [UInt8]) async { _ = try? await rpc.sendRawTransaction(raw) }

    private func persist() throws(AnchorError) {
        do {
            try save(state)
        } catch {
            stopped = "the anchor state could not be saved: \(error)"
            throw .malformed(method: "save", stopped!)
        }
    }
}
