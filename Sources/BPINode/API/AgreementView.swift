import BPICodec
import BPIHash
import BPITypes

/// An agreement bundle as JSON (docs/SPEC.md §14.1): its id, manifest and each policy — what
/// `agreementc build` and `inspect` print and `GET /v1/agreements/{id}` answers (with the height
/// that pinned it and the canonical bundle).
public struct AgreementView: Codable, Sendable, Equatable {
    /// One policy of the bundle.
    public struct PolicyView: Codable, Sendable, Equatable {
        public var moduleHash: String
        public var hooks: [String]
        public var bytes: Int
    }

    /// `H(0x47 ‖ canonical bundle)`: what a run header's agreementID names.
    public var id: String
    public var name: String
    public var version: UInt64
    public var governs: [String]
    public var fuel: UInt64
    public var memoryPages: UInt64
    public var policies: [PolicyView]
    /// The BLAKE3 hashes of the Groth16 verifying keys it pins for claims (docs/SPEC.md §14.8);
    /// absent when it pins none.
    public var claimKeys: [String]?
    /// The canonical bundle's size.
    public var bytes: Int
    /// Where the bundle was written or read (the command line), else absent.
    public var path: String?
    /// The height that pinned it (the node's API), else absent.
    public var height: UInt64?
    /// The canonical bundle, hex (the node's API), else absent.
    public var bundle: String?

    /// The view of `bundle`, stored at `path` or pinned at `height`.
    public init(_ bundle: AgreementBundle, path: String? = nil, height: UInt64? = nil) {
        let m = bundle.manifest
        id = bundle.id.hex
        name = m.name
        version = m.agreementVersion
        governs = m.governs.map(\.hex)
        fuel = m.limits.fuel
        memoryPages = m.limits.memoryPages
        policies = zip(m.policies, bundle.modules).map {
            PolicyView(moduleHash: $0.moduleHash.hex, hooks: $0.hooks.map(\.description), bytes: $1.count)
        }
        claimKeys = bundle.claimKeys.isEmpty ? nil : bundle.claimKeys.map { HashAlgorithm.blake3.hash($0).hex }
        bytes = bundle.canonicalBytes().count
        self.path = path
        self.height = height
        self.bundle = height == nil ? nil : Hex.encode(bundle.canonicalBytes())
    }

    /// Lines for a person.
    public var text: String {
        var lines = [
            "agreement \(name) v\(version)", "id        \(id)",
            "bundle    \(path ?? "pinned at height \(height ?? 0)") (\(bytes) bytes)",
            "limits    \(fuel) fuel, \(memoryPages) pages per hook",
        ]
        lines += governs.map { "governs   \($0)" }
        lines += policies.enumerated().map {
            "policy \($0)  \($1.moduleHash) hooks \($1.hooks.joined(separator: ",")) (\($1.bytes) bytes)"
        }
        lines += (claimKeys ?? []).enumerated().map { "claim key \($0)  \($1) (groth16-bls12-381)" }
        return lines.joined(separator: "\n")
    }
}
