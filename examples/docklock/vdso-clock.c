/* Reads the host clock the way libc does, through the vDSO, without a system call the seccomp filter
 * could see (docs/SPEC.md §13.6): the cage turns the time-stamp counter off, so the read faults. */
#include <stdio.h>
#include <time.h>

int main(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    printf("%ld\n", (long)ts.tv_sec);
    return 0;
}
