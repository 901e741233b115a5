/*
 * analyze-imu and export-imu. The analyser streams the file through the trace reader
 * into the kiosk's own rep detector (app/core/rep.c), so a file and the kiosk agree; the
 * exporter writes a stored set's samples in that same file format.
 */
#include "ctl_parse.h"
#include "imu.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../core/imu_csv.h"
#include "../core/rep.h"
#include "../core/rules.h"
#include "../store/store.h"

#define EXIT_FAIL  1
#define EXIT_USAGE 2
#define READ_CHUNK 65536
#define US_PER_S   1e6
#define MM_PER_M   1000.0
#define CDEG       100.0
#define LINE_MAX_  160
#define REPS_FIRST 16
#define PATH_MAX_  4096

/* --- exercises: which way each starts --- */

static const struct {
    const char *name;
    enum rep_start start;
} lifts[] = {
    {"squat", REP_START_ECCENTRIC},     {"bench", REP_START_ECCENTRIC},
    {"press", REP_START_CONCENTRIC}, /* from the shoulders */
    {"deadlift", REP_START_CONCENTRIC}, {"row", REP_START_CONCENTRIC},
};

#define N_LIFTS ((int)(sizeof lifts / sizeof lifts[0]))

static int lift_by_name(const char *name)
{
    for (int i = 0; i < N_LIFTS; i++)
        if (strcmp(lifts[i].name, name) == 0)
            return i;
    return -1;
}

/* The analyser's --exercise for a catalogue name ("Back squat" -> squat), or NULL. */
static const char *lift_for_exercise(const char *exercise)
{
    static const char *const order[] = {"bench", "deadlift", "squat", "row", "press"};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (strcasestr(exercise, order[i]))
            return order[i];
    return NULL;
}

/* --- analyze-imu --- */

struct analysis {
    struct rep_detector det; /* large: on the heap with the rest */
    bool have_t0;
    int64_t t0_us, last_t_us;
    long samples;
    struct rep_result *reps;
    int n_reps, cap_reps;
    bool out_of_memory;
};

static void keep_rep(struct analysis *a, const struct rep_result *r)
{
    if (a->n_reps == a->cap_reps) {
        int cap = a->cap_reps ? a->cap_reps * 2 : REPS_FIRST;
        struct rep_result *more = realloc(a->reps, (size_t)cap * sizeof *more);
        if (!more) {
            a->out_of_memory = true;
            return;
        }
        a->reps = more;
        a->cap_reps = cap;
    }
    a->reps[a->n_reps++] = *r;
}

static void on_sample(void *ctx, const struct imu_sample *s)
{
    struct analysis *a = ctx;
    if (!a->have_t0) {
        a->have_t0 = true;
        a->t0_us = s->t_us;
    }
    a->samples++;
    a->last_t_us = s->t_us;
    struct rep_result r;
    if (rep_detector_push(&a->det, s, &r))
        keep_rep(a, &r);
}

/* One line naming the file and what to do; exit status 2 (bad input). */
static int bad_file(const char *path, const char *what)
{
    fprintf(stderr, "rackside-ctl: %s: %s\n", path, what);
    return EXIT_USAGE;
}

/* Streams the file into the detector; 0 ok, else the exit status after a message. */
static int read_trace(const char *path, struct analysis *a)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        char what[LINE_MAX_];
        snprintf(what, sizeof what, "cannot open: %s; give the path of a CSV trace file",
                 strerror(errno));
        return bad_file(path, what);
    }
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        close(fd);
        return bad_file(path, "is a directory; give the path of a CSV trace file");
    }
    struct imu_csv *csv = malloc(sizeof *csv);
    char *buf = malloc(READ_CHUNK);
    int rc = 0;
    if (!csv || !buf) {
        rc = bad_file(path, "out of memory");
        goto out;
    }
    imu_csv_init(csv);
    for (;;) {
        ssize_t n = read(fd, buf, READ_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            char what[LINE_MAX_];
            snprintf(what, sizeof what, "cannot read: %s", strerror(errno));
            rc = bad_file(path, what);
            goto out;
        }
        if (n == 0)
            break;
        if (imu_csv_feed(csv, buf, (size_t)n, on_sample, a) != 0)
            break;
    }
    if (csv->failed || imu_csv_finish(csv, on_sample, a) != 0) {
        fprintf(stderr, "rackside-ctl: %s:%ld: %s\n", path, csv->err_line, csv->err);
        rc = EXIT_USAGE;
    }
out:
    free(buf);
    free(csv);
    close(fd);
    return rc;
}

static double secs(const struct analysis *a, int64_t t_us)
{
    return (double)(t_us - a->t0_us) / US_PER_S;
}

/* A number with a fixed count of decimals, as JSON. */
static json_object *fixed(double v, int decimals)
{
    char s[32];
    snprintf(s, sizeof s, "%.*f", decimals, v);
    return json_object_new_double_s(v, s);
}

static void print_json(const struct analysis *a)
{
    json_object *root = json_object_new_object(), *reps = json_object_new_array();
    for (int i = 0; i < a->n_reps; i++) {
        const struct rep_result *r = &a->reps[i];
        json_object *j = json_object_new_object();
        json_object_object_add(j, "ecc_start_s", fixed(secs(a, r->ecc_start_us), 3));
        json_object_object_add(j, "ecc_end_s", fixed(secs(a, r->ecc_end_us), 3));
        json_object_object_add(j, "con_start_s", fixed(secs(a, r->con_start_us), 3));
        json_object_object_add(j, "con_end_s", fixed(secs(a, r->con_end_us), 3));
        json_object_object_add(j, "bottom_pause_s", fixed(r->bottom_ms / MM_PER_M, 3));
        json_object_object_add(j, "top_pause_s", fixed(r->top_ms / MM_PER_M, 3));
        json_object_object_add(j, "mcv_mps", fixed(r->mean_conc_mmps / MM_PER_M, 3));
        json_object_object_add(j, "mpv_mps", fixed(r->mean_prop_mmps / MM_PER_M, 3));
        json_object_object_add(j, "peak_mps", fixed(r->peak_conc_mmps / MM_PER_M, 3));
        json_object_object_add(j, "rom_m", fixed(r->rom_mm / MM_PER_M, 3));
        json_object_object_add(j, "tilt_deg", fixed(r->tilt_cdeg / CDEG, 2));
        json_object_object_add(j, "momentum", json_object_new_int(r->momentum_pct));
        json_object_array_add(reps, j);
    }
    json_object_object_add(root, "reps", reps);
    json_object_object_add(root, "velocity_loss_pct",
                           json_object_new_int(rep_velocity_loss_pct(a->reps, a->n_reps)));
    printf("%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
    json_object_put(root);
}

static void print_table(const struct analysis *a, const char *path, const char *lift)
{
    printf("%s: %ld samples over %.1f s, %s: %d rep%s, velocity loss %d %%\n", path, a->samples,
           secs(a, a->last_t_us), lift, a->n_reps, a->n_reps == 1 ? "" : "s",
           rep_velocity_loss_pct(a->reps, a->n_reps));
    if (a->n_reps == 0)
        return;
    printf("%-3s %-15s %-15s %7s %6s %7s %7s %7s %6s %6s %8s\n", "REP", "ECCENTRIC s",
           "CONCENTRIC s", "BOTTOM", "TOP", "MCV", "MPV", "PEAK", "ROM", "TILT", "MOMENTUM");
    printf("%-3s %-15s %-15s %7s %6s %7s %7s %7s %6s %6s %8s\n", "", "from-to", "from-to", "s", "s",
           "m/s", "m/s", "m/s", "m", "deg", "%");
    for (int i = 0; i < a->n_reps; i++) {
        const struct rep_result *r = &a->reps[i];
        char ecc[24], con[24];
        snprintf(ecc, sizeof ecc, "%.2f-%.2f", secs(a, r->ecc_start_us), secs(a, r->ecc_end_us));
        snprintf(con, sizeof con, "%.2f-%.2f", secs(a, r->con_start_us), secs(a, r->con_end_us));
        printf("%-3d %-15s %-15s %7.2f %6.2f %7.3f %7.3f %7.3f %6.3f %6.1f %8d\n", i + 1, ecc, con,
               r->bottom_ms / MM_PER_M, r->top_ms / MM_PER_M, r->mean_conc_mmps / MM_PER_M,
               r->mean_prop_mmps / MM_PER_M, r->peak_conc_mmps / MM_PER_M, r->rom_mm / MM_PER_M,
               r->tilt_cdeg / CDEG, r->momentum_pct);
    }
}

/* The largest unit reference file read: the form export-imu writes is under 400 bytes. */
#define UNIT_REF_FILE_MAX 4096

/*
 * --unit-ref: what earlier sets had learned of the bar unit when the kiosk's detector
 * started the set (export-imu writes it beside the trace). 0 ok, else the exit status
 * after one line naming the file.
 */
static int read_unit_ref(const char *path, struct rep_unit_ref *ref)
{
    static const char hint[] = "give the .unit.json export-imu wrote beside the trace";
    char what[STORE_ERR_MAX + 96];
    FILE *f = fopen(path, "re");
    if (!f) {
        snprintf(what, sizeof what, "cannot open: %s; %s", strerror(errno), hint);
        return bad_file(path, what);
    }
    char *text = malloc(UNIT_REF_FILE_MAX + 1);
    size_t n = text ? fread(text, 1, UNIT_REF_FILE_MAX + 1, f) : 0;
    bool failed = ferror(f) != 0;
    fclose(f);
    int rc = 0;
    char err[STORE_ERR_MAX];
    if (!text) {
        rc = bad_file(path, "out of memory");
    } else if (failed) {
        snprintf(what, sizeof what, "cannot read; %s", hint);
        rc = bad_file(path, what);
    } else if (n > UNIT_REF_FILE_MAX) {
        snprintf(what, sizeof what, "longer than %d bytes: not a unit reference; %s",
                 UNIT_REF_FILE_MAX, hint);
        rc = bad_file(path, what);
    } else if (text[n] = '\0', unit_ref_from_json(text, NULL, ref, err) != 0) {
        snprintf(what, sizeof what, "%s; %s", err, hint);
        rc = bad_file(path, what);
    }
    free(text);
    return rc;
}

int ctl_analyze_imu(int argc, char **argv)
{
    const char *file = NULL, *exercise = NULL, *unit_ref = NULL;
    bool json = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--exercise") == 0 && i + 1 < argc)
            exercise = argv[++i];
        else if (strcmp(argv[i], "--exercise") == 0)
            return ctl_usage_error(
                "--exercise needs a value: squat, bench, press, deadlift or row");
        else if (strcmp(argv[i], "--unit-ref") == 0 && i + 1 < argc)
            unit_ref = argv[++i];
        else if (strcmp(argv[i], "--unit-ref") == 0)
            return ctl_usage_error("--unit-ref needs a file: the .unit.json export-imu wrote");
        else if (strncmp(argv[i], "--", 2) == 0 && argv[i][2])
            return ctl_usage_error("unknown option %s", argv[i]);
        else if (file)
            return ctl_usage_error("unexpected argument \"%s\"", argv[i]);
        else
            file = argv[i];
    }
    if (!file || !exercise)
        return ctl_usage_error(
            "usage: analyze-imu FILE.csv --exercise squat|bench|press|deadlift|row "
            "[--unit-ref FILE.unit.json] [--json]");
    int lift = lift_by_name(exercise);
    if (lift < 0)
        return ctl_usage_error("--exercise is squat, bench, press, deadlift or row, not \"%s\"",
                               exercise);

    struct rep_unit_ref ref;
    int rc = unit_ref ? read_unit_ref(unit_ref, &ref) : 0;
    if (rc != 0)
        return rc;
    struct analysis *a = calloc(1, sizeof *a);
    if (!a) {
        fputs("rackside-ctl: out of memory\n", stderr);
        return EXIT_FAIL;
    }
    struct rules rules;
    rules_default(&rules);
    rep_detector_init(&a->det, &rules);
    rep_detector_set_start(&a->det, lifts[lift].start);
    if (unit_ref && !rep_detector_set_unit_ref(&a->det, &ref))
        rc = bad_file(unit_ref, "a bias over 0.1 g or a variance that is not positive: not what "
                                "a bar unit's sets learn; give the .unit.json export-imu wrote");
    if (rc == 0)
        rc = read_trace(file, a);
    if (rc == 0) {
        struct rep_result r;
        while (rep_detector_finish(&a->det, &r))
            keep_rep(a, &r);
        if (a->out_of_memory) {
            fputs("rackside-ctl: out of memory\n", stderr);
            rc = EXIT_FAIL;
        } else if (json) {
            print_json(a);
        } else {
            print_table(a, file, lifts[lift].name);
        }
    }
    free(a->reps);
    free(a);
    return rc;
}

/* --- export-imu --- */

/* SET_ID as rackside-ctl sets gives it: a number (below zero for a set pulled from the
 * gym server) or a set's global id, a UUID (its uid, the same at every rack). */
static bool set_id_form(const char *s)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!errno && end != s && !*end && v != 0)
        return true;
    static const char hex[] = "0123456789abcdefABCDEF";
    size_t n = strlen(s);
    if (n != 36)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((i == 8 || i == 13 || i == 18 || i == 23) ? s[i] != '-' : !strchr(hex, s[i]))
            return false;
    return true;
}

/* A set lifted at another rack: its bar samples stay there (they do not go through the gym
 * server); says where and how to export them. */
static int samples_elsewhere(const struct set_row *set)
{
    char rack[FLAG_RACK_MAX + 8];
    snprintf(rack, sizeof rack, set->rack[0] ? "rack \"%s\"" : "another rack", set->rack);
    fprintf(stderr,
            "rackside-ctl: set %lld was lifted at %s: its bar samples are kept there; at that "
            "rack run: rackside-ctl export-imu %s FILE.csv\n",
            (long long)set->key, rack, set->uid);
    return EXIT_FAIL;
}

/* Writes every sample; 0 ok, -1 with errno set. */
static int write_samples(FILE *f, const struct imu_track *t)
{
    if (fputs(IMU_CSV_HEADER "\n", f) == EOF)
        return -1;
    for (int i = 0; i < t->n; i++) {
        struct imu_sample s;
        char line[LINE_MAX_];
        imu_track_sample(t, i, &s);
        int len = imu_csv_format(&s, line, sizeof line);
        if (len < 0 || fwrite(line, 1, (size_t)len, f) != (size_t)len)
            return -1;
    }
    return 0;
}

/* Creates path for writing, refusing to replace a file unless force: the descriptor, or -1
 * after a message. */
static int create_file(const char *path, bool force)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL), 0644);
    if (fd >= 0)
        return fd;
    if (errno == EEXIST)
        fprintf(stderr,
                "rackside-ctl: %s already exists; choose another name or add --force to "
                "replace it\n",
                path);
    else
        fprintf(stderr, "rackside-ctl: cannot write %s: %s\n", path, strerror(errno));
    return -1;
}

/* Creates path (refusing to replace a file unless force) and writes t to it. */
static int export_to(const char *path, const struct imu_track *t, bool force)
{
    int fd = create_file(path, force);
    if (fd < 0)
        return EXIT_FAIL;
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(path);
        fprintf(stderr, "rackside-ctl: cannot write %s: %s\n", path, strerror(errno));
        return EXIT_FAIL;
    }
    int rc = write_samples(f, t);
    int err = errno;
    if (fclose(f) != 0 && rc == 0) {
        rc = -1;
        err = errno;
    }
    if (rc != 0) {
        unlink(path); /* half a trace would read as a shorter set */
        fprintf(stderr, "rackside-ctl: cannot write %s: %s\n", path, strerror(err));
        return EXIT_FAIL;
    }
    return 0;
}

/* Where export-imu puts the unit reference beside FILE: FILE.csv -> FILE.unit.json. */
static bool unit_ref_path(const char *csv, char *out, size_t cap)
{
    size_t n = strlen(csv);
    if (n > 4 && strcasecmp(csv + n - 4, ".csv") == 0)
        n -= 4;
    return n < (size_t)PATH_MAX_ && (size_t)snprintf(out, cap, "%.*s.unit.json", (int)n, csv) < cap;
}

/* Writes what the set's detector started from of the unit to path; 0 ok. */
static int export_unit_ref(const char *path, const struct imu_track *t, bool force)
{
    char json[UNIT_REF_JSON_MAX];
    int len = unit_ref_to_json(t->bar_unit, &t->unit_ref, json);
    int fd = create_file(path, force);
    if (fd < 0)
        return EXIT_FAIL;
    json[len++] = '\n';
    bool ok = write(fd, json, (size_t)len) == (ssize_t)len;
    int err = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    if (!ok) {
        unlink(path);
        fprintf(stderr, "rackside-ctl: cannot write %s: %s\n", path, strerror(err));
        return EXIT_FAIL;
    }
    return 0;
}

int ctl_export_imu(struct store *st, int argc, char **argv)
{
    const char *pos[2];
    int n = 0;
    bool force = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--force") == 0)
            force = true;
        else if (strncmp(argv[i], "--", 2) == 0 && argv[i][2])
            return ctl_usage_error("unknown option %s", argv[i]);
        else if (n == 2)
            return ctl_usage_error("unexpected argument \"%s\"", argv[i]);
        else
            pos[n++] = argv[i];
    }
    if (n != 2)
        return ctl_usage_error("usage: export-imu SET_ID FILE.csv [--force]");
    if (!set_id_form(pos[0]))
        return ctl_usage_error("SET_ID is a set's number or global id (see rackside-ctl sets), "
                               "not \"%s\"",
                               pos[0]);

    char err[STORE_ERR_MAX];
    struct set_row set;
    if (store_find_set(st, pos[0], &set, err) != 1) {
        fprintf(stderr, "rackside-ctl: %s\n", err);
        return EXIT_FAIL;
    }
    int64_t key = set.key;
    if (set.n_samples == 0 && (key < 0 || set.rack[0]))
        return samples_elsewhere(&set);
    struct imu_track *t;
    int found = store_set_imu(st, key, &t, err);
    if (found != 1) {
        fprintf(stderr, "rackside-ctl: %s\n", err);
        return EXIT_FAIL;
    }
    /* the reference first: an existing one stops the export before the trace is written */
    char ref_path[PATH_MAX_ + 16];
    if (!unit_ref_path(pos[1], ref_path, sizeof ref_path)) {
        store_imu_free(t);
        return ctl_usage_error("FILE.csv is longer than %d characters", PATH_MAX_);
    }
    int rc = t->has_unit_ref ? export_unit_ref(ref_path, t, force) : 0;
    if (rc == 0 && (rc = export_to(pos[1], t, force)) != 0 && t->has_unit_ref)
        unlink(ref_path);
    if (rc == 0) {
        struct set_detail *d = calloc(1, sizeof *d);
        const char *lift = NULL;
        if (d && store_set_detail(st, key, d) == 1)
            lift = lift_for_exercise(d->exercise);
        double span_s = t->n > 0 ? t->t_off_us[t->n - 1] / US_PER_S : 0;
        printf("set %lld: %d samples over %.1f s written to %s%s\n", (long long)key, t->n, span_s,
               pos[1], t->truncated ? " (recording cut at its size limit)" : "");
        if (t->has_unit_ref)
            printf("its detector started from what earlier sets had learned of bar unit %s: "
                   "written to %s\n",
                   t->bar_unit[0] ? t->bar_unit : "(no serial)", ref_path);
        if (lift && t->has_unit_ref)
            printf("analyse with: rackside-ctl analyze-imu %s --exercise %s --unit-ref %s\n",
                   pos[1], lift, ref_path);
        else if (lift)
            printf("analyse with: rackside-ctl analyze-imu %s --exercise %s\n", pos[1], lift);
        free(d);
    }
    store_imu_free(t);
    return rc;
}
