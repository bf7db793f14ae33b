/* ISA-L's own Reed-Solomon speed, the reference `bpi bench --only da` prints beside the Swift wrapper
 * (docs/CLI.md). Same code as BPIDA: gf_gen_cauchy1_matrix, ec_init_tables, ec_encode_data; decode
 * after losing the first n-k data shards with the decode tables built once (as BPIDA caches them).
 *   cc -O2 Benchmarks/isal_rs_bench.c -lisal -o isal_rs_bench && ./isal_rs_bench K N CHUNK_BYTES SECONDS
 * Prints "encode MBPS decode MBPS" (MB/s = 10^6 bytes of original data per second, one thread). */
#include <isa-l/erasure_code.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s K N CHUNK_BYTES SECONDS\n", argv[0]);
        return 2;
    }
    int k = atoi(argv[1]), n = atoi(argv[2]), chunk = atoi(argv[3]);
    double seconds = atof(argv[4]);
    if (k < 1 || n <= k || n > 255 || chunk < k || seconds <= 0) {
        fprintf(stderr, "bad parameters\n");
        return 2;
    }
    int size = (chunk + k - 1) / k, p = n - k;
    unsigned char *a = malloc(n * k), *tables = malloc(32 * k * p), *buf = malloc((size_t)n * size);
    unsigned char *shards[256];
    for (int i = 0; i < n; i++) shards[i] = buf + (size_t)i * size;
    srand(1);
    for (size_t i = 0; i < (size_t)k * size; i++) buf[i] = rand();
    gf_gen_cauchy1_matrix(a, n, k);
    ec_init_tables(k, p, a + k * k, tables);

    long rounds = 0;
    double start = now(), elapsed;
    do {
        for (int r = 0; r < 16; r++) ec_encode_data(size, k, p, tables, shards, shards + k);
        rounds += 16;
        elapsed = now() - start;
    } while (elapsed < seconds);
    double encode = (double)rounds * k * size / elapsed / 1e6;

    /* Lose data shards 0..p-1 (p <= k here, else the first k... all data and some parity). */
    int lost = p < k ? p : k;
    unsigned char *sub = malloc(k * k), *inv = malloc(k * k), *rows = malloc(k * lost), *dtables = malloc(32 * k * lost);
    unsigned char *src[256], *out[256], *rebuilt = malloc((size_t)lost * size);
    for (int r = 0; r < k; r++) {
        int i = lost + r; /* the first k surviving shards */
        memcpy(sub + r * k, a + i * k, k);
        src[r] = shards[i];
    }
    if (gf_invert_matrix(sub, inv, k) != 0) return 1;
    for (int r = 0; r < lost; r++) {
        memcpy(rows + r * k, inv + r * k, k);
        out[r] = rebuilt + (size_t)r * size;
    }
    ec_init_tables(k, lost, rows, dtables);
    rounds = 0;
    start = now();
    do {
        for (int r = 0; r < 16; r++) ec_encode_data(size, k, lost, dtables, src, out);
        rounds += 16;
        elapsed = now() - start;
    } while (elapsed < seconds);
    double decode = (double)rounds * k * size / elapsed / 1e6;
    if (memcmp(rebuilt, shards[0], size) != 0) {
        fprintf(stderr, "decode mismatch\n");
        return 1;
    }
    printf("encode %.1f decode %.1f\n", encode, decode);
    return 0;
}
