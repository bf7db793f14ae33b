#include "CBPIFp.h"

#include <stdlib.h>
#include <string.h>

int bpi_fp_mulx_flag = 0;

#if defined(__x86_64__) && !defined(_WIN32)
#include <cpuid.h>

int bpi_fp_has_mulx(void) {
    unsigned int eax, ebx, ecx, edx;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    // CPUID.(EAX=7, ECX=0):EBX bit 8 is BMI2 (MULX), bit 19 is ADX (ADCX, ADOX).
    return (ebx >> 8 & 1) && (ebx >> 19 & 1);
}
#else
int bpi_fp_has_mulx(void) { return 0; }

// No kernel on this architecture: bpi_fp_has_mulx() is 0, so this is never called.
void bpi_fp_mul_mulx(uint64_t out[6], const uint64_t a[6], const uint64_t b[6]) {
    (void)a;
    (void)b;
    for (int i = 0; i < 6; i++) out[i] = 0;
}

void bpi_fp2_mul_mulx(uint64_t out[12], const uint64_t a[12], const uint64_t b[12]) {
    (void)a;
    (void)b;
    for (int i = 0; i < 12; i++) out[i] = 0;
}

void bpi_fp2_sqr_mulx(uint64_t out[12], const uint64_t a[12]) {
    (void)a;
    for (int i = 0; i < 12; i++) out[i] = 0;
}

void bpi_fp6_mul_mulx(uint64_t out[36], const uint64_t a[36], const uint64_t b[36]) {
    (void)a;
    (void)b;
    for (int i = 0; i < 36; i++) out[i] = 0;
}

void bpi_fp4_sqr_mulx(uint64_t out[24], const uint64_t a[12], const uint64_t b[12]) {
    (void)a;
    (void)b;
    for (int i = 0; i < 24; i++) out[i] = 0;
}

void bpi_fp12_cyclotomic_sqr_mulx(uint64_t out[72], const uint64_t a[72]) {
    (void)a;
    for (int i = 0; i < 72; i++) out[i] = 0;
}

void bpi_g1_double_mulx(uint64_t out[18], const uint64_t p[18]) {
    (void)p;
    for (int i = 0; i < 18; i++) out[i] = 0;
}
#endif

void bpi_fp_sqr_n_mulx(uint64_t x[6], int n) {
    for (int i = 0; i < n; i++) bpi_fp_mul_mulx(x, x, x);
}

__attribute__((constructor)) static void bpi_fp_choose_kernel(void) {
    const char *forced = getenv("BPI_FP_KERNEL");
    bpi_fp_mulx_flag = bpi_fp_has_mulx() && !(forced && strcmp(forced, "portable") == 0);
}
