/* A native DockLock workload that tries every escape the seccomp cage must close (docs/SPEC.md §13.6)
 * and prints what each attempt returned, its seed (descriptor 3), how many descriptors beyond 0–3 it
 * holds, its arguments and environment, and the size of /in/doc.txt; it writes /out/result.txt and
 * exits 3. Built statically:
 *     gcc -static -O2 -o escape escape.c
 * Under the cage every line is the same on every run and every machine. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void report(const char *what, long rc) { printf("%s %ld %d\n", what, rc, rc < 0 ? errno : 0); }

int main(int argc, char **argv) {
    unsigned char seed[32], random[16];
    struct timespec ts;
    struct utsname u;
    report("seed", read(3, seed, sizeof seed));
    for (int i = 0; i < 32; i++) printf("%02x", seed[i]);
    printf("\n");
    report("getrandom", syscall(SYS_getrandom, random, sizeof random, 0));
    report("clock_gettime", syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts));
    report("gettimeofday", syscall(SYS_gettimeofday, &ts, NULL));
    report("time", syscall(SYS_time, NULL));
    report("socket", socket(AF_INET, SOCK_STREAM, 0));
    pid_t child = fork();
    if (child == 0) _exit(0);
    report("fork", child);
    char *sh[] = {"/bin/sh", NULL};
    report("execve", execve("/bin/sh", sh, environ));
    report("open-passwd", open("/etc/passwd", O_RDONLY));
    report("open-urandom", open("/dev/urandom", O_RDONLY));
    report("uname", uname(&u));
    report("getpid", getpid());
    report("kill", kill(1, SIGKILL));
    int inherited = 0;  // descriptors beyond stdin, stdout, stderr and the seed: none may reach the program
    for (int fd = 4; fd < 1024; fd++) inherited += fcntl(fd, F_GETFD) >= 0;
    printf("inherited-descriptors %d\n", inherited);
    for (int i = 0; i < argc; i++) printf("arg %s\n", argv[i]);
    for (char **e = environ; *e; e++) printf("env %s\n", *e);
    int in = open("/in/doc.txt", O_RDONLY);
    char buffer[4096];
    long total = 0, n;
    while (in >= 0 && (n = read(in, buffer, sizeof buffer)) > 0) total += n;
    printf("doc.txt %ld bytes\n", total);
    FILE *out = fopen("/out/result.txt", "w");
    if (out) {
        fprintf(out, "%ld\n", total);
        fclose(out);
    }
    fflush(stdout);
    return 3;
}
