import Foundation

/// Reads command input from a file or standard input, in bounded pieces.
public enum InputReader {
    /// Calls `body` with successive pieces (up to 1 MiB) of `path`'s contents, or of stdin when `path` is nil.
    public static func forEachChunk(path: String?, _ body: (UnsafeRawBufferPointer) -> Void) throws(ToolError) {
        let fd: Int32
        if let path {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw .io("cannot open \(path): \(String(cString: strerror(errno)))") }
        } else {
            fd = 0
        }
        defer { if path != nil { close(fd) } }
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io("cannot read \(path ?? "standard input"): \(String(cString: strerror(errno)))")
            }
            if n == 0 { return }
            body(UnsafeRawBufferPointer(start: buffer, count: n))
        }
    }

    /// All of standard input (or `path`) as bytes.
    public static func readAll(path: String? = nil) throws(ToolError) -> [UInt8] {
        var out: [UInt8] = []
        try forEachChunk(path: path) { out.append(contentsOf: $0) }
        return out
    }

    /// All of standard input (or `path`) as UTF-8 text.
    public static func readText(path: String? = nil) throws(ToolError) -> String {
        let bytes = try readAll(path: path)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .badInput("input is not valid UTF-8") }
        return text
    }
}
