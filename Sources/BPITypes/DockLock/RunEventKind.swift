/// What a canonical event records (docs/SPEC.md §13.3). Every host call, input read, output write
/// and the end of the run is one event.
public enum RunEventKind: UInt64, Sendable, CaseIterable, CustomStringConvertible {
    /// The arguments were read (`args_sizes_get`/`args_get`): data = canonical `[args]`, value = count.
    case args = 1
    /// The environment was read: data = canonical `[env]`, value = count.
    case environment = 2
    /// A clock was read: data = u64be(nanoseconds), value = the clock id.
    case clock = 3
    /// Random bytes were supplied: data = the bytes, value = their count.
    case random = 4
    /// An input file was opened: data = its name, value = the new descriptor, or `0x8000_0000 | errno`
    /// when the open was refused (no such input, bad flags).
    case openInput = 5
    /// Bytes were read from a descriptor: data = the bytes, value = the descriptor.
    case read = 6
    /// An output file was created: data = its name, value = the new descriptor or `0x8000_0000 | errno`.
    case openOutput = 7
    /// Bytes were written to a descriptor: data = the bytes, value = the descriptor.
    case write = 8
    /// A descriptor was closed: data = empty, value = the descriptor.
    case close = 9
    /// Metadata was read (stat, prestat, seek, …): data = what the guest was given, value = the descriptor.
    case query = 10
    /// A call the cage does not grant was refused: data = the call's name, value = the errno returned.
    case denied = 11
    /// A memory growth beyond the limit was refused: data = empty, value = the pages asked for.
    case memoryDenied = 12
    /// The run ended: data = empty, value = the outcome code (`RunOutcome`), after any exit event.
    case end = 13
    /// The program exited: data = empty, value = its exit code.
    case exit = 14

    /// The kind's name.
    public var description: String {
        switch self {
        case .args: return "args"
        case .environment: return "environment"
        case .clock: return "clock"
        case .random: return "random"
        case .openInput: return "open-input"
        case .read: return "read"
        case .openOutput: return "open-output"
        case .write: return "write"
        case .close: return "close"
        case .query: return "query"
        case .denied: return "denied"
        case .memoryDenied: return "memory-denied"
        case .end: return "end"
        case .exit: return "exit"
        }
    }
}
