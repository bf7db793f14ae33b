// The native DockLock cage (docs/SPEC.md §13.6): a static Linux program run in fresh namespaces,
// chrooted into its job directory, with resource limits, ASLR and the TSC off, and a seccomp filter
// whose denied system calls are reported to the supervisor (user notification) and answered EPERM.
#ifndef CDOCKLOCK_NATIVE_H
#define CDOCKLOCK_NATIVE_H

#include <stdint.h>

#define DL_MAX_DENIED 4096

struct dl_native_job {
    const char *root;          // the cage's root: holds "prog", "in/" and "out/"
    const char *stdout_path;   // where standard output goes (outside the root)
    const char *stderr_path;   // where standard error goes (outside the root)
    char *const *argv;         // NULL-terminated
    char *const *envp;         // NULL-terminated
    const uint8_t *seed;       // 32 bytes, readable on descriptor 3
    uint64_t cpu_ms;           // CPU time limit
    uint64_t memory_bytes;     // address-space limit
    uint64_t output_bytes;     // file-size limit
    uint64_t wall_ms;          // wall-clock limit (a blocked program is killed)
};

struct dl_native_result {
    int exited;                // 1 when the program exited by itself
    int exit_code;             // its exit code
    int signal;                // the signal that ended it, or 0
    int timed_out;             // 1 when the wall-clock limit killed it
    int too_many_denied;       // 1 when it was killed for more than DL_MAX_DENIED denied calls
    int denied_count;
    int denied[DL_MAX_DENIED]; // system call numbers, in order
    char error[256];           // why the cage could not be set up (then the call returns -1)
};

/// Runs the job; 0 when it ran (whatever its outcome), -1 when the cage could not be set up.
int dl_native_run(const struct dl_native_job *job, struct dl_native_result *result);

/// The name of system call `nr` on this architecture into `buffer` (empty when unknown).
void dl_syscall_name(int nr, char *buffer, int size);

#endif
