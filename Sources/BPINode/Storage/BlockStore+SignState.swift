import BPICodec
import BPIConsensus
import BPIHash
import BPITypes
import Foundation
import GRDB

/// The validator's sign state (docs/SPEC.md §9.1): `sign_state(height, round, lock, block)` — the
/// highest round entered at the height in flight, the lock (`[round, value, [prepare…]]`) and the
/// block it locked on — and `signed_messages(height, round, kind, message)`, every consensus
/// message signed there, canonical bytes. One transaction, durable (WAL, synchronous = FULL)
/// before the message is sent; rows of lower heights are deleted.
extension BlockStore {
    /// The stored sign state of `height`, and the block of its lock.
    public func signState(height: UInt64) throws(SignStateError) -> (state: SignState, lockedBlock: Block?)? {
        guard let h = Int64(exactly: height) else { throw SignStateError("height \(height) is beyond the store's range") }
        do {
            return try pool.read { db -> (SignState, Block?)? in
                guard let (stored, blockBytes) = try Self.stateRow(db, height: height) else { return nil }
                var state = stored
                for bytes in try Data.fetchAll(
                    db, sql: "SELECT message FROM signed_messages WHERE height = ? ORDER BY round, kind", arguments: [h])
                {
                    state.signed.append(try ConsensusMessage(canonicalBytes: [UInt8](bytes)))
                }
                return (state, try blockBytes.map { try Block(canonicalBytes: [UInt8]($0)) })
            }
        } catch let error as SignStateError {
            throw error
        } catch {
            throw SignStateError("cannot read the sign state of height \(height) from \(path): \(error)")
        }
    }

    /// Records `message` with the round entered and the lock (and the block locked on), as
    /// `SignState.recording` decides, in one durable transaction.
    public func recordSignature(
        _ message: ConsensusMessage, round: UInt64, prepared: PreparedCertificate?, lockedBlock: Block?
    ) throws(SignStateError) -> SignVerdict {
        guard let h = Int64(exactly: message.height) else { throw SignStateError("height beyond the store's range") }
        do {
            return try pool.write { db -> SignVerdict in
                var (current, storedBlock) =
                    try Self.stateRow(db, height: message.height) ?? (SignState(height: message.height, round: 0), nil)
                if let earlier = try Data.fetchOne(
                    db, sql: "SELECT message FROM signed_messages WHERE height = ? AND round = ? AND kind = ?",
                    arguments: [h, try Self.sqlInteger(message.round), Int64(message.kind.rawValue)])
                {
                    current.signed = [try ConsensusMessage(canonicalBytes: [UInt8](earlier))]
                }
                let (verdict, next) = current.recording(message, round: round, prepared: prepared)
                guard verdict == .fresh else { return verdict }
                let lockChanged = next.prepared != current.prepared
                if lockChanged && lockedBlock == nil {
                    throw SignStateError("no block is held for the locked value \(next.prepared!.value)")
                }
                let block = lockChanged ? lockedBlock.map { Data($0.canonicalBytes()) } : storedBlock
                try db.execute(
                    sql: "INSERT OR REPLACE INTO sign_state (height, round, lock, block) VALUES (?, ?, ?, ?)",
                    arguments: [h, try Self.sqlInteger(next.round), next.prepared.map { Data(Self.encodeLock($0)) }, block])
                try db.execute(
                    sql: "INSERT INTO signed_messages (height, round, kind, message) VALUES (?, ?, ?, ?)",
                    arguments: [
                        h, try Self.sqlInteger(message.round), Int64(message.kind.rawValue), Data(message.canonicalBytes()),
                    ])
                try db.execute(sql: "DELETE FROM sign_state WHERE height < ?", arguments: [h])
                try db.execute(sql: "DELETE FROM signed_messages WHERE height < ?", arguments: [h])
                return .fresh
            }
        } catch let error as SignStateError {
            throw error
        } catch {
            throw SignStateError("cannot write the sign state to \(path): \(error)")
        }
    }

    /// The `sign_state` row of `height`: round and lock (no messages), and the locked block's bytes.
    private static func stateRow(_ db: Database, height: UInt64) throws -> (SignState, Data?)? {
        guard
            let row = try Row.fetchOne(db, sql: "SELECT * FROM sign_state WHERE height = ?", arguments: [try sqlInteger(height)])
        else { return nil }
        let round: Int64 = row["round"]
        let lockBytes: Data? = row["lock"]
        var state = SignState(height: height, round: UInt64(round))
        state.prepared = try lockBytes.map { try decodeLock([UInt8]($0)) }
        return (state, row["block"])
    }

    static func encodeLock(_ lock: PreparedCertificate) -> [UInt8] {
        (try? CBOREncoder.encode(
            .array([.unsigned(lock.round), .bytes(lock.value.bytes), .array(lock.prepares.map(\.cbor))]))) ?? []
    }

    static func decodeLock(_ bytes: [UInt8]) throws -> PreparedCertificate {
        guard case .array(let items) = try CBORDecoder.decode(bytes), items.count == 3, case .unsigned(let round) = items[0],
            case .bytes(let value) = items[1], let hash = Hash32(value), case .array(let prepares) = items[2]
        else { throw SignStateError("the stored lock is malformed") }
        var messages: [ConsensusMessage] = []
        for item in prepares { messages.append(try ConsensusMessage(cbor: item)) }
        return PreparedCertificate(round: round, value: hash, prepares: messages)
    }
}
