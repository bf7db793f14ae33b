import WasmKit

/// The import ABI of the WASM cage (docs/SPEC.md §13.2): the functions of `wasi_snapshot_preview1`
/// by name and type. A module may import only these (functions only, no memory, table or global
/// imports); the cage implements the deterministic ones and answers the rest with `ENOTCAPABLE`
/// or `ENOSYS` and a `denied` event, so programs built against the full WASI still load.
enum WASIABI {
    static let module = "wasi_snapshot_preview1"

    private static let i32 = ValueType.i32
    private static let i64 = ValueType.i64

    /// Every function of the ABI with its parameter types (all return one i32 errno but `proc_exit`).
    static let functions: [String: [ValueType]] = [
        "args_get": [i32, i32], "args_sizes_get": [i32, i32],
        "environ_get": [i32, i32], "environ_sizes_get": [i32, i32],
        "clock_res_get": [i32, i32], "clock_time_get": [i32, i64, i32],
        "fd_advise": [i32, i64, i64, i32], "fd_allocate": [i32, i64, i64], "fd_close": [i32], "fd_datasync": [i32],
        "fd_fdstat_get": [i32, i32], "fd_fdstat_set_flags": [i32, i32], "fd_fdstat_set_rights": [i32, i64, i64],
        "fd_filestat_get": [i32, i32], "fd_filestat_set_size": [i32, i64], "fd_filestat_set_times": [i32, i64, i64, i32],
        "fd_pread": [i32, i32, i32, i64, i32], "fd_prestat_get": [i32, i32], "fd_prestat_dir_name": [i32, i32, i32],
        "fd_pwrite": [i32, i32, i32, i64, i32], "fd_read": [i32, i32, i32, i32], "fd_readdir": [i32, i32, i32, i64, i32],
        "fd_renumber": [i32, i32], "fd_seek": [i32, i64, i32, i32], "fd_sync": [i32], "fd_tell": [i32, i32],
        "fd_write": [i32, i32, i32, i32],
        "path_create_directory": [i32, i32, i32], "path_filestat_get": [i32, i32, i32, i32, i32],
        "path_filestat_set_times": [i32, i32, i32, i32, i64, i64, i32], "path_link": [i32, i32, i32, i32, i32, i32, i32],
        "path_open": [i32, i32, i32, i32, i32, i64, i64, i32, i32], "path_readlink": [i32, i32, i32, i32, i32, i32],
        "path_remove_directory": [i32, i32, i32], "path_rename": [i32, i32, i32, i32, i32, i32],
        "path_symlink": [i32, i32, i32, i32, i32], "path_unlink_file": [i32, i32, i32],
        "poll_oneoff": [i32, i32, i32, i32], "proc_exit": [i32], "proc_raise": [i32], "sched_yield": [],
        "random_get": [i32, i32],
        "sock_accept": [i32, i32, i32], "sock_recv": [i32, i32, i32, i32, i32, i32], "sock_send": [i32, i32, i32, i32, i32],
        "sock_shutdown": [i32, i32],
    ]

    /// The type of ABI function `name`.
    static func type(of name: String) -> FunctionType? {
        guard let parameters = functions[name] else { return nil }
        return FunctionType(parameters: parameters, results: name == "proc_exit" ? [] : [.i32])
    }
}
