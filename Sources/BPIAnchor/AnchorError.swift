import BPIEthereum

/// Why talking to an L1 or reading an anchor failed (docs/SPEC.md §18.4–18.5).
public enum AnchorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The endpoint could not be reached or did not answer HTTP 200 with JSON.
    case unreachable(endpoint: String, String)
    /// The node answered with a JSON-RPC error.
    case rpc(method: String, code: Int, message: String)
    /// The answer is not of the shape the method defines.
    case malformed(method: String, String)
    /// A log is not an anchor of the contract's event.
    case notAnAnchor(String)

    /// A refused JSON-RPC answer.
    public init(_ error: JSONRPCError) {
        switch error {
        case .rpc(let method, let code, let message): self = .rpc(method: method, code: code, message: message)
        case .malformed(let method, let why): self = .malformed(method: method, why)
        }
    }

    public var description: String {
        switch self {
        case .unreachable(let endpoint, let why): return "L1 \(endpoint) is unreachable: \(why)"
        case .rpc(let method, let code, let message): return "L1 refused \(method) (\(code)): \(message)"
        case .malformed(let method, let why): return "L1 answered \(method) with something malformed: \(why)"
        case .notAnAnchor(let why): return "not an anchor log: \(why)"
        }
    }
}
