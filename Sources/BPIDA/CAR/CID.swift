import BPIHash
import Crypto

/// A CIDv1 (multiformats): `varint(1) ‖ varint(codec) ‖ multihash`, multihash = `varint(code) ‖
/// varint(length) ‖ digest`. Codecs used here: raw (0x55) for shard bytes, dag-cbor (0x71) for
/// nodes; hashes: sha2-256 (0x12) by default, BLAKE3 (0x1e, 32 bytes) as an option.
public struct CID: Sendable, Hashable, CustomStringConvertible {
    public static let raw: UInt64 = 0x55
    public static let dagCBOR: UInt64 = 0x71

    /// The multihash functions a CAR of ours may use.
    public enum HashFunction: UInt64, Sendable, CaseIterable {
        case sha256 = 0x12
        case blake3 = 0x1e

        /// The 32-byte digest of `data`.
        public func digest(_ data: [UInt8]) -> [UInt8] {
            switch self {
            case .sha256: return Array(SHA256.hash(data: data))
            case .blake3: return BLAKE3.hash(data).bytes
            }
        }
    }

    public var codec: UInt64
    public var hash: HashFunction
    public var digest: [UInt8]

    /// The CID of `data` under `codec` and `hash`.
    public init(codec: UInt64, hash: HashFunction, of data: [UInt8]) {
        self.codec = codec
        self.hash = hash
        digest = hash.digest(data)
    }

    /// The binary CID.
    public var bytes: [UInt8] {
        Varint.encode(1) + Varint.encode(codec) + Varint.encode(hash.rawValue) + Varint.encode(UInt64(digest.count)) + digest
    }

    /// Reads a binary CIDv1 at `offset` (advancing it): only the codecs and hashes above.
    public static func read(_ bytes: [UInt8], at offset: inout Int) throws(CARError) -> CID {
        guard try Varint.read(bytes, at: &offset) == 1 else { throw .malformed("not a CIDv1") }
        let codec = try Varint.read(bytes, at: &offset)
        guard codec == raw || codec == dagCBOR else {
            throw .malformed("codec 0x\(String(codec, radix: 16)) is not raw or dag-cbor")
        }
        let code = try Varint.read(bytes, at: &offset)
        guard let hash = HashFunction(rawValue: code) else {
            throw .malformed("multihash 0x\(String(code, radix: 16)) is not sha2-256 or blake3")
        }
        guard try Varint.read(bytes, at: &offset) == 32, offset + 32 <= bytes.count else {
            throw .malformed("a multihash digest is not 32 bytes")
        }
        let digest = Array(bytes[offset..<offset + 32])
        offset += 32
        var cid = CID(codec: codec, hash: hash, of: [])
        cid.digest = digest
        return cid
    }

    /// Whether `data` hashes to this CID.
    public func matches(_ data: [UInt8]) -> Bool { hash.digest(data) == digest }

    /// The multibase base32 (lower case, no padding, prefix `b`) text form.
    public var description: String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var out = "b"
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return out
    }
}
