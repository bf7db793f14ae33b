import BPICrypto
import BPINet
import BPITools
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

/// Collects what a transport delivers.
final class Inbox: Sendable {
    private let box = NIOLockedValueBox<[(from: [UInt8], bytes: [UInt8])]>([])
    func add(_ from: [UInt8], _ bytes: [UInt8]) { box.withLockedValue { $0.append((from, bytes)) } }
    var all: [(from: [UInt8], bytes: [UInt8])] { box.withLockedValue { $0 } }
}

@Suite("Peer transport (Noise mesh over TCP on loopback)", .serialized)
struct PeerTransportTests {
    let identities = (0..<4).map { try! Ed25519PrivateKey(seed: [UInt8](repeating: UInt8(40 + $0), count: 32)) }

    /// Polls `condition` every 20 ms for up to `seconds`.
    func eventually(_ seconds: Double = 10, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() > deadline { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// `n` free loopback ports, their addresses, and the first `n` test identities' keys.
    func loopback(_ n: Int) throws -> (ports: [Int], addresses: [PeerAddress], keys: [[UInt8]]) {
        let ports = try ProcessControl.freePorts(n)
        return (ports, ports.map { PeerAddress(host: "127.0.0.1", port: $0) }, identities[0..<n].map(\.publicKey.bytes))
    }

    @Test("three validators form a mesh; broadcasts arrive with the sender's identity, a 1 MiB message intact")
    func mesh() async throws {
        let ports = try ProcessControl.freePorts(3)
        let addresses = ports.map { PeerAddress(host: "127.0.0.1", port: $0) }
        let keys = identities[0..<3].map(\.publicKey.bytes)
        let inboxes = (0..<3).map { _ in Inbox() }
        let connected = (0..<3).map { _ in Inbox() }
        let transports = (0..<3).map { i in
            PeerTransport(
                identity: identities[i], chainID: "bpi-test", identities: keys, addresses: addresses, me: i,
                onConnected: { connected[i].add($0, []) }
            ) { inboxes[i].add($0, $1) }
        }
        for t in transports { try await t.start() }
        #expect(try await eventually { transports.allSatisfy { $0.connectedPeers.count == 2 } })
        // Each side is told of each peer it connected to.
        #expect(try await eventually { (0..<3).allSatisfy { Set(connected[$0].all.map(\.from)).count == 2 } })

        transports[1].broadcast([1, 2, 3])
        let big = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(transports[2].send(big, to: keys[0]))
        #expect(try await eventually { inboxes[0].all.count == 2 && inboxes[2].all.count == 1 })
        #expect(inboxes[2].all[0].from == keys[1] && inboxes[2].all[0].bytes == [1, 2, 3])
        let received = inboxes[0].all.first { $0.from == keys[2] }
        #expect(received?.bytes == big)
        #expect(inboxes[1].all.isEmpty)
        for t in transports { await t.stop() }
    }

    @Test("the transport runs one event loop per core (System.coreCount), not one thread for all traffic")
    func eventLoopPerCore() async throws {
        let (_, addresses, keys) = try loopback(2)
        let transport = PeerTransport(
            identity: identities[0], chainID: "bpi-test", identities: keys, addresses: addresses, me: 0
        ) { _, _ in }
        #expect(PeerTransport.eventLoopThreads == System.coreCount)
        #expect(transport.eventLoopCount == System.coreCount)
        await transport.stop()
    }

    @Test("a node whose identity is not in the set never gets a channel, and its messages never arrive")
    func outsiderRefused() async throws {
        let ports = try ProcessControl.freePorts(3)
        let addresses = ports.map { PeerAddress(host: "127.0.0.1", port: $0) }
        let members = [identities[0].publicKey.bytes, identities[1].publicKey.bytes]
        let inbox = Inbox()
        let member = PeerTransport(
            identity: identities[1], chainID: "bpi-test", identities: members, addresses: Array(addresses[0..<2]), me: 1
        ) { inbox.add($0, $1) }
        // The outsider believes it is validator 0 of a set it made up, and dials validator 1.
        let outsider = PeerTransport(
            identity: identities[3], chainID: "bpi-test", identities: [identities[3].publicKey.bytes, members[1]],
            addresses: [addresses[2], addresses[1]], me: 0
        ) { _, _ in }
        try await member.start()
        try await outsider.start()
        // Several redial periods pass; the member never admits it.
        let deadline = Date().addingTimeInterval(1.5)
        while Date() < deadline {
            #expect(member.connectedPeers.isEmpty)
            outsider.broadcast([6, 6, 6])
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(inbox.all.isEmpty)
        await member.stop()
        await outsider.stop()
    }

    @Test("a dialled address answered by another validator is refused: the channel is never registered under the wrong peer")
    func dialledIdentityChecked() async throws {
        let (_, right, keys) = try loopback(3)
        // Validator 0 believes validator 1 listens where validator 2 does.
        var wrong = right
        wrong[1] = right[2]
        let zero = PeerTransport(identity: identities[0], chainID: "bpi-test", identities: keys, addresses: wrong, me: 0) {
            _, _ in
        }
        let two = PeerTransport(identity: identities[2], chainID: "bpi-test", identities: keys, addresses: right, me: 2) { _, _ in
        }
        try await zero.start()
        try await two.start()
        #expect(try await eventually { zero.counters.failedHandshakes >= 3 })
        #expect(try await eventually { zero.connectedPeers == [keys[2]] })
        // The refused dials never replace the one channel between 0 and 2.
        let deadline = Date().addingTimeInterval(1)
        while Date() < deadline {
            #expect(zero.connectedPeers == [keys[2]])
            #expect(two.connectedPeers == [keys[0]])
            try await Task.sleep(for: .milliseconds(50))
        }
        await zero.stop()
        await two.stop()
    }

    @Test("half-open connections are capped per address and timed out, and the mesh keeps delivering meanwhile")
    func halfOpenConnections() async throws {
        let (ports, addresses, keys) = try loopback(2)
        var limits = TransportLimits()
        limits.maxUnauthenticatedPerAddress = 8
        limits.handshakeTimeout = .milliseconds(500)
        let inbox = Inbox()
        let zero = PeerTransport(identity: identities[0], chainID: "bpi-test", identities: keys, addresses: addresses, me: 0) {
            _, _ in
        }
        let one = PeerTransport(
            identity: identities[1], chainID: "bpi-test", identities: keys, addresses: addresses, me: 1, limits: limits
        ) { inbox.add($0, $1) }
        try await zero.start()
        try await one.start()
        #expect(try await eventually { one.connectedPeers.count == 1 })

        // 100 connections that never say a word.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var idle: [Channel] = []
        for _ in 0..<100 {
            idle.append(try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: ports[1]).get())
        }
        #expect(try await eventually { one.counters.refusedInbound >= 92 })
        #expect(one.inboundConnections.unauthenticated <= 8)
        zero.broadcast([4, 2])
        #expect(try await eventually { inbox.all.contains { $0.bytes == [4, 2] } })
        // Those admitted are closed when their handshake deadline passes.
        #expect(try await eventually { one.counters.handshakeTimeouts >= 8 && one.inboundConnections.unauthenticated == 0 })
        #expect(try await eventually { idle.allSatisfy { !$0.isActive } })
        #expect(one.connectedPeers == [keys[0]])
        try await group.shutdownGracefully()
        await zero.stop()
        await one.stop()
    }

    @Test("a channel that receives nothing for the idle timeout is closed, and the dialler re-establishes it")
    func idleChannelsClose() async throws {
        let (_, addresses, keys) = try loopback(2)
        var limits = TransportLimits()
        limits.idleTimeout = .milliseconds(300)
        let connected = Inbox()
        let transports = (0..<2).map { i in
            PeerTransport(
                identity: identities[i], chainID: "bpi-test", identities: keys, addresses: addresses, me: i, limits: limits,
                onConnected: { connected.add($0, []) }
            ) { _, _ in }
        }
        for t in transports { try await t.start() }
        #expect(try await eventually { transports.contains { $0.counters.idleClosed >= 1 } })
        // Connected at least twice on each side: once, and again after the idle close.
        #expect(try await eventually { connected.all.count >= 4 })
        for t in transports { await t.stop() }
    }
}
