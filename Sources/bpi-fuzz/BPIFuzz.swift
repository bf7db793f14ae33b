import BPIBLS
// Fuzz targets for the protocol decoders. Every decoder must reject each input or decode it to a
// value that re-encodes to exactly that input; a crash or a failed round trip is a finding.
//
// Built normally, `bpi-fuzz TARGET CORPUS…` replays corpus files or directories through TARGET
// (what the tests run). Built by scripts/fuzz with `--sanitize=fuzzer -Xswiftc -DBPI_FUZZ`, it is
// a libFuzzer binary; the target is chosen with BPI_FUZZ_TARGET.
import BPICodec
import BPICrypto
import BPIDA
import BPIEthereum
import BPIFrames
import BPIHash
import BPILightClient
import BPILightClientTool
import BPIThreshold
import BPITypes
import Foundation

/// Anything `T` accepts must re-encode to exactly the input.
func roundTrip<T: CBORCodable>(_ bytes: [UInt8], _: T.Type) {
    if let value = try? T(canonicalBytes: bytes) {
        guard value.canonicalBytes() == bytes else { fatalError("\(T.self): accepted input does not re-encode to itself") }
    }
}

/// The fuzz targets by name.
let targets: [String: @Sendable ([UInt8]) -> Void] = [
    "consensus-message": { bytes in
        roundTrip(bytes, ConsensusMessage.self)
        roundTrip(bytes, EquivocationEvidence.self)
        roundTrip(bytes, Header.self)
        roundTrip(bytes, Commit.self)
        roundTrip(bytes, ChainEntry.self)
        roundTrip(bytes, PoHRecord.self)
    },
    "wire-message": { bytes in
        if let message = try? WireMessage(encoded: bytes) {
            guard message.encoded() == bytes else { fatalError("WireMessage: accepted input does not re-encode to itself") }
        }
        roundTrip(bytes, Block.self)
        roundTrip(bytes, FinalizedBlock.self)
    },
    "frame": { bytes in
        roundTrip(bytes, Frame.self)
        roundTrip(bytes, FrameEnvelope.self)
        roundTrip(bytes, FrameHeader.self)
        roundTrip(bytes, ServiceRegistration.self)
        roundTrip(bytes, TickRef.self)
    },
    "receipt": { bytes in
        roundTrip(bytes, Receipt.self)
        roundTrip(bytes, ReceiptSubmission.self)
        roundTrip(bytes, RunHeader.self)
        roundTrip(bytes, RunEvent.self)
        roundTrip(bytes, RunFile.self)
        roundTrip(bytes, WitnessEntry.self)
        roundTrip(bytes, Delegation.self)
        roundTrip(bytes, ShadowReceipt.self)
        roundTrip(bytes, ZKClaim.self)
    },
    "agreement": { bytes in
        roundTrip(bytes, AgreementBundle.self)
        roundTrip(bytes, AgreementManifest.self)
        roundTrip(bytes, PolicyEntry.self)
        roundTrip(bytes, PolicyLimits.self)
        roundTrip(bytes, PolicyResult.self)
        if let key = try? Groth16VerifyingKey(canonicalBytes: bytes) {
            guard key.canonicalBytes() == bytes else { fatalError("Groth16VerifyingKey: accepted input does not re-encode") }
        }
        if bytes.count == Groth16Proof.byteCount, let proof = try? Groth16Proof(bytes: bytes) {
            guard proof.bytes == bytes else { fatalError("Groth16Proof: accepted input does not re-encode") }
        }
    },
    "da-manifest": { bytes in
        roundTrip(bytes, DAObject.self)
        roundTrip(bytes, ShardHeader.self)
        // Any JSON: decoded and checked without a crash; an accepted manifest's numbers add up.
        if let m = try? JSONDecoder().decode(CodedObjectManifest.self, from: Data(bytes)), (try? m.check()) != nil {
            guard m.chunks.count == (m.size + m.chunkSize - 1) / m.chunkSize else {
                fatalError("a checked manifest is inconsistent")
            }
        }
        // An object proof (GET /v1/da/objects/{id}): an accepted one names the object it carries.
        if let p = try? JSONDecoder().decode(DAObjectProof.self, from: Data(bytes)), let parts = try? p.parts() {
            guard parts.object.id.hex == p.id.lowercased(), parts.proof.count >= 1 else {
                fatalError("an accepted object proof does not name its object")
            }
        }
    },
    "da-challenge": { bytes in
        // Challenges, responses, frame inclusions and fault evidence: refused or re-encoded exactly;
        // an accepted fault's own checks run without a crash at any height.
        roundTrip(bytes, DAChallenge.self)
        roundTrip(bytes, DAResponse.self)
        roundTrip(bytes, FrameInclusion.self)
        roundTrip(bytes, DAFaultEvidence.self)
        if let fault = try? DAFaultEvidence(canonicalBytes: bytes) {
            for height in [0, fault.deadline, fault.deadline &+ 1, .max] { _ = fault.refusal(carriedAt: height) }
        }
    },
    "da-car": { bytes in
        // Any bytes: refused with a typed error or read; an accepted CAR is an object whose shards
        // give its shard root, and writing it again gives a CAR that reads to the same contents.
        if let contents = try? ObjectCAR.read(bytes) {
            guard Merkle.root(leafHashes: contents.headers.map(\.leafHash)) == contents.object.shardRoot,
                let again = try? ObjectCAR.read(
                    ObjectCAR.write(object: contents.object, shards: contents.shards, hash: contents.root.hash).bytes),
                again.object == contents.object, again.shards == contents.shards
            else {
                fatalError("an accepted CAR does not describe its object")
            }
        }
        _ = try? DAGNode(decoding: bytes)
    },
    "threshold": { bytes in
        // Key-generation messages, epoch keys (and epoch-key frames' payloads), key shares,
        // ciphertexts and bad-share evidence: refused or re-encoded exactly; an accepted epoch key
        // checks an accepted key share without a crash.
        roundTrip(bytes, DKGDealing.self)
        roundTrip(bytes, DKGComplaint.self)
        roundTrip(bytes, DKGJustification.self)
        roundTrip(bytes, EpochPublicKey.self)
        roundTrip(bytes, DecryptionKeyShare.self)
        roundTrip(bytes, IdentityCiphertext.self)
        roundTrip(bytes, KeyGenMessage.self)
        roundTrip(bytes, KeyShareMessage.self)
        roundTrip(bytes, EpochKeyMessage.self)
        roundTrip(bytes, EncryptedPayload.self)
        roundTrip(bytes, BadKeyShareEvidence.self)
        if let key = try? EpochPublicKey(canonicalBytes: bytes) {
            let share = DecryptionKeyShare(index: UInt32(key.shareKeys.count), point: G1Point.generator)
            guard !key.verifies(share, for: EncryptionIdentity(bytes: bytes)) else {
                fatalError("the generator verified as a key share")
            }
        }
    },
    "set-change": { bytes in
        // Set-change votes and validator sets: refused or re-encoded exactly.
        roundTrip(bytes, SetChangeVote.self)
        roundTrip(bytes, ValidatorSet.self)
    },
    "inclusion": { bytes in
        // Inclusion lists, entries, missed-inclusion and list-equivocation evidence and blocks carrying them: refused or
        // re-encoded exactly; accepted evidence is checked without a crash (and without headers it
        // never verifies).
        roundTrip(bytes, InclusionList.self)
        roundTrip(bytes, InclusionEntry.self)
        roundTrip(bytes, MissedInclusionEvidence.self)
        roundTrip(bytes, ListEquivocationEvidence.self)
        roundTrip(bytes, Block.self)
        roundTrip(bytes, ChainEntry.self)
        if let e = try? MissedInclusionEvidence(canonicalBytes: bytes) {
            let set = try! ValidatorSet([
                ValidatorInfo(
                    identityKey: e.list.header.source.bytes, blsKey: [UInt8](repeating: 0, count: 96),
                    blsProofOfPossession: [UInt8](repeating: 0, count: 48), vrfKey: [UInt8](repeating: 0, count: 32),
                    votingPower: 1, metadata: "fuzz")
            ])
            guard (try? e.verify(set: set, chainID: e.header.chainID) { _ in nil }) == nil else {
                fatalError("missed-inclusion evidence verified without any finalized header")
            }
            _ = e.refusal(carriedAt: e.height + 1)
        }
    },
    "key-file": { bytes in
        roundTrip(bytes, KeyFile.self)
        roundTrip(bytes, RotationStatement.self)
    },
    "ethereum": { bytes in
        if let item = try? RLPItem(decoding: bytes), item.encoded != bytes {
            fatalError("RLPItem: accepted input does not re-encode to itself")
        }
        if let tx = try? SignedEIP1559Transaction(raw: bytes) {
            guard tx.raw == bytes else { fatalError("SignedEIP1559Transaction: accepted input does not re-encode to itself") }
            _ = try? tx.sender()
        }
    },
    "anchor": { bytes in
        roundTrip(bytes, ForkEvidence.self)
        roundTrip(bytes, EvidenceEnvelope.self)
        roundTrip(bytes, AnchorPledge.self)
        roundTrip(bytes, MissedAnchorEvidence.self)
        if let p = try? AnchorPledge(canonicalBytes: bytes), p.every == 0 || p.deadlineSeconds == 0 {
            fatalError("AnchorPledge: decoded a pledge with no period or no deadline")
        }
        if let e = try? ForkEvidence(canonicalBytes: bytes) {
            // A set of zero keys signs nothing: no input may prove a fork against it.
            let set = try! ValidatorSet([
                ValidatorInfo(
                    identityKey: [UInt8](repeating: 1, count: 32), blsKey: [UInt8](repeating: 0, count: 96),
                    blsProofOfPossession: [UInt8](repeating: 0, count: 48), vrfKey: [UInt8](repeating: 0, count: 32),
                    votingPower: 1, metadata: "fuzz")
            ])
            if (try? e.verify(set: set, chainID: "fuzz")) != nil { fatalError("fork evidence verified against a keyless set") }
        }
        // An anchor file and a JSON-RPC answer (eth_getLogs): refused or read, never a crash.
        if let file = try? JSONDecoder().decode(AnchorFile.self, from: Data(bytes)) {
            _ = try? file.book(chainID: file.chainID, depth: 1)
        }
        if let result = try? JSONRPC.result(of: Data(bytes), method: "eth_getLogs"), let logs = try? JSONRPC.logs(result) {
            for log in logs {
                _ = AnchorLogContract.decode(topics: log.topics, data: log.data)
                if let e = ForceInboxContract.decode(topics: log.topics, data: log.data),
                    e.frame.isEmpty || e.frame.count > ForceInboxContract.maxFrameBytes
                {
                    fatalError("ForceInboxContract: decoded a frame the contract cannot hold")
                }
            }
        }
    },
]

#if BPI_FUZZ
    nonisolated(unsafe) var selected: ([UInt8]) -> Void = { _ in }

    @_cdecl("LLVMFuzzerInitialize")
    public func fuzzInitialize(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
    ) -> CInt {
        let name = ProcessInfo.processInfo.environment["BPI_FUZZ_TARGET"] ?? ""
        guard let target = targets[name] else {
            FileHandle.standardError.write(
                Data("set BPI_FUZZ_TARGET to one of: \(targets.keys.sorted().joined(separator: ", "))\n".utf8))
            exit(64)
        }
        selected = target
        return 0
    }

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        selected(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
#else
    @main
    struct BPIFuzz {
        static func main() {
            let arguments = CommandLine.arguments
            guard arguments.count >= 2, let target = targets[arguments[1]] else {
                FileHandle.standardError.write(
                    Data("usage: bpi-fuzz TARGET CORPUS…; targets: \(targets.keys.sorted().joined(separator: ", "))\n".utf8))
                exit(64)
            }
            var count = 0
            for path in arguments.dropFirst(2) {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
                let files =
                    isDirectory.boolValue
                    ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).map { path + "/" + $0 } : [path]
                for file in files {
                    if let data = FileManager.default.contents(atPath: file) {
                        target([UInt8](data))
                        count += 1
                    }
                }
            }
            print("replayed \(count) inputs through \(arguments[1])")
        }
    }
#endif
