import BPICodec
import BPITypes
import WasmKit

/// The WASI of the WASM cage (docs/SPEC.md §13.2): `wasi_snapshot_preview1` answered only from the
/// run header, the input files and the supply. Arguments and environment come from the header; the
/// clock is the logical clock; `random_get` reads the seeded stream; `/in` (descriptor 3) holds the
/// inputs, read-only; `/out` (descriptor 4) takes new files, write-only; standard input is empty.
/// There is no network, no other file and no process. Every call is one canonical event, and every
/// call is charged fuel.
final class DeterministicWASI {
    private enum Descriptor {
        case stdin, stdout, stderr
        case inputDirectory, outputDirectory
        case input(name: String, content: [UInt8], position: Int)
        case output(name: String)
    }

    private let header: RunHeader
    private let supply: any HostSupply
    private(set) var recorder = EventRecorder()
    private(set) var outputs = RunOutputs()
    private var descriptors: [UInt32: Descriptor] = [0: .stdin, 1: .stdout, 2: .stderr, 3: .inputDirectory, 4: .outputDirectory]
    private var nextDescriptor: UInt32 = 5
    private var memory: GuestMemory?

    init(header: RunHeader, supply: any HostSupply) {
        self.header = header
        self.supply = supply
    }

    /// Records an event from outside a host call (memory denied, exit, end).
    func record(_ kind: RunEventKind, data: [UInt8] = [], value: UInt64 = 0) {
        recorder.record(kind, data: data, value: value)
    }

    /// Defines every ABI function in `imports`.
    func link(into imports: inout Imports, store: Store) {
        for name in WASIABI.functions.keys.sorted() {
            let type = WASIABI.type(of: name)!
            imports.define(
                module: WASIABI.module, name: name,
                HostCall.function(
                    store: store, type: type,
                    memory: { [unowned self] exported in
                        if self.memory == nil, let m = exported() { self.memory = GuestMemory(memory: m) }
                    }
                ) { [unowned self] callerStore, a in
                    let errno = try self.call(name, a, store: callerStore)
                    return name == "proc_exit" ? [] : [.i32(errno.rawValue)]
                })
        }
    }

    private func charge(_ store: Store, bytes: Int) throws { try HostFuel.charge(store, bytes: bytes) }

    private func u32(_ x: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: x) }

    private func denied(_ name: String, _ errno: WASIErrno = .notcapable) -> WASIErrno {
        record(.denied, data: Array(name.utf8), value: UInt64(errno.rawValue))
        return errno
    }

    // swiftlint:disable:next cyclomatic_complexity
    private func call(_ name: String, _ a: [UInt64], store: Store) throws -> WASIErrno {
        switch name {
        case "args_sizes_get", "environ_sizes_get", "args_get", "environ_get":
            let strings = name.hasPrefix("args") ? header.args : header.env
            let kind: RunEventKind = name.hasPrefix("args") ? .args : .environment
            record(kind, data: CBOREncoder.encodeStrings(strings), value: UInt64(strings.count))
            guard let m = memory else { return .fault }
            if name.hasSuffix("sizes_get") {
                let size = strings.reduce(0) { $0 + $1.utf8.count + 1 }
                guard m.writeU32(u32(a[0]), UInt32(strings.count)), m.writeU32(u32(a[1]), UInt32(size)) else { return .fault }
                return .success
            }
            var pointer = u32(a[1])
            for (i, s) in strings.enumerated() {
                let bytes = Array(s.utf8) + [0]
                guard m.writeU32(u32(a[0]) &+ UInt32(i) * 4, pointer), m.write(pointer, bytes) else { return .fault }
                pointer &+= UInt32(bytes.count)
            }
            return .success
        case "clock_res_get":
            guard a[0] <= 3 else { return denied(name, .inval) }
            record(.query, data: [0, 0, 0, 0, 0, 0, 0, 1], value: a[0])
            return memory?.writeU64(u32(a[1]), 1) == true ? .success : .fault
        case "clock_time_get":
            guard a[0] <= 3 else { return denied(name, .inval) }
            let value = try supplied { () throws(DockLockError) in try supply.clock(id: u32(a[0])) }
            var data: [UInt8] = []
            withUnsafeBytes(of: value.bigEndian) { data += $0 }
            record(.clock, data: data, value: a[0])
            return memory?.writeU64(u32(a[2]), value) == true ? .success : .fault
        case "random_get":
            let count = Int(u32(a[1]))
            guard let m = memory, m.contains(u32(a[0]), count) else { return .fault }
            try charge(store, bytes: count)
            let bytes = try supplied { () throws(DockLockError) in try supply.random(count: count) }
            record(.random, data: bytes, value: UInt64(count))
            m.write(u32(a[0]), bytes)
            return .success
        case "fd_write":
            return try write(fd: u32(a[0]), iovs: u32(a[1]), count: u32(a[2]), written: u32(a[3]), store: store)
        case "fd_read":
            return try read(fd: u32(a[0]), iovs: u32(a[1]), count: u32(a[2]), readCount: u32(a[3]), store: store)
        case "fd_close":
            let fd = u32(a[0])
            guard descriptors.removeValue(forKey: fd) != nil else { return .badf }
            record(.close, value: UInt64(fd))
            return .success
        case "fd_seek", "fd_tell":
            return seek(
                fd: u32(a[0]), offset: name == "fd_tell" ? 0 : Int64(bitPattern: a[1]),
                whence: name == "fd_tell" ? 1 : u32(a[2]), out: u32(name == "fd_tell" ? a[1] : a[3]))
        case "fd_fdstat_get":
            return fdstat(fd: u32(a[0]), out: u32(a[1]))
        case "fd_filestat_get":
            return filestat(fd: u32(a[0]), out: u32(a[1]))
        case "fd_prestat_get":
            let fd = u32(a[0])
            guard let dir = preopenedName(fd) else { return .badf }
            record(.query, data: Array(dir.utf8), value: UInt64(fd))
            guard let m = memory, m.write(u32(a[1]), [0, 0, 0, 0]), m.writeU32(u32(a[1]) &+ 4, UInt32(dir.utf8.count)) else {
                return .fault
            }
            return .success
        case "fd_prestat_dir_name":
            let fd = u32(a[0])
            guard let dir = preopenedName(fd) else { return .badf }
            let bytes = Array(Array(dir.utf8).prefix(Int(u32(a[2]))))
            record(.query, data: bytes, value: UInt64(fd))
            return memory?.write(u32(a[1]), bytes) == true ? .success : .fault
        case "path_open":
            return open(dirfd: u32(a[0]), path: u32(a[2]), length: u32(a[3]), oflags: u32(a[4]), out: u32(a[8]))
        case "path_filestat_get":
            return pathFilestat(dirfd: u32(a[0]), path: u32(a[2]), length: u32(a[3]), out: u32(a[4]))
        case "proc_exit":
            throw CageStop.exit(u32(a[0]))
        case "sched_yield":
            record(.query, data: Array(name.utf8))
            return .success
        case "poll_oneoff", "sock_accept", "sock_recv", "sock_send", "sock_shutdown", "proc_raise":
            return denied(name, .nosys)
        default:
            return denied(name)
        }
    }

    /// The guest path of a preopened directory descriptor (`/in`, `/out`), or nil.
    private func preopenedName(_ fd: UInt32) -> String? {
        switch descriptors[fd] {
        case .inputDirectory?: return "/in"
        case .outputDirectory?: return "/out"
        default: return nil
        }
    }

    private func supplied<T>(_ body: () throws(DockLockError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw CageStop.diverged(error)
        }
    }

    private func write(fd: UInt32, iovs: UInt32, count: UInt32, written: UInt32, store: Store) throws -> WASIErrno {
        guard let m = memory, let buffers = m.iovecs(iovs, count) else { return .fault }
        switch descriptors[fd] {
        case .stdout?, .stderr?, .output?: break
        case nil: return .badf
        default: return denied("fd_write", .badf)
        }
        // Sized before anything is copied: 1,024 iovecs may each name the whole memory.
        let total = buffers.reduce(UInt64(0)) { $0 + UInt64($1.1) }
        guard UInt64(outputs.byteCount) + total <= header.limits.outputBytes else {
            record(.write, data: [], value: UInt64(fd))
            throw CageStop.outputLimit
        }
        try charge(store, bytes: Int(total))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(total))
        for (p, n) in buffers { bytes += m.read(p, n) ?? [] }
        switch descriptors[fd] {
        case .stdout?: outputs.stdout += bytes
        case .stderr?: outputs.stderr += bytes
        case .output(let name)?: outputs.files[name, default: []] += bytes
        default: break
        }
        record(.write, data: bytes, value: UInt64(fd))
        return m.writeU32(written, UInt32(bytes.count)) ? .success : .fault
    }

    private func read(fd: UInt32, iovs: UInt32, count: UInt32, readCount: UInt32, store: Store) throws -> WASIErrno {
        guard let m = memory, let buffers = m.iovecs(iovs, count) else { return .fault }
        var bytes: [UInt8] = []
        switch descriptors[fd] {
        case .stdin?:
            break
        case .input(let name, let content, var position)?:
            for (p, n) in buffers {
                let chunk = Array(content[min(position, content.count)..<min(position + n, content.count)])
                m.write(p, chunk)
                bytes += chunk
                position += chunk.count
                if chunk.count < n { break }
            }
            descriptors[fd] = .input(name: name, content: content, position: position)
        case nil: return .badf
        default: return denied("fd_read", .badf)
        }
        try charge(store, bytes: bytes.count)
        record(.read, data: bytes, value: UInt64(fd))
        return m.writeU32(readCount, UInt32(bytes.count)) ? .success : .fault
    }

    private func seek(fd: UInt32, offset: Int64, whence: UInt32, out: UInt32) -> WASIErrno {
        guard case .input(let name, let content, let position)? = descriptors[fd] else {
            return descriptors[fd] == nil ? .badf : .spipe
        }
        let base: Int64
        switch whence {
        case 0: base = 0
        case 1: base = Int64(position)
        case 2: base = Int64(content.count)
        default: return .inval
        }
        let (target, overflow) = base.addingReportingOverflow(offset)
        guard !overflow, target >= 0, target <= Int64(Int32.max) else { return .inval }
        descriptors[fd] = .input(name: name, content: content, position: Int(target))
        var data: [UInt8] = []
        withUnsafeBytes(of: UInt64(target).bigEndian) { data += $0 }
        record(.query, data: data, value: UInt64(fd))
        return memory?.writeU64(out, UInt64(target)) == true ? .success : .fault
    }

    /// WASI file types: 2 character device, 3 directory, 4 regular file.
    private func fileType(_ d: Descriptor) -> UInt8 {
        switch d {
        case .stdin, .stdout, .stderr: return 2
        case .inputDirectory, .outputDirectory: return 3
        case .input, .output: return 4
        }
    }

    private func fdstat(fd: UInt32, out: UInt32) -> WASIErrno {
        guard let d = descriptors[fd] else { return .badf }
        var bytes = [UInt8](repeating: 0, count: 24)
        bytes[0] = fileType(d)
        for i in 8..<24 { bytes[i] = 0xFF }  // every right: the cage, not rights, decides
        record(.query, data: bytes, value: UInt64(fd))
        return memory?.write(out, bytes) == true ? .success : .fault
    }

    private func filestatBytes(type: UInt8, size: UInt64, inode: UInt64) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 64)
        for i in 0..<8 {
            bytes[8 + i] = UInt8(truncatingIfNeeded: inode >> (8 * UInt64(i)))
            bytes[32 + i] = UInt8(truncatingIfNeeded: size >> (8 * UInt64(i)))
        }
        bytes[16] = type
        bytes[24] = 1
        return bytes
    }

    private func filestat(fd: UInt32, out: UInt32) -> WASIErrno {
        guard let d = descriptors[fd] else { return .badf }
        let size: UInt64
        switch d {
        case .input(_, let content, _): size = UInt64(content.count)
        case .output(let name): size = UInt64(outputs.files[name]?.count ?? 0)
        default: size = 0
        }
        let bytes = filestatBytes(type: fileType(d), size: size, inode: UInt64(fd))
        record(.query, data: bytes, value: UInt64(fd))
        return memory?.write(out, bytes) == true ? .success : .fault
    }

    /// The file name a guest path names inside a preopened directory, or nil when it names none
    /// the cage can serve (subdirectories, `..`, absolute paths).
    private func fileName(_ path: UInt32, _ length: UInt32) -> String?? {
        guard length <= 4096, let bytes = memory?.read(path, Int(length)) else { return .some(nil) }
        var name = String(decoding: bytes, as: UTF8.self)
        while name.hasPrefix("./") { name.removeFirst(2) }
        guard Array(name.utf8) == bytes.suffix(name.utf8.count), RunFile.isValidName(name) else { return nil }
        return .some(name)
    }

    private func failedOpen(_ kind: RunEventKind, _ data: [UInt8], _ errno: WASIErrno) -> WASIErrno {
        record(kind, data: data, value: 0x8000_0000 | UInt64(errno.rawValue))
        return errno
    }

    private func open(dirfd: UInt32, path: UInt32, length: UInt32, oflags: UInt32, out: UInt32) -> WASIErrno {
        guard let directory = descriptors[dirfd] else { return .badf }
        guard let parsed = fileName(path, length) else {
            return failedOpen(.openInput, memory?.read(path, Int(min(length, 4096))) ?? [], .notcapable)
        }
        guard let name = parsed else { return .fault }
        let creates = oflags & 1 != 0
        let wantsDirectory = oflags & 2 != 0
        switch directory {
        case .inputDirectory:
            guard !creates, oflags & 0b1100 == 0 else { return failedOpen(.openInput, Array(name.utf8), .notcapable) }
            guard !wantsDirectory else { return failedOpen(.openInput, Array(name.utf8), .notdir) }
            guard let input = supply.inputs.first(where: { $0.name == name }) else {
                return failedOpen(.openInput, Array(name.utf8), .noent)
            }
            let fd = nextDescriptor
            nextDescriptor += 1
            descriptors[fd] = .input(name: name, content: input.content, position: 0)
            record(.openInput, data: Array(name.utf8), value: UInt64(fd))
            return memory?.writeU32(out, fd) == true ? .success : .fault
        case .outputDirectory:
            guard !wantsDirectory else { return failedOpen(.openOutput, Array(name.utf8), .notdir) }
            guard creates || outputs.files[name] != nil else { return failedOpen(.openOutput, Array(name.utf8), .noent) }
            guard outputs.files[name] != nil || outputs.files.count < RunOutputs.maxFiles else {
                return failedOpen(.openOutput, Array(name.utf8), .nospc)
            }
            if outputs.files[name] == nil || oflags & 8 != 0 { outputs.files[name] = [] }
            let fd = nextDescriptor
            nextDescriptor += 1
            descriptors[fd] = .output(name: name)
            record(.openOutput, data: Array(name.utf8), value: UInt64(fd))
            return memory?.writeU32(out, fd) == true ? .success : .fault
        default:
            return .notdir
        }
    }

    private func pathFilestat(dirfd: UInt32, path: UInt32, length: UInt32, out: UInt32) -> WASIErrno {
        guard let directory = descriptors[dirfd] else { return .badf }
        guard let parsed = fileName(path, length) else { return denied("path_filestat_get") }
        guard let name = parsed else { return .fault }
        let size: UInt64?
        switch directory {
        case .inputDirectory: size = supply.inputs.first { $0.name == name }.map { UInt64($0.content.count) }
        case .outputDirectory: size = outputs.files[name].map { UInt64($0.count) }
        default: return .notdir
        }
        guard let size else { return failedOpen(.query, Array(name.utf8), .noent) }
        let bytes = filestatBytes(type: 4, size: size, inode: 0)
        record(.query, data: bytes, value: UInt64(dirfd))
        return memory?.write(out, bytes) == true ? .success : .fault
    }
}
