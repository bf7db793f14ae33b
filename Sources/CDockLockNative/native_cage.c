#define _GNU_SOURCE
#include "CDockLockNative.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// System calls the cage refuses (docs/SPEC.md §13.6): time, randomness, the network, new processes,
// leaving the cage, and host facts that differ between machines. Each is reported to the supervisor.
static const char *const denied_calls[] = {
    // time
    "clock_gettime", "clock_getres", "gettimeofday", "time", "clock_nanosleep", "nanosleep", "times", "adjtimex",
    "clock_adjtime", "clock_settime", "settimeofday", "timer_create", "timerfd_create", "alarm", "setitimer",
    "getitimer",
    // randomness
    "getrandom",
    // network
    "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4",
    // processes
    "fork", "vfork", "clone", "clone3", "execve", "execveat", "ptrace", "kill", "tkill", "tgkill",
    // leaving the cage or changing it
    "chroot", "pivot_root", "mount", "umount2", "unshare", "setns", "prctl", "personality", "seccomp", "bpf",
    "perf_event_open", "io_uring_setup", "userfaultfd", "keyctl", "add_key", "request_key", "init_module",
    "finit_module", "reboot", "kexec_load", "swapon", "syslog",
    // host facts
    "uname", "sysinfo", "getrusage", "getcpu", "sched_getaffinity", "getpriority",
};

static void fail(struct dl_native_result *r, const char *what) {
    snprintf(r->error, sizeof r->error, "%s: %s", what, strerror(errno));
}

static int build_filter(struct sock_fprog *prog, struct dl_native_result *r) {
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx) { snprintf(r->error, sizeof r->error, "seccomp_init failed"); return -1; }
    for (size_t i = 0; i < sizeof denied_calls / sizeof *denied_calls; i++) {
        int nr = seccomp_syscall_resolve_name(denied_calls[i]);
        if (nr == __NR_SCMP_ERROR) continue;
        if (seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, nr, 0) < 0) {
            snprintf(r->error, sizeof r->error, "seccomp_rule_add %s failed", denied_calls[i]);
            seccomp_release(ctx);
            return -1;
        }
    }
    int fds[2];
    if (pipe(fds) < 0) { fail(r, "pipe"); seccomp_release(ctx); return -1; }
    int rc = seccomp_export_bpf(ctx, fds[1]);
    close(fds[1]);
    seccomp_release(ctx);
    if (rc < 0) { close(fds[0]); snprintf(r->error, sizeof r->error, "seccomp_export_bpf failed"); return -1; }
    size_t cap = 4096, len = 0;
    unsigned char *buf = malloc(cap);
    for (;;) {
        if (len == cap) { cap *= 2; buf = realloc(buf, cap); }
        ssize_t n = read(fds[0], buf + len, cap - len);
        if (n <= 0) break;
        len += (size_t)n;
    }
    close(fds[0]);
    prog->len = (unsigned short)(len / sizeof(struct sock_filter));
    prog->filter = (struct sock_filter *)buf;
    return 0;
}

static int send_fd(int sock, int fd) {
    char data = 'f';
    struct iovec iov = {.iov_base = &data, .iov_len = 1};
    char control[CMSG_SPACE(sizeof(int))];
    memset(control, 0, sizeof control);
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
    return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int receive_fd(int sock) {
    char data;
    struct iovec iov = {.iov_base = &data, .iov_len = 1};
    char control[CMSG_SPACE(sizeof(int))];
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    if (recvmsg(sock, &msg, 0) != 1) return -1;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (!c || c->cmsg_type != SCM_RIGHTS) return -1;
    int fd;
    memcpy(&fd, CMSG_DATA(c), sizeof(int));
    return fd;
}

static void write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY);
    if (fd >= 0) { (void)!write(fd, text, strlen(text)); close(fd); }
}

// The caged process (pid 1 of its namespace): only system calls from here to execve.
static void cage(const struct dl_native_job *job, const struct sock_fprog *prog, int sock, int err_pipe) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
    int out = open(job->stdout_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int err = open(job->stderr_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int in[2], seed[2];
    if (out < 0 || err < 0 || pipe(in) < 0 || pipe(seed) < 0) goto fail;
    close(in[1]);
    if (write(seed[1], job->seed, 32) != 32) goto fail;
    close(seed[1]);
    if (dup2(in[0], 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 || dup2(seed[0], 3) < 0) goto fail;
    if (close_range(6, ~0U, 0) < 0) goto fail;  // the originals: the program sees 0–3 only
    if (chroot(job->root) < 0 || chdir("/") < 0) goto fail;
    struct timespec zero[2] = {{0, 0}, {0, 0}};
    futimens(1, zero);
    futimens(2, zero);
    struct rlimit cpu = {(job->cpu_ms + 999) / 1000, (job->cpu_ms + 999) / 1000 + 1};
    struct rlimit as = {job->memory_bytes, job->memory_bytes};
    struct rlimit fsize = {job->output_bytes, job->output_bytes};
    struct rlimit nofile = {64, 64}, core = {0, 0};
    if (setrlimit(RLIMIT_CPU, &cpu) < 0 || setrlimit(RLIMIT_AS, &as) < 0 || setrlimit(RLIMIT_FSIZE, &fsize) < 0 ||
        setrlimit(RLIMIT_NOFILE, &nofile) < 0 || setrlimit(RLIMIT_CORE, &core) < 0)
        goto fail;
    if (personality(ADDR_NO_RANDOMIZE) < 0) goto fail;
    if (prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0) < 0) goto fail;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) goto fail;
    int listener = (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, prog);
    if (listener < 0) goto fail;
    if (send_fd(sock, listener) < 0) goto fail;
    close(listener);
    close(sock);
    close(err_pipe);
    execve("/prog", job->argv, job->envp);
    _exit(127);
fail:;
    char message[200];
    int e = errno;
    snprintf(message, sizeof message, "cage setup: %s", strerror(e));
    (void)!write(err_pipe, message, strlen(message));
    _exit(126);
}

// The host process may hold any number of descriptors, not all of them close-on-exec: the forked child
// keeps only the supervisor socket (moved to 4) and the error pipe (moved to 5), and closes every other
// one, so no host descriptor reaches the program, none is held open while the run lasts, and the cage's
// own fit under its RLIMIT_NOFILE. Returns -1 (errno set) if it cannot.
static int keep_only(int *sock, int *err_pipe) {
    int keep_sock = fcntl(*sock, F_DUPFD, 16), keep_err = fcntl(*err_pipe, F_DUPFD, 16);
    if (keep_sock < 0 || keep_err < 0 || dup2(keep_sock, 4) < 0 || dup2(keep_err, 5) < 0) return -1;
    *sock = 4;
    *err_pipe = 5;
    close(3);
    return close_range(6, ~0U, 0);
}

// Between the supervisor and the cage: new namespaces, then the cage as their first process.
static void intermediate(const struct dl_native_job *job, const struct sock_fprog *prog, int sock, int err_pipe) {
    int flags = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS;
    uid_t uid = geteuid();
    gid_t gid = getegid();
    if (uid != 0) flags |= CLONE_NEWUSER;
    if (unshare(flags) < 0) {
        char message[200];
        snprintf(message, sizeof message, "unshare: %s", strerror(errno));
        (void)!write(err_pipe, message, strlen(message));
        _exit(126);
    }
    if (uid != 0) {
        char map[64];
        write_file("/proc/self/setgroups", "deny");
        snprintf(map, sizeof map, "0 %u 1", uid);
        write_file("/proc/self/uid_map", map);
        snprintf(map, sizeof map, "0 %u 1", gid);
        write_file("/proc/self/gid_map", map);
    }
    pid_t child = fork();
    if (child < 0) _exit(126);
    if (child == 0) cage(job, prog, sock, err_pipe);
    close(sock);
    close(err_pipe);
    int status;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    if (WIFSIGNALED(status)) {
        signal(WTERMSIG(status), SIG_DFL);
        struct rlimit core = {0, 0};
        setrlimit(RLIMIT_CORE, &core);
        kill(getpid(), WTERMSIG(status));
    }
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 126);
}

static uint64_t now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

int dl_native_run(const struct dl_native_job *job, struct dl_native_result *r) {
    memset(r, 0, sizeof *r);
    struct sock_fprog prog;
    if (build_filter(&prog, r) < 0) return -1;
    int socks[2], errs[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, socks) < 0) { fail(r, "socketpair"); free(prog.filter); return -1; }
    if (pipe2(errs, O_CLOEXEC) < 0) { fail(r, "pipe"); free(prog.filter); return -1; }
    pid_t pid = fork();
    if (pid < 0) { fail(r, "fork"); free(prog.filter); return -1; }
    if (pid == 0) {
        int sock = socks[1], err_pipe = errs[1];
        if (keep_only(&sock, &err_pipe) < 0) {
            char message[200];
            snprintf(message, sizeof message, "cage descriptors: %s", strerror(errno));
            (void)!write(err_pipe, message, strlen(message));
            _exit(126);
        }
        intermediate(job, &prog, sock, err_pipe);
    }
    free(prog.filter);
    close(socks[1]);
    close(errs[1]);
    int listener = receive_fd(socks[0]);
    close(socks[0]);
    if (listener < 0) {
        int status;
        waitpid(pid, &status, 0);
        ssize_t n = read(errs[0], r->error, sizeof r->error - 1);
        if (n <= 0) snprintf(r->error, sizeof r->error, "the cage did not start");
        close(errs[0]);
        return -1;
    }
    close(errs[0]);
    uint64_t deadline = now_ms() + job->wall_ms;
    int execs = 0, status = 0, done = 0;
    struct seccomp_notif req;
    struct seccomp_notif_resp resp;
    while (!done) {
        struct pollfd p = {.fd = listener, .events = POLLIN};
        int ready = poll(&p, 1, 20);
        if (ready > 0 && (p.revents & POLLIN)) {
            memset(&req, 0, sizeof req);
            if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) == 0) {
                memset(&resp, 0, sizeof resp);
                resp.id = req.id;
                if (req.data.nr == __NR_execve && execs == 0) {
                    execs = 1;  // the cage's own exec of the program
                    resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
                } else {
                    resp.error = -EPERM;
                    if (r->denied_count < DL_MAX_DENIED) {
                        r->denied[r->denied_count++] = req.data.nr;
                    } else {
                        r->too_many_denied = 1;
                        kill(pid, SIGKILL);
                    }
                }
                ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
            }
        }
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) done = 1;
        else if (now_ms() > deadline) {
            r->timed_out = 1;
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            done = 1;
        }
    }
    close(listener);
    if (WIFEXITED(status)) {
        r->exited = 1;
        r->exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        r->signal = WTERMSIG(status);
    }
    return 0;
}

void dl_syscall_name(int nr, char *buffer, int size) {
    char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
    snprintf(buffer, (size_t)size, "%s", name ? name : "");
    free(name);
}
