import BPIBLS
import BPICodec
import BPICrypto
import BPIHash
import BPIPoH
import BPIThreshold
import BPITypes

/// The sending side of a service (docs/SPEC.md §12): numbers its frames per destination, links
/// each into its nonce chain, signs them, and seals data frames under a session. The state
/// (`chain`, `nonces`) must be kept across runs — a service that forgets it sends frames the
/// validators refuse as replays or chain breaks — and can be rebuilt from the chain.
public struct FrameSender: Sendable {
    /// The keys frames are signed with (the registered ones).
    public private(set) var identity: ServiceIdentity
    /// The nonce-chain value the next frame links to.
    public private(set) var chain: Hash32
    /// The last nonce sent to each destination.
    public private(set) var nonces: [Hash32: UInt64]

    /// A sender at the start of its chain, or resuming from `chain` and `nonces`.
    public init(identity: ServiceIdentity, chain: Hash32? = nil, nonces: [Hash32: UInt64] = [:]) {
        self.identity = identity
        self.chain = chain ?? NonceChain.genesis(service: identity.id)
        self.nonces = nonces
    }

    /// The next header to `destination`, and the state after it.
    private mutating func nextHeader(to destination: Hash32, kind: FrameKind, tick: TickRef) -> FrameHeader {
        let nonce = (nonces[destination] ?? 0) + 1
        nonces[destination] = nonce
        let header = FrameHeader(
            source: identity.id, destination: destination, nonce: nonce, ncPrev: chain, tick: tick, kind: kind)
        chain = NonceChain.next(chain, frameHeaderHash: header.hash)
        return header
    }

    /// A frame whose payload travels in the clear (registrations, handshakes).
    public mutating func frame(to destination: Hash32, kind: FrameKind, payload: [UInt8], tick: TickRef) -> Frame {
        let header = nextHeader(to: destination, kind: kind, tick: tick)
        return Frame(header: header, sealedPayload: payload, signer: identity.signing)
    }

    /// A data frame to the session's peer, sealed under the session with the header as associated data.
    public mutating func data(_ plaintext: [UInt8], session: inout ServiceSession, tick: TickRef, now: UInt64) -> Frame {
        let header = nextHeader(to: session.peer, kind: .data, tick: tick)
        return Frame(header: header, sealedPayload: session.seal(plaintext, header: header, now: now), signer: identity.signing)
    }

    /// The receipt signed by this service as its executor (docs/SPEC.md §13.5).
    public func sign(_ receipt: Receipt) -> Receipt { receipt.signed(executor: identity.id, key: identity.signing) }

    /// A receipt frame: the receipt (signed by this service) with its stored witness log, to itself.
    public mutating func receipt(_ signed: Receipt, witnessLog: [UInt8], tick: TickRef) -> Frame {
        frame(
            to: identity.id, kind: .receipt,
            payload: ReceiptSubmission(receipt: signed, witnessLog: witnessLog).canonicalBytes(), tick: tick)
    }

    /// An agreement frame: the bundle to pin, to itself (docs/SPEC.md §14.5).
    public mutating func agreement(_ bundle: AgreementBundle, tick: TickRef) -> Frame {
        frame(to: identity.id, kind: .agreement, payload: bundle.canonicalBytes(), tick: tick)
    }

    /// A da-commit frame: the erasure-coded object to commit, to itself (docs/SPEC.md §15.3).
    public mutating func daCommit(_ object: DAObject, tick: TickRef) -> Frame {
        frame(to: identity.id, kind: .daCommit, payload: object.canonicalBytes(), tick: tick)
    }

    /// A da-challenge frame naming one shard of an object `storer` committed (docs/SPEC.md §15.8).
    public mutating func daChallenge(_ challenge: DAChallenge, storer: Hash32, tick: TickRef) -> Frame {
        frame(to: storer, kind: .daChallenge, payload: challenge.canonicalBytes(), tick: tick)
    }

    /// A da-response frame answering a challenge from `challenger` (docs/SPEC.md §15.8).
    public mutating func daResponse(_ response: DAResponse, challenger: Hash32, tick: TickRef) -> Frame {
        frame(to: challenger, kind: .daResponse, payload: response.canonicalBytes(), tick: tick)
    }

    /// A keygen frame: a validator's key-generation message, to itself (docs/SPEC.md §16.5).
    public mutating func keygen(_ message: KeyGenMessage, tick: TickRef) -> Frame {
        frame(to: identity.id, kind: .keygen, payload: message.canonicalBytes(), tick: tick)
    }

    /// A key-share frame: a validator's key share for a final height, to itself (docs/SPEC.md §16.5).
    public mutating func keyShare(_ message: KeyShareMessage, tick: TickRef) -> Frame {
        frame(to: identity.id, kind: .keyShare, payload: message.canonicalBytes(), tick: tick)
    }

    /// An epoch-key frame: a decided epoch key put on the chain by a participant of its committee,
    /// to itself (docs/SPEC.md §16.5).
    public mutating func epochKey(_ message: EpochKeyMessage, tick: TickRef) -> Frame {
        frame(to: identity.id, kind: .epochKey, payload: message.canonicalBytes(), tick: tick)
    }

    /// A set-change frame: a validator's vote for a new validator set, to itself (docs/SPEC.md §19).
    public mutating func setChange(_ vote: SetChangeVote, tick: TickRef) -> Frame {
        frame(to: identity.id, kind: .setChange, payload: vote.canonicalBytes(), tick: tick)
    }

    /// An inclusion-list frame: a committee validator's list for the next block, to itself (docs/SPEC.md §17.1).
    public mutating func inclusionList(_ list: InclusionList, tick: TickRef) -> Frame {
        frame(to: identity.id, kind: .inclusionList, payload: list.canonicalBytes(), tick: tick)
    }

    /// An encrypted frame to `destination`: `plaintext` encrypted to (`masterKey` of `keyEpoch`,
    /// `targetHeight`) with this frame's header hash as associated data, so the ciphertext opens
    /// only as this sender's frame (docs/SPEC.md §16.5).
    public mutating func encrypted(
        _ plaintext: [UInt8], to destination: Hash32, keyEpoch: UInt64, targetHeight: UInt64, masterKey: G2Point, chainID: String,
        tick: TickRef
    ) throws(ThresholdError) -> Frame {
        let saved = (chain, nonces)
        let header = nextHeader(to: destination, kind: .encrypted, tick: tick)
        let identity = EncryptionIdentity.height(targetHeight, epoch: keyEpoch, chainID: chainID)
        do {
            let ciphertext = try IdentityKEM.seal(plaintext, to: masterKey, identity: identity, associatedData: header.hash.bytes)
            let payload = EncryptedPayload(keyEpoch: keyEpoch, targetHeight: targetHeight, ciphertext: ciphertext)
            return Frame(header: header, sealedPayload: payload.canonicalBytes(), signer: self.identity.signing)
        } catch {
            (chain, nonces) = saved
            throw error
        }
    }

    /// The service's first registration.
    public mutating func register(tick: TickRef) -> Frame {
        frame(to: identity.id, kind: .registration, payload: identity.registration(sequence: 0).canonicalBytes(), tick: tick)
    }

    /// A rotation to `next` keys at `sequence`, signed by both keys. The sender signs with the
    /// new keys from now on: send nothing else until the rotation is final.
    public mutating func rotate(to next: ServiceIdentity, sequence: UInt64, tick: TickRef) -> Frame {
        let registration = next.registration(sequence: sequence, previous: identity.signing)
        let previous = identity
        identity = next
        let header = nextHeader(to: previous.id, kind: .registration, tick: tick)
        return Frame(header: header, sealedPayload: registration.canonicalBytes(), signer: next.signing)
    }
}
