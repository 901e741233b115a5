/*
 * gen-plate: writes a generated lifter's visit as raw HX711 counts (the CSV that
 * `rackside-ctl analyze-plate` reads) and, with --truth, what really happened (JSON).
 *
 *   gen-plate --seed N [--rate 10|80] [--clean] [--truth FILE] [--cal]
 *
 * Seeds below 1000 are for tuning the filter; 1000 and up are held out for reporting.
 * --clean leaves out the single-sample glitches (the trace is otherwise the same).
 * --cal prints the calibration to pass as --cal and exits.
 * A side that did not answer is an empty field.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/dev/plate_model.h"

struct out {
    FILE *csv;
};

static void emit(void *ctx, const struct plate_sample *s, const struct plate_model_truth *truth)
{
    (void)truth;
    struct out *o = ctx;
    fprintf(o->csv, "%lld,", (long long)s->t_us);
    if (s->ok_mask & 1u)
        fprintf(o->csv, "%d", s->raw[PLATE_LEFT]);
    fputc(',', o->csv);
    if (s->ok_mask & 2u)
        fprintf(o->csv, "%d", s->raw[PLATE_RIGHT]);
    fputc('\n', o->csv);
}

static void print_cal(FILE *f, const struct load_calibration *cal)
{
    fprintf(f, "%d,%.6f,%d,%.6f", cal->offset[PLATE_LEFT], 1000.0 / cal->g_per_count[PLATE_LEFT],
            cal->offset[PLATE_RIGHT], 1000.0 / cal->g_per_count[PLATE_RIGHT]);
}

static void write_truth(FILE *f, const struct plate_visit *v, int64_t first_us)
{
    fprintf(f, "{\"seed\":%llu,\"rate_hz\":%d,\"body_kg\":%.3f,\"bar_kg\":%.3f,\"cal\":\"",
            (unsigned long long)v->cfg.seed, v->cfg.rate_hz, v->body_g / 1000.0, v->bar_g / 1000.0);
    print_cal(f, &v->cfg.cal);
    fprintf(f, "\",\"glitches\":%d,\"stable\":[", v->n_glitches);
    for (int i = 0; i < v->n_stretch; i++) {
        const struct plate_truth_stretch *s = &v->stretch[i];
        fprintf(f,
                "%s{\"start_s\":%.6f,\"end_s\":%.6f,\"total_kg\":%.3f,\"left_pct\":%.4f,"
                "\"required\":%s,\"kind\":\"%s\"}",
                i ? "," : "", (s->start_us - first_us) / 1e6, (s->end_us - first_us) / 1e6,
                s->total_g / 1000.0, s->left_pct, s->required ? "true" : "false",
                s->kind == 0   ? "empty"
                : s->kind == 1 ? "person"
                               : "bar");
    }
    fprintf(f, "],\"events\":[");
    for (int i = 0; i < v->n_events; i++)
        fprintf(f, "%s{\"t_s\":%.6f,\"type\":\"%s\"}", i ? "," : "",
                (v->event[i].t_us - first_us) / 1e6, load_event_name(v->event[i].type));
    fprintf(f, "]}\n");
}

static int usage(void)
{
    fprintf(stderr, "usage: gen-plate --seed N [--rate 10|80] [--clean] [--truth FILE] [--cal]\n");
    return 2;
}

int main(int argc, char **argv)
{
    unsigned long long seed = 0;
    int rate = 80;
    bool clean = false, cal_only = false, have_seed = false;
    const char *truth_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            char *end;
            errno = 0;
            seed = strtoull(argv[++i], &end, 10);
            if (errno || *end)
                return usage();
            have_seed = true;
        } else if (strcmp(argv[i], "--rate") == 0 && i + 1 < argc) {
            rate = atoi(argv[++i]);
            if (rate != 10 && rate != 80)
                return usage();
        } else if (strcmp(argv[i], "--truth") == 0 && i + 1 < argc) {
            truth_path = argv[++i];
        } else if (strcmp(argv[i], "--clean") == 0) {
            clean = true;
        } else if (strcmp(argv[i], "--cal") == 0) {
            cal_only = true;
        } else {
            return usage();
        }
    }
    if (!have_seed)
        return usage();
    static struct plate_visit v;
    plate_visit_generate(&v, seed, rate);
    if (clean)
        v.cfg.glitch_p = 0;
    if (cal_only) {
        print_cal(stdout, &v.cfg.cal);
        putchar('\n');
        return 0;
    }
    struct out o = {.csv = stdout};
    printf("t_us,left_counts,right_counts\n");
    plate_visit_run(&v, emit, &o);
    if (truth_path) {
        FILE *f = fopen(truth_path, "w");
        if (!f) {
            fprintf(stderr, "gen-plate: cannot write %s: %s\n", truth_path, strerror(errno));
            return 1;
        }
        /* the first sample is at t0: times in the truth count from it, as the analyser's do */
        write_truth(f, &v, v.t0_us);
        if (fclose(f) != 0)
            return 1;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
