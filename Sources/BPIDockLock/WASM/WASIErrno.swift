/// The WASI preview 1 errno values the cage returns (docs/SPEC.md §13.2).
enum WASIErrno: UInt32 {
    case success = 0
    case badf = 8
    case fault = 21
    case inval = 28
    case io = 29
    case isdir = 31
    case nametoolong = 37
    case noent = 44
    case nospc = 51
    case nosys = 52
    case notdir = 54
    case spipe = 70
    case notcapable = 76
}
