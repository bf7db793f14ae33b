/// Why a JSON-RPC answer was refused (docs/SPEC.md §18.5): what the node said, or what was wrong
/// with its shape. Transport failures are the transport's own errors.
public enum JSONRPCError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The node answered with a JSON-RPC error.
    case rpc(method: String, code: Int, message: String)
    /// The answer is not of the shape the method defines.
    case malformed(method: String, String)

    public var description: String {
        switch self {
        case .rpc(let method, let code, let message): return "L1 refused \(method) (\(code)): \(message)"
        case .malformed(let method, let why): return "L1 answered \(method) with something malformed: \(why)"
        }
    }
}
