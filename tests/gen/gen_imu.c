/*
 * gen-imu: writes one generated set of bar unit samples as the analyser's CSV input,
 * and its ground truth as JSON with the analyser's field names.
 *
 *   gen-imu --seed N --condition NAME [--rate HZ] --out FILE.csv --truth FILE.json
 *   gen-imu --list      the condition names
 *
 * Times in the truth are seconds from the first sample in the CSV.
 */
#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "accuracy.h"

static int usage(void)
{
    fprintf(stderr, "usage: gen-imu --seed N --condition NAME [--rate HZ] --out FILE.csv "
                    "--truth FILE.json\n       gen-imu --list\n");
    return 2;
}

static const char *nonrep_name(enum bar_model_nonrep_kind k)
{
    static const char *const names[] = {"unrack", "step", "move", "rerack", "setup"};
    return names[k];
}

static const char *lift_name(enum bar_model_lift l)
{
    static const char *const names[] = {"squat", "bench", "deadlift", "press", "any"};
    return names[l];
}

static void add_num(struct json_object *o, const char *key, double v)
{
    json_object_object_add(o, key, json_object_new_double(v));
}

static struct json_object *truth_json(const struct accuracy_trace *tr, const char *cond,
                                      uint64_t seed)
{
    double t0 = tr->first_t_s;
    struct json_object *root = json_object_new_object();
    json_object_object_add(root, "condition", json_object_new_string(cond));
    json_object_object_add(root, "seed", json_object_new_int64((int64_t)seed));
    json_object_object_add(root, "rate_hz", json_object_new_int(tr->imu.rate_hz));
    json_object_object_add(root, "lift", json_object_new_string(lift_name(tr->plan.lift)));
    json_object_object_add(root, "concentric_first", json_object_new_boolean(tr->truth.con_first));
    add_num(root, "mount_roll_deg", tr->imu.mount_roll_deg);
    struct json_object *reps = json_object_new_array();
    for (int i = 0; i < tr->truth.n_reps; i++) {
        const struct bar_model_rep_truth *r = &tr->truth.reps[i];
        struct json_object *o = json_object_new_object();
        add_num(o, "ecc_start_s", r->ecc_start_s - t0);
        add_num(o, "ecc_end_s", r->ecc_end_s - t0);
        add_num(o, "con_start_s", r->con_start_s - t0);
        add_num(o, "con_end_s", r->con_end_s - t0);
        add_num(o, "bottom_pause_s", r->bottom_pause_s);
        add_num(o, "top_pause_s", r->top_pause_s);
        add_num(o, "mcv_mps", r->mcv_mps);
        add_num(o, "mpv_mps", r->mpv_mps);
        add_num(o, "peak_mps", r->peak_mps);
        add_num(o, "rom_m", r->rom_m);
        add_num(o, "tilt_deg", r->tilt_deg);
        json_object_array_add(reps, o);
    }
    json_object_object_add(root, "reps", reps);
    struct json_object *non = json_object_new_array();
    for (int i = 0; i < tr->truth.n_nonreps; i++) {
        const struct bar_model_nonrep *n = &tr->truth.nonreps[i];
        struct json_object *o = json_object_new_object();
        json_object_object_add(o, "kind", json_object_new_string(nonrep_name(n->kind)));
        add_num(o, "start_s", n->start_s - t0);
        add_num(o, "end_s", n->end_s - t0);
        json_object_array_add(non, o);
    }
    json_object_object_add(root, "non_reps", non);
    return root;
}

static int write_csv(const struct accuracy_trace *tr, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "gen-imu: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    fprintf(f, "t_us,ax,ay,az,gx,gy,gz\n");
    for (size_t i = 0; i < tr->n; i++) {
        const struct bar_model_sample *s = &tr->samples[i];
        fprintf(f, "%" PRId64 ",%.5f,%.5f,%.5f,%.6f,%.6f,%.6f\n", s->t_us, s->accel_mps2[0],
                s->accel_mps2[1], s->accel_mps2[2], s->gyro_rps[0], s->gyro_rps[1], s->gyro_rps[2]);
    }
    if (fclose(f) != 0) {
        fprintf(stderr, "gen-imu: cannot write %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

static void list(void)
{
    const struct bar_model_condition *c;
    int n = bar_model_conditions(&c);
    for (int i = 0; i < n; i++)
        printf("%-10s %s\n", c[i].name, c[i].about);
}

/* Parses a whole decimal number; false when v is not one. */
static bool parse_int(const char *v, long long *out)
{
    char *end;
    errno = 0;
    *out = strtoll(v, &end, 10);
    return errno == 0 && end != v && *end == '\0';
}

int main(int argc, char **argv)
{
    const char *cond = NULL, *out = NULL, *truth = NULL;
    long long seed = -1, rate = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--list") == 0) {
            list();
            return 0;
        }
        if (!v)
            return usage();
        bool ok = true;
        if (strcmp(a, "--seed") == 0)
            ok = parse_int(v, &seed) && seed >= 0;
        else if (strcmp(a, "--rate") == 0)
            ok = parse_int(v, &rate);
        else if (strcmp(a, "--condition") == 0)
            cond = v;
        else if (strcmp(a, "--out") == 0)
            out = v;
        else if (strcmp(a, "--truth") == 0)
            truth = v;
        else
            return usage();
        if (!ok) {
            fprintf(stderr, "gen-imu: %s wants a whole number, not %s\n", a, v);
            return 2;
        }
        i++;
    }
    if (!cond || !out || !truth || seed < 0)
        return usage();
    const struct bar_model_condition *c = bar_model_condition_find(cond);
    if (!c) {
        fprintf(stderr, "gen-imu: no condition called %s (gen-imu --list names them)\n", cond);
        return 2;
    }
    if (rate != 0 && rate != 200 && rate != 500 && rate != 1000) {
        fprintf(stderr, "gen-imu: --rate must be 200, 500 or 1000\n");
        return 2;
    }
    json_c_set_serialization_double_format("%.6f", JSON_C_OPTION_GLOBAL);
    struct accuracy_trace *tr = accuracy_trace_new(c, (uint64_t)seed, (int)rate);
    if (!tr) {
        fprintf(stderr, "gen-imu: out of memory\n");
        return 1;
    }
    int rc = write_csv(tr, out);
    if (rc == 0) {
        struct json_object *j = truth_json(tr, cond, (uint64_t)seed);
        if (json_object_to_file_ext(truth, j, JSON_C_TO_STRING_PRETTY) != 0) {
            fprintf(stderr, "gen-imu: cannot write %s: %s\n", truth, json_util_get_last_err());
            rc = 1;
        }
        json_object_put(j);
    }
    accuracy_trace_free(tr);
    return rc;
}
