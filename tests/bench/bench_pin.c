/*
 * Trainer PIN check: argon2id (libsodium) at the settings the store uses and at its
 * neighbours, median seconds per check. The store's settings aim at about 0.5 s on a
 * Raspberry Pi 4; this machine is faster, so the figure here is a lower bound (see the
 * README for the estimate on a Pi). Not run under callgrind (--once does nothing).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "../../app/store/store_db.h" /* store_pin_hash */

#define RUNS 5

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of RUNS argon2id passes at ops and mem: the hash's own making is the first (a
 * check runs the same pass over the stored salt), then RUNS - 1 checks of it. */
static double median_check_s(unsigned long long ops, size_t mem)
{
    char hash[crypto_pwhash_STRBYTES];
    double t[RUNS];
    double t0 = now_s();
    if (crypto_pwhash_str(hash, "135790", 6, ops, mem) != 0)
        return -1;
    t[0] = now_s() - t0;
    for (int i = 1; i < RUNS; i++) {
        t0 = now_s();
        if (crypto_pwhash_str_verify(hash, "135790", 6) != 0)
            return -1;
        t[i] = now_s() - t0;
    }
    qsort(t, RUNS, sizeof t[0], cmp);
    return t[RUNS / 2];
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--once") == 0)
        return 0;
    if (sodium_init() < 0)
        return 1;
    /* the store's own hash: its parameters are in the encoded string */
    char hash[PIN_HASH_MAX_LEN];
    double t0 = now_s();
    if (store_pin_hash("135790", hash) != 0)
        return 1;
    double hash_s = now_s() - t0;
    double v[RUNS];
    for (int i = 0; i < RUNS; i++) {
        double t1 = now_s();
        if (!store_pin_verify(hash, "135790"))
            return 1;
        v[i] = now_s() - t1;
    }
    qsort(v, RUNS, sizeof v[0], cmp);
    printf("bench_pin: store's PIN hash %s\n", hash);
    printf("bench_pin: hashing %.3f s, verifying %.3f s median of %d\n", hash_s, v[RUNS / 2], RUNS);
    static const struct {
        unsigned long long ops;
        size_t mem_mib;
    } grid[] = {{2, 16}, {3, 16}, {2, 32}, {3, 32}, {2, 64}, {3, 64}, {4, 64}};
    /* the store's own settings are a point of the grid: its checks above are that point's */
    unsigned store_kib = 0, store_ops = 0;
    sscanf(hash, "$argon2id$v=%*u$m=%u,t=%u", &store_kib, &store_ops);
    for (size_t i = 0; i < sizeof grid / sizeof grid[0]; i++) {
        bool store_s = grid[i].ops == store_ops && grid[i].mem_mib << 10 == store_kib;
        printf("bench_pin: argon2id t=%llu m=%zu MiB: %.3f s per check%s\n", grid[i].ops,
               grid[i].mem_mib,
               store_s ? v[RUNS / 2] : median_check_s(grid[i].ops, grid[i].mem_mib << 20),
               store_s ? " (the store's)" : "");
    }
    return 0;
}
