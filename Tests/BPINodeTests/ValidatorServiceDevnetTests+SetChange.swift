import BPICodec
import BPINode
import BPITestSupport
import BPIToolKit
import BPITools
import BPITypes
import Foundation
import Testing

/// A validator-set change on a devnet (docs/SPEC.md §19): four validators and a standby that
/// follows the chain; three of the four vote to add it (more than two thirds), the change is
/// scheduled at the next key-epoch start, the header before names the new set, the standby
/// signs commits from then on, and the new set of five runs the key generation of the next epoch
/// key, which then serves; a validator killed after the change restarts from its store and rejoins.
/// A light client verifies the chain across the change. In the serialized suite.
extension ValidatorServiceDevnetTests {
    @Test(
        "validator-set change: three of four vote a standby in; it signs from the next key-epoch start and the set of five generates the next epoch key"
    )
    func validatorSetChange() async throws {
        let net = try DevnetFixture(validators: 4, standby: 1)
        defer { net.shutdown() }
        // The standby follows the chain by sync: it reports the heights the four finalize.
        try await net.waitUntil([0, 1, 2, 3, 4], reach: 3)
        let layout = DevnetLayout(directory: net.directory)
        let before = try await SetChangeTool.show(rpc: try net.client(0))
        #expect(before.validators.count == 4 && before.index == 0)
        #expect(try await SetChangeTool.show(rpc: try net.client(4)).index == nil)
        let entry = layout.home(4).appendingPathComponent("validator.json").path
        let proposed = try SetChangeTool.proposedSet(current: before.validators, removing: [], adding: [entry])
        // The standby cannot vote: it is not in the set signing now.
        await #expect(throws: ToolError.self) { _ = try await SetChangeTool.vote(rpc: try net.client(4), validators: proposed) }
        for i in 0..<3 {
            // A validator's service registers itself in its first blocks: until then the vote is refused (503).
            let deadline = Date().addingTimeInterval(30)
            while true {
                do {
                    _ = try await SetChangeTool.vote(rpc: try net.client(i), validators: proposed)
                    break
                } catch {
                    guard Date() < deadline, "\(error)".contains("not registered") else { throw error }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
        }
        // Three of four (power 10 each: 30 of 40, more than two thirds) schedule the change.
        var scheduled: SetChangeView.Change?
        let deadline = Date().addingTimeInterval(60)
        while scheduled == nil, Date() < deadline {
            scheduled = try await SetChangeTool.show(rpc: try net.client(3)).scheduled
            if scheduled == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        let change = try #require(scheduled, "the votes did not schedule a change")
        #expect(change.validators == proposed)
        #expect(change.activation % 64 == 1 && change.activation >= change.decidedAt + 2)
        let activation = change.activation

        try await net.waitUntil([0, 1, 2, 3, 4], reach: activation + 4, within: 120)
        let rpc = try net.client(1)
        let last = try await rpc.getJSON("/v1/headers/\(activation - 1)", as: HeaderView.self)
        let first = try await rpc.getJSON("/v1/headers/\(activation)", as: HeaderView.self)
        #expect(last.validatorSetHash == before.setHash)
        #expect(first.validatorSetHash == change.setHash)
        let after = try await SetChangeTool.show(rpc: try net.client(4))
        #expect(after.index == 4 && after.setHash == change.setHash && after.history.map(\.activation) == [activation])
        // The standby signs commits of the new set (some of them: a commit needs only four of five).
        var signed = false
        for h in activation...(activation + 4) {
            let header = try await rpc.getJSON("/v1/headers/\(h)", as: HeaderView.self)
            if header.signers.contains(4) { signed = true }
        }
        #expect(signed, "validator 4 signed none of the commits at \(activation)…\(activation + 4)")
        // The new set runs the next key generation (its first height is the change's), and the standby deals.
        let epoch = try await FrameTool.epoch(rpc: try net.client(4))
        let generation = try #require(epoch.generation, "no key generation runs at \(epoch.height + 1)")
        #expect(generation.keyEpoch == (activation - 1) / 64 + 1 && generation.committee == 5)
        // A validator killed after the change replays the stored chain through the set-change
        // rule at restart (its stored entries must name the sets the votes scheduled) and rejoins.
        try net.kill([0])
        try net.start([0])
        try await net.waitUntil([0, 1, 2, 3, 4], reach: activation + 64, within: 120)
        var views: [EpochView] = []
        for i in 0..<5 { views.append(try await FrameTool.epoch(rpc: try net.client(i))) }
        #expect(views.allSatisfy { $0.servingEpoch == generation.keyEpoch && $0.committee == 5 && $0.threshold == 2 })
        #expect(views.allSatisfy { ($0.qualified ?? []).contains(5) && $0.masterKey == views[0].masterKey })
        try await net.assertSafety()
        // A light client from the genesis set alone verifies the chain across the change.
        let report = try await VerifyTool.verify(rpc: try net.client(4), genesis: try net.genesis())
        #expect(report.failure == nil)
        #expect(report.verifiedHeight >= activation + 64)
    }
}
