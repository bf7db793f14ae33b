import BPILightClient
import BPITypes

/// Follows a chain source and indexes its receipts (docs/SPEC.md §14.7). Every entry is verified
/// from genesis under the light-client rules before anything of its block is indexed, and the
/// block's frames must be the ones its header commits to (envelopes under `framesRoot`, receipts
/// under `receiptsRoot`), so every receipt the registry serves is committed by a verified header.
/// On start it re-verifies the entries it stored and resumes after them.
public struct RegistryFollower: Sendable {
    private var client: LightClient
    private let store: any RegistryStore
    private let source: any ChainSource

    /// Entries fetched and verified in one step.
    public static let batch: UInt64 = 64

    /// A follower from `genesis`, resuming what `store` holds (re-verified).
    public init(genesis: Genesis, store: any RegistryStore, source: any ChainSource) async throws(RegistryError) {
        do {
            client = try LightClient(genesis: genesis)
        } catch {
            throw .unverified(height: 0, "the genesis does not load: \(error)")
        }
        let stored = try await store.entries()
        do {
            try client.verify(contentsOf: stored)
        } catch {
            throw .unverified(height: client.height + 1, "the stored chain no longer verifies: \(error)")
        }
        self.store = store
        self.source = source
    }

    /// The height indexed so far.
    public var height: UInt64 { client.height }

    /// Indexes what the source finalized since the last step, at most `batch` heights; returns how
    /// many heights it indexed (0: up to date).
    public mutating func step() async throws(RegistryError) -> Int {
        let latest: UInt64
        let entries: [ChainEntry]
        let from = client.height + 1
        do {
            latest = try await source.latestHeight()
            guard latest >= from else { return 0 }
            entries = try await source.entries(from: from, to: min(latest, from + Self.batch - 1))
        } catch let error as RegistryError {
            throw error
        } catch {
            throw .source("\(error)")
        }
        for entry in entries {
            let h = entry.header.height
            guard h == client.height + 1 else { throw .unverified(height: h, "the source sent height \(h) out of order") }
            var next = client
            do {
                try next.verify(entry)
            } catch {
                throw .unverified(height: h, "\(error)")
            }
            let frames: [Frame]
            do {
                frames = try await source.frames(at: h)
            } catch {
                throw .source("the frames of height \(h): \(error)")
            }
            guard FinalizedBlock(entry: entry, frames: frames).framesMatchEntry else { throw .framesMismatch(height: h) }
            try await store.append(entry, receipts: Block.receipts(frames))
            client = next
        }
        return entries.count
    }
}
