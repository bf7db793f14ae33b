import BPICodec
import BPIFrames
import BPIHash
import BPINode
import BPITestSupport
import BPITools
import BPITypes
import Foundation
import Testing

/// Inclusion lists on a devnet (docs/SPEC.md §17): validator 3 censors — its proposals leave out
/// every frame of a service that sent data and claim a false reject ground for each obligation.
/// Frames only validator 0 saw reach the chain through its inclusion list alone; each is carried
/// by the very block the list binds, whoever leads it: when the censor leads that height, the
/// honest validators refuse its block, the next round carries the frame, and the refused block
/// becomes missed-inclusion evidence that a later block carries and that `bpi evidence list`
/// verifies from the genesis. In the serialized suite.
extension ValidatorServiceDevnetTests {
    @Test(
        "inclusion lists: a censoring proposer cannot keep a listed frame out past its turn, and its refused block becomes verified missed-inclusion evidence"
    )
    func censorship() async throws {
        let net = try DevnetFixture(validators: 4, byzantine: [3: "censor"])
        defer { net.shutdown() }
        try await net.waitUntil([0, 1, 2, 3], reach: 3)
        let rpc = try net.client(0)
        let genesis = try net.genesis()
        var client = ServiceClient(
            rpc: rpc, identity: ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.devnet/svc/dissident")))
        let registration = try await client.submit { s, tick in s.register(tick: tick) }
        _ = try await ServiceClient.waitFinalized(registration.id, rpc: rpc, timeout: 60)
        var sender = client.sender
        var censoredAt: [UInt64] = []
        var listed = 0
        // Up to 40 frames, one at a time, until the censor has led an obligated height twice (it
        // leads a height with probability 1/4: 40 misses in a row is a 1-in-100,000 event).
        for i in 0..<40 where censoredAt.count < 2 {
            let tick = try await ServiceClient.tick(rpc: rpc)
            var next = sender
            let frame = next.frame(to: client.id, kind: .data, payload: Array("leaflet \(i)".utf8), tick: tick)
            var location: FrameLocationView?
            // A list that reaches the pools after its block was proposed is dropped: ask again.
            for _ in 0..<6 where location == nil {
                let reply = try await rpc.exchange("/v1/test/inclusion-list", method: "POST", body: Data(frame.canonicalBytes()))
                try #require(reply.status == 204, "the test control refused the frame: \(reply.status)")
                location = try? await ServiceClient.waitFinalized(frame.id, rpc: rpc, timeout: 5)
            }
            let h = try #require(location?.height, "frame \(i) never reached the chain through the list")
            sender = next
            listed += 1
            // Carried by the block its list binds — its entries say so — whoever led that height.
            let view = try await InclusionTool.show(rpc: rpc, height: h, genesis: genesis)
            #expect(view.entries.contains(InclusionView.Entry(InclusionEntry(frameID: frame.id, outcome: .included))))
            #expect(view.lists.contains { $0.frames.contains(frame.id.description) })
            let header = try await rpc.getJSON("/v1/headers/\(h)", as: HeaderView.self)
            if header.round > 0 { censoredAt.append(h) }
        }
        try #require(!censoredAt.isEmpty, "the censor never led an obligated height in \(listed) frames")
        // The censor's refused block is evidence, carried by a later block and verified from the genesis.
        let deadline = Date().addingTimeInterval(30)
        var carried: [InclusionTool.EvidenceItem] = []
        while carried.isEmpty {
            let items = try await InclusionTool.evidence(rpc: rpc, genesis: genesis)
            carried = items.filter { $0.kind == "missed-inclusion" && $0.carriedAt != nil && censoredAt.contains($0.height) }
            if carried.isEmpty {
                guard Date() < deadline else {
                    Issue.record("no missed-inclusion evidence for heights \(censoredAt) was carried within 30 s: \(items)")
                    break
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        #expect(carried.allSatisfy { $0.offender == 3 && $0.verified }, "\(carried)")
        // The command line agrees: exit 0, the evidence listed as verified.
        let cli = try BPIBinary.run([
            "evidence", "list", "--rpc", rpc.base.absoluteString, "--genesis",
            DevnetLayout(directory: net.directory).genesis.path, "--json",
        ])
        #expect(cli.status == 0 && cli.out.contains("missed-inclusion"), "\(cli.err)")
        // Portable: each carried item exported by id and verified from the genesis alone (SPEC §18.9).
        for item in carried {
            let id = try #require(item.id)
            let exported = try BPIBinary.run([
                "evidence", "export", "--rpc", rpc.base.absoluteString, "--id", id, "--out", net.directory + "/ev",
            ])
            #expect(exported.status == 0, "\(exported.err)")
            let verified = try BPIBinary.run([
                "evidence", "verify", "--genesis", DevnetLayout(directory: net.directory).genesis.path, "--rpc",
                rpc.base.absoluteString, net.directory + "/ev/\(id).cbor",
            ])
            #expect(verified.status == 0 && verified.out.contains("missed-inclusion"), "\(verified.out)\(verified.err)")
        }
        // And the standalone Python verifier, from the genesis and the node's chain (SPEC §18.9).
        let python = try Self.pythonVerdicts(net, node: 0, ids: carried.compactMap(\.id))
        #expect(python.status == 0 && python.lines.count == carried.count, "\(python.lines)")
        #expect(
            python.lines.allSatisfy { $0.hasPrefix("ok ") && $0.contains(" missed-inclusion ") && $0.hasSuffix("offenders=3") })
        let text = String(decoding: try await net.client(1).get("/metrics"), as: UTF8.self)
        #expect(Self.metric("bpi_inclusion_missed_total", in: text) >= 1)
        _ = try await net.assertSafety()
    }

    @Test(
        "inclusion lists: a validator that sends two lists for one block has both ignored, and the pair becomes verified list-equivocation evidence"
    )
    func listEquivocation() async throws {
        let net = try DevnetFixture(validators: 4, byzantine: [0: "equivocate-lists"])
        defer { net.shutdown() }
        try await net.waitUntil([0, 1, 2, 3], reach: 3)
        let rpc = try net.client(0)
        let genesis = try net.genesis()
        var client = ServiceClient(
            rpc: rpc, identity: ServiceIdentity.generate(name: try ServiceName("spiffe://bpi.devnet/svc/lister")))
        let registration = try await client.submit { s, tick in s.register(tick: tick) }
        _ = try await ServiceClient.waitFinalized(registration.id, rpc: rpc, timeout: 60)
        // Validator 0 lists a frame only it holds, twice per block; ask until a block carries both
        // lists (one that reaches the pools after its block was proposed is dropped).
        var evidence: [InclusionTool.EvidenceItem] = []
        for i in 0..<12 where evidence.isEmpty {
            let tick = try await ServiceClient.tick(rpc: rpc)
            var next = client.sender
            let frame = next.frame(to: client.id, kind: .data, payload: Array("note \(i)".utf8), tick: tick)
            let reply = try await rpc.exchange("/v1/test/inclusion-list", method: "POST", body: Data(frame.canonicalBytes()))
            try #require(reply.status == 204, "the test control refused the frame: \(reply.status)")
            let deadline = Date().addingTimeInterval(3)
            while evidence.isEmpty && Date() < deadline {
                try await Task.sleep(for: .milliseconds(250))
                evidence = try await InclusionTool.evidence(rpc: try net.client(1), genesis: genesis).filter {
                    $0.kind == "list-equivocation"
                }
            }
        }
        try #require(!evidence.isEmpty, "no block carried both of validator 0's lists")
        #expect(evidence.allSatisfy { $0.offender == 0 && $0.verified && $0.carriedAt == $0.height }, "\(evidence)")
        let python = try Self.pythonVerdicts(net, node: 1, ids: evidence.compactMap(\.id))
        #expect(
            python.status == 0 && python.lines.allSatisfy { $0.hasPrefix("ok ") && $0.hasSuffix("offenders=0") },
            "\(python.lines)")
        // Both lists are ignored: the block after the one carrying them has no obligation from them.
        let h = evidence[0].height
        try await net.waitUntil([2], reach: h + 1)
        let after = try await InclusionTool.show(rpc: try net.client(2), height: h + 1, genesis: genesis)
        #expect(after.entries.isEmpty, "\(after.entries)")
        _ = try await net.assertSafety()
    }
}
