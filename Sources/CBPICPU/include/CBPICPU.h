#ifndef CBPICPU_H
#define CBPICPU_H
/// Whether the CPU and OS support AVX2 (non-zero if so).
int bpi_cpu_has_avx2(void);
/// Whether the CPU and OS support AVX-512 F and VL (non-zero if so).
int bpi_cpu_has_avx512(void);
#endif
