import BPICodec
import BPIHash
import BPITypes

/// A run's witness log as it is stored and sent (docs/SPEC.md §13.4): canonical
/// `[version, rawLength, zlib(canonical [entries])]`. Its root (`WitnessEntry.root`) is over the
/// entries, not the compressed bytes, so the compressor may change without changing receipts.
public enum WitnessLog {
    /// Largest decompressed log a reader accepts by default (128 MiB).
    public static let maxRawBytes = 128 << 20

    /// The stored form of `entries`.
    public static func encode(_ entries: [WitnessEntry]) -> [UInt8] {
        let raw = (try? CBOREncoder.encode(.array(entries.map(\.cbor)))) ?? []
        let item = CBOR.array([.unsigned(1), .unsigned(UInt64(raw.count)), .bytes(Zlib.compress(raw))])
        return (try? CBOREncoder.encode(item)) ?? []
    }

    /// The entries of a stored log, refusing one that decompresses to more than `maxRawBytes`.
    public static func decode(_ bytes: [UInt8], maxRawBytes: Int = maxRawBytes) throws(DockLockError) -> [WitnessEntry] {
        let fields: [CBOR]
        do {
            guard case .array(let f) = try CBORDecoder.decode(bytes), f.count == 3 else {
                throw DockLockError.badWitness("expected [version, rawLength, compressed]")
            }
            fields = f
        } catch let error as DockLockError {
            throw error
        } catch {
            throw .badWitness("not canonical CBOR: \(error)")
        }
        guard case .unsigned(1) = fields[0] else { throw .badWitness("unsupported version") }
        guard case .unsigned(let length) = fields[1], length > 0, length <= UInt64(maxRawBytes) else {
            throw .badWitness("raw length must be 1…\(maxRawBytes) bytes")
        }
        guard case .bytes(let compressed) = fields[2], let raw = Zlib.decompress(compressed, length: Int(length)) else {
            throw .badWitness("the compressed entries do not inflate to the stated length")
        }
        do {
            guard case .array(let items) = try CBORDecoder(limits: .witness).decode(raw) else {
                throw DockLockError.badWitness("the entries are not an array")
            }
            return try items.map { item throws(CBORError) in try WitnessEntry(cbor: item) }
        } catch let error as DockLockError {
            throw error
        } catch {
            throw .badWitness("entries: \(error)")
        }
    }
}

extension CBORDecodingLimits {
    /// Limits for a decompressed witness log: large byte strings (inputs, modules), many entries.
    static var witness: CBORDecodingLimits {
        CBORDecodingLimits(maxDepth: 4, maxLength: WitnessLog.maxRawBytes)
    }
}
