#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../dev/plate_trace.h"
#include "../store/records.h"
#include "plate_cmds.h"

#define EXIT_FAIL      1
#define EXIT_USAGE     2
#define SPLIT_MIN_G    2000 /* a split of less than this on the plate means nothing */
#define LINE_MAX_CHARS 256

struct analysis {
    struct load_filter f;
    int64_t first_us;
    json_object *stable, *events;
    bool json;
};

static double since_s(const struct analysis *a, int64_t t_us)
{
    return (double)(t_us - a->first_us) / 1e6;
}

/* A number as JSON with a fixed count of decimals: 83.356, not 83.355999999999995. */
static json_object *fixed(double v, int decimals)
{
    char s[32];
    snprintf(s, sizeof s, "%.*f", decimals, v);
    return json_object_new_double_s(v, s);
}

static void take(struct analysis *a)
{
    struct load_stretch st;
    while (load_filter_take_stretch(&a->f, &st)) {
        bool split = st.total_g >= SPLIT_MIN_G;
        double left_pct = split ? 100.0 * st.side_g[PLATE_LEFT] / st.total_g : 0;
        if (a->json) {
            json_object *o = json_object_new_object();
            json_object_object_add(o, "start_s", fixed(since_s(a, st.start_us), 6));
            json_object_object_add(o, "end_s", fixed(since_s(a, st.end_us), 6));
            json_object_object_add(o, "total_kg", fixed(st.total_g / 1000.0, 3));
            json_object_object_add(o, "left_pct", split ? fixed(left_pct, 3) : NULL);
            json_object_array_add(a->stable, o);
        } else if (split) {
            printf("stable  %9.2f s .. %9.2f s  %8.2f kg  left %5.1f %%\n", since_s(a, st.start_us),
                   since_s(a, st.end_us), st.total_g / 1000.0, left_pct);
        } else {
            printf("stable  %9.2f s .. %9.2f s  %8.2f kg  (empty)\n", since_s(a, st.start_us),
                   since_s(a, st.end_us), st.total_g / 1000.0);
        }
    }
    struct load_event_at ev;
    while (load_filter_take_event(&a->f, &ev)) {
        if (a->json) {
            json_object *o = json_object_new_object();
            json_object_object_add(o, "t_s", fixed(since_s(a, ev.t_us), 6));
            json_object_object_add(o, "type", json_object_new_string(load_event_name(ev.type)));
            json_object_array_add(a->events, o);
        } else {
            printf("event   %9.2f s  %s\n", since_s(a, ev.t_us), load_event_name(ev.type));
        }
    }
}

/* Reads the trace line by line through the filter; 0, or 2 after one line on stderr. */
static int analyze_file(const char *path, FILE *in, struct analysis *a)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int lineno = 0, samples = 0, rc = 0;
    int64_t prev_us = INT64_MIN;
    while ((len = getline(&line, &cap, in)) >= 0) {
        lineno++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        char err[PLATE_TRACE_ERR_MAX];
        struct plate_sample s;
        int got = len > LINE_MAX_CHARS
                      ? (snprintf(err, sizeof err, "line too long (%zd characters)", len), -1)
                      : plate_trace_parse_line(line, lineno == 1, prev_us, &s, err);
        if (got < 0) {
            fprintf(stderr, "rackside-ctl: %s:%d: %s\n", path, lineno, err);
            rc = EXIT_USAGE;
            break;
        }
        if (got == 0)
            continue;
        if (samples++ == 0)
            a->first_us = s.t_us;
        prev_us = s.t_us;
        load_filter_push(&a->f, &s);
        take(a);
    }
    free(line);
    if (rc == 0 && ferror(in)) {
        fprintf(stderr, "rackside-ctl: %s:%d: cannot read: %s\n", path, lineno + 1,
                strerror(errno));
        rc = EXIT_USAGE;
    } else if (rc == 0 && lineno == 0) {
        fprintf(stderr, "rackside-ctl: %s:1: empty file: the header \"%s\" is missing\n", path,
                PLATE_TRACE_HEADER);
        rc = EXIT_USAGE;
    } else if (rc == 0 && samples == 0) {
        fprintf(stderr, "rackside-ctl: %s:%d: no samples after the header\n", path, lineno + 1);
        rc = EXIT_USAGE;
    }
    return rc;
}

int plate_cmd_analyze(int argc, char **argv)
{
    const char *path = NULL, *cal_text = NULL;
    bool json = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--cal") == 0 && i + 1 < argc) {
            cal_text = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "rackside-ctl: analyze-plate: unknown option %s\n", argv[i]);
            return EXIT_USAGE;
        } else if (!path) {
            path = argv[i];
        } else {
            fprintf(stderr, "rackside-ctl: analyze-plate: one FILE.csv, not also \"%s\"\n",
                    argv[i]);
            return EXIT_USAGE;
        }
    }
    if (!path || !cal_text) {
        fprintf(stderr,
                "rackside-ctl: usage: analyze-plate FILE.csv --cal "
                "LEFT_OFFSET,LEFT_COUNTS_PER_KG,RIGHT_OFFSET,RIGHT_COUNTS_PER_KG [--json]\n");
        return EXIT_USAGE;
    }
    struct load_calibration cal;
    char err[PLATE_TRACE_ERR_MAX];
    if (!plate_trace_parse_cal(cal_text, &cal, err)) {
        fprintf(stderr, "rackside-ctl: %s\n", err);
        return EXIT_USAGE;
    }
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!in) {
        fprintf(stderr, "rackside-ctl: %s: cannot open: %s\n", path, strerror(errno));
        return EXIT_USAGE;
    }
    static struct analysis a;
    memset(&a, 0, sizeof a);
    struct rules rules;
    rules_default(&rules);
    load_filter_init(&a.f, &cal, &rules);
    a.json = json;
    a.stable = json_object_new_array();
    a.events = json_object_new_array();
    int rc = analyze_file(path, in, &a);
    if (in != stdin)
        fclose(in);
    if (rc == 0) {
        load_filter_finish(&a.f);
        take(&a);
    }
    if (rc == 0 && json) {
        json_object *root = json_object_new_object();
        json_object_object_add(root, "stable", json_object_get(a.stable));
        json_object_object_add(root, "events", json_object_get(a.events));
        printf("%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
        json_object_put(root);
    }
    json_object_put(a.stable);
    json_object_put(a.events);
    return rc;
}

/* --- calibrate --- */

#include <poll.h>
#include <time.h>
#include <unistd.h>

#include "../config.h"
#include "../core/plate_cal.h"
#include "../dev/plate_hx711.h"
#include "../dev/plate_model.h"
#include "../store/plate_conf.h"

#define DEFAULT_CONFIG  "/etc/rackside/rackside.conf"
#define G_PER_LB        453.59237
#define CAPTURE_N       64 /* samples averaged per step: under a second at 80/s */
#define STEP_TIMEOUT_US 120000000LL
#define SIM_STEP_US     12500
#define SIM_PLACE_US    1000000
#define SIM_SIDE_SHARE  0.85 /* a weight set over one side's cells still leans on the other */

/* A still weight on a model plate whose true calibration the operator does not know. */
struct sim_plate {
    struct plate port;
    struct plate_model m;
    int32_t on_g;
};

static int sim_plate_poll(struct plate *p, int64_t now_us, struct plate_sample *out, int max)
{
    struct sim_plate *s = (struct sim_plate *)p;
    int n = 0;
    while (n < max && s->m.t_us <= now_us)
        plate_model_sample(&s->m, &out[n++], NULL);
    return n;
}

static void sim_plate_close(struct plate *p)
{
    free(p);
}

static struct sim_plate *sim_plate_new(void)
{
    struct sim_plate *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    struct plate_model_config cfg;
    plate_model_defaults(&cfg, 2024, 80);
    cfg.sway = 0; /* a weight, not a person */
    plate_model_init(&s->m, &cfg, 0);
    s->port = (struct plate){.name = "plate-sim", .poll = sim_plate_poll, .close = sim_plate_close};
    return s;
}

/* The scripted operator: takes the weight off, then sets it where it is asked for. */
static void sim_place(struct sim_plate *s, int32_t weight_g, double left_frac, int64_t t_us)
{
    if (s->on_g > 0)
        plate_model_move(&s->m, &(struct plate_move){.kind = PLATE_MOVE_STEP_OFF,
                                                     .t_us = t_us,
                                                     .dur_us = SIM_PLACE_US});
    if (weight_g > 0)
        plate_model_move(&s->m, &(struct plate_move){.kind = PLATE_MOVE_STEP_ON,
                                                     .t_us = t_us,
                                                     .dur_us = SIM_PLACE_US,
                                                     .body_g = weight_g,
                                                     .left_frac = left_frac});
    s->on_g = weight_g;
}

struct calib {
    struct plate *plate;
    struct sim_plate *sim; /* NULL on hardware */
    struct load_filter f;  /* provisional scale, for the live reading and stillness */
    struct load_calibration provisional;
    bool lb;
    int64_t t_us;
    int32_t raw[CAPTURE_N][PLATE_SIDES];
    int n_raw, at;
};

static int64_t wall_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static double shown(const struct calib *c, double g)
{
    return c->lb ? g / G_PER_LB : g / 1000.0;
}

/* Samples up to now, into the filter and the capture ring. */
static int pump(struct calib *c)
{
    c->t_us = c->sim ? c->t_us + SIM_STEP_US : wall_us();
    struct plate_sample s[64];
    int n;
    while ((n = plate_poll(c->plate, c->t_us, s, 64)) > 0) {
        for (int i = 0; i < n; i++) {
            load_filter_push(&c->f, &s[i]);
            if (s[i].ok_mask != 0x3)
                continue;
            c->raw[c->at][0] = s[i].raw[0];
            c->raw[c->at][1] = s[i].raw[1];
            c->at = (c->at + 1) % CAPTURE_N;
            if (c->n_raw < CAPTURE_N)
                c->n_raw++;
        }
        if (n < 64)
            break;
    }
    return n < 0 ? -1 : 0;
}

/* The middle half of the last samples per side: glitches and noise's tails left out. */
static void capture(const struct calib *c, double counts[PLATE_SIDES])
{
    for (int side = 0; side < PLATE_SIDES; side++) {
        int32_t v[CAPTURE_N];
        for (int i = 0; i < c->n_raw; i++)
            v[i] = c->raw[i][side];
        counts[side] = plate_cal_trimmed_mean(v, c->n_raw);
    }
}

/* Shows the live reading until Enter, then waits for the plate to be still and captures. */
static int step(struct calib *c, const char *prompt, double counts[PLATE_SIDES])
{
    printf("%s, then press Enter.\n", prompt);
    fflush(stdout);
    bool entered = false;
    int64_t start_us = c->sim ? c->t_us : wall_us();
    c->n_raw = 0;
    for (;;) {
        if (pump(c) < 0) {
            fprintf(stderr, "\nrackside-ctl: the plate stopped answering\n");
            return -1;
        }
        struct load_reading rd;
        load_filter_read(&c->f, &rd);
        printf("\r  left %9d  right %9d  %8.2f %s  %-10s",
               c->raw[(c->at + CAPTURE_N - 1) % CAPTURE_N][0],
               c->raw[(c->at + CAPTURE_N - 1) % CAPTURE_N][1], shown(c, rd.total_g),
               c->lb ? "lb" : "kg",
               rd.fault    ? "FAULT"
               : rd.stable ? "steady"
                           : "moving...");
        fflush(stdout);
        if (rd.fault) {
            printf("\n%s\n", rd.fault_msg);
            return -1;
        }
        if (!entered) {
            struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
            if (poll(&p, 1, c->sim ? 1 : 100) > 0) {
                char buf[256];
                if (!fgets(buf, sizeof buf, stdin)) {
                    fprintf(stderr, "\nrackside-ctl: calibration cancelled (end of input)\n");
                    return -1;
                }
                entered = true;
            }
        } else if (!c->sim) {
            usleep(20000);
        }
        /* a second of stillness after Enter, so the hand that set the weight is off it */
        if (entered && rd.stable && c->t_us - rd.stable_since_us > 1000000 &&
            c->n_raw == CAPTURE_N) {
            capture(c, counts);
            printf("\n  captured: left %.1f, right %.1f counts\n", counts[0], counts[1]);
            return 0;
        }
        if ((c->sim ? c->t_us : wall_us()) - start_us > STEP_TIMEOUT_US) {
            fprintf(stderr, "\nrackside-ctl: the plate did not settle in two minutes\n");
            return -1;
        }
    }
}

static struct plate *open_hardware(const struct config *cfg)
{
    struct hx711_config hc = {.chip_label = cfg->gpio_chip,
                              .sck_line = cfg->gpio_sck,
                              .dout_line = {cfg->gpio_dout_left, cfg->gpio_dout_right},
                              .rate_line = cfg->gpio_rate,
                              .rate_hz = cfg->plate_rate_hz};
    char err[PLATE_HX711_ERR_MAX];
    struct plate *p = plate_hx711_open(&hc, err);
    if (!p)
        fprintf(stderr, "rackside-ctl: plate: %s (check [plate] in the config file)\n", err);
    return p;
}

/* The time of day, for the audit (wall_us above is the monotonic clock, for the steps) */
static int64_t audit_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* The operator who ran the command, for the calibrations' audit: a sudo user is the
 * person, root only the means. */
static void operator_name(char out[NAME_MAX_LEN])
{
    const char *who = getenv("SUDO_USER");
    if (!who || !*who)
        who = getenv("USER");
    if (!who || !*who)
        who = getenv("LOGNAME");
    snprintf(out, NAME_MAX_LEN, "%s", who && *who ? who : "operator");
}

/* One line in the calibrations' audit (and from there the gym's outbox); a failure to keep
 * it is said, not fatal: the plate's calibration is in the config file either way. */
static void audit(struct store *st, const struct calibration_audit *a)
{
    char err[STORE_ERR_MAX];
    if (store_add_calibration(st, a, err) != 0)
        fprintf(stderr, "rackside-ctl: the calibration's audit not recorded: %s\n", err);
}

/* The calibration lives in the config file, where the kiosk reads [plate]; each result
 * (saved or not) is kept in the store's audit. */
int plate_cmd_calibrate(struct store *st, const char *config, int argc, char **argv)
{
    const char *config_path = config ? config : DEFAULT_CONFIG, *driver = NULL;
    double weight = 0;
    bool lb = false, middle = false;
    for (int i = 0; i < argc; i++) {
        bool has = i + 1 < argc;
        if ((strcmp(argv[i], "--kg") == 0 || strcmp(argv[i], "--lb") == 0) && has) {
            lb = argv[i][2] == 'l';
            char *end;
            weight = strtod(argv[++i], &end);
            if (*end || !(weight >= 1 && weight <= 500)) {
                fprintf(stderr, "rackside-ctl: calibrate: %s wants the known weight, 1 to 500\n",
                        argv[i - 1]);
                return EXIT_USAGE;
            }
        } else if (strcmp(argv[i], "--middle") == 0) {
            middle = true;
        } else if (strcmp(argv[i], "--driver") == 0 && has) {
            driver = argv[++i];
        } else if (strcmp(argv[i], "--config") == 0 && has) {
            config_path = argv[++i];
        } else {
            fprintf(stderr, "rackside-ctl: calibrate: unexpected \"%s\"\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    if (weight <= 0) {
        fprintf(stderr, "rackside-ctl: usage: calibrate --kg KG | --lb LB [--middle] "
                        "[--driver sim|hardware] [--config FILE]\n");
        return EXIT_USAGE;
    }
    static struct config cfg;
    char err[CONFIG_ERR_MAX];
    config_default(&cfg);
    if (config_load(config_path, &cfg, err) != 0) {
        fprintf(stderr, "rackside-ctl: %s\n", err);
        return EXIT_USAGE;
    }
    bool sim = driver ? strcmp(driver, "sim") == 0 : cfg.plate == DRIVER_SIM;
    if (driver && !sim && strcmp(driver, "hardware") != 0) {
        fprintf(stderr, "rackside-ctl: calibrate: --driver is sim or hardware, not \"%s\"\n",
                driver);
        return EXIT_USAGE;
    }
    static struct calib c;
    memset(&c, 0, sizeof c);
    c.lb = lb;
    double weight_g = lb ? weight * G_PER_LB : weight * 1000.0;
    c.sim = sim ? sim_plate_new() : NULL;
    c.plate = sim ? (c.sim ? &c.sim->port : NULL) : open_hardware(&cfg);
    if (!c.plate)
        return EXIT_FAIL;
    /* until the zero is known, the live reading counts from the config's old calibration */
    c.provisional = cfg.cal;
    struct rules rules;
    rules_default(&rules);
    load_filter_init(&c.f, &c.provisional, &rules);
    c.t_us = sim ? 0 : wall_us();
    const char *unit = lb ? "lb" : "kg";
    printf("Calibrating the plate (%s) with a known weight of %g %s.\n",
           sim ? "simulated" : "HX711", weight, unit);

    double zero[2], a[2], b[2], check[2];
    char prompt[160];
    int rc = EXIT_FAIL;
    if (step(&c, "1. Clear the plate: nothing on it, nobody touching it", zero) < 0)
        goto out;
    c.provisional.offset[0] = (int32_t)lround(zero[0]);
    c.provisional.offset[1] = (int32_t)lround(zero[1]);
    load_filter_init(&c.f, &c.provisional, &rules);
    snprintf(prompt, sizeof prompt, "2. Set the %g %s weight %s", weight, unit,
             middle ? "in the middle of the plate" : "over the LEFT side's load cells");
    if (c.sim)
        sim_place(c.sim, (int32_t)weight_g, middle ? 0.5 : SIM_SIDE_SHARE, c.t_us);
    if (step(&c, prompt, a) < 0)
        goto out;
    if (!middle) {
        snprintf(prompt, sizeof prompt, "3. Move it over the RIGHT side's load cells");
        if (c.sim)
            sim_place(c.sim, (int32_t)weight_g, 1 - SIM_SIDE_SHARE, c.t_us);
        if (step(&c, prompt, b) < 0)
            goto out;
    }
    struct load_calibration result = c.provisional;
    char why[200];
    struct calibration_audit au = {.t_wall_us = audit_now_us(),
                                   .source = "ctl",
                                   .known_g = (int32_t)lround(weight_g),
                                   .middle = middle,
                                   .old_cal = cfg.cal};
    operator_name(au.by);
    struct plate_cal_why fault;
    if (!plate_cal_solve(zero, a, b, middle, weight_g, &result, &fault)) {
        plate_cal_why_english(&fault, why, sizeof why);
        fprintf(stderr, "rackside-ctl: calibration not saved: %s\n", why);
        au.new_cal = result;
        snprintf(au.result, sizeof au.result, "not saved: %.80s", why);
        audit(st, &au);
        goto out;
    }
    snprintf(prompt, sizeof prompt, "%d. Check: set it %s", middle ? 3 : 4,
             middle ? "over the LEFT side's load cells" : "in the middle of the plate");
    if (c.sim)
        sim_place(c.sim, (int32_t)weight_g, middle ? SIM_SIDE_SHARE : 0.5, c.t_us);
    if (step(&c, prompt, check) < 0)
        goto out;
    double measured_g = plate_cal_read_g(&result, check);
    printf("\nResult:\n  left:  offset %d counts, %.6f g a count (%.3f counts per kg)\n"
           "  right: offset %d counts, %.6f g a count (%.3f counts per kg)\n"
           "  check: %.3f %s read for %g %s, residual %+.3f %s\n"
           "  for analyze-plate: --cal %d,%.3f,%d,%.3f\n",
           result.offset[0], result.g_per_count[0], 1000.0 / result.g_per_count[0],
           result.offset[1], result.g_per_count[1], 1000.0 / result.g_per_count[1],
           shown(&c, measured_g), unit, weight, unit, shown(&c, measured_g - weight_g), unit,
           result.offset[0], 1000.0 / result.g_per_count[0], result.offset[1],
           1000.0 / result.g_per_count[1]);
    au.new_cal = result;
    au.checked = true;
    au.check_error_g = measured_g - weight_g;
    if (plate_conf_save(config_path, &result) != 0) {
        int why_errno = errno;
        snprintf(au.result, sizeof au.result, "not saved: cannot write %.36s (%.28s)", config_path,
                 strerror(why_errno));
        audit(st, &au);
        errno = why_errno;
        fprintf(stderr,
                "rackside-ctl: cannot write %s (%s): put these in its [plate] section:\n"
                "offset_left = %d\noffset_right = %d\ng_per_count_left = %.9g\n"
                "g_per_count_right = %.9g\n",
                config_path, strerror(errno), result.offset[0], result.offset[1],
                result.g_per_count[0], result.g_per_count[1]);
        goto out;
    }
    snprintf(au.result, sizeof au.result, "saved");
    audit(st, &au);
    printf("Saved in [plate] of %s; restart the kiosk to use it.\n", config_path);
    rc = 0;
out:
    plate_close(c.plate);
    return rc;
}
