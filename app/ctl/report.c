/*
 * rackside-ctl report: the flags of a day (or days) as one self-contained HTML page, with
 * each flagged set's reps drawn as inline SVG: mean concentric velocity per rep and the
 * tempo of each rep's four phases. No scripts, no external files, nothing told by colour
 * alone (patterns, marks and words), and an A4 print layout.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../store/records.h"
#include "ctl_out.h"
#include "ctl_parse.h"
#include "records_cmds.h"

#define EXIT_FAIL       1
#define REPORT_FLAGS    20000 /* a report longer than this is cut, and says so */
#define PLOT_W          640
#define PLOT_H          200
#define PLOT_LEFT       56
#define PLOT_BOTTOM     34
#define PLOT_TOP        16
#define PLOT_LABEL_W    100 /* room right of the velocity plot for its line's label */
#define BAR_MAX_W       72  /* a set of one or two reps keeps bars of a sensible width */
#define TRACE_TICK_MMPS 250 /* the speed traces' axis: a tick every 0.25 m/s */
#define MMPS_PER_MPS    1000.0
#define MS_PER_S        1000.0
#define G_PER_KG        1000.0

struct report {
    struct flag_view *flags;
    int *reps;
    int n, max;
    bool cut;
    int health;
    struct rules rules;
};

static void collect_flag(void *ctx, const struct flag_view *f, int rep)
{
    struct report *r = ctx;
    if (r->n == r->max) {
        int max = r->max ? 2 * r->max : 64;
        if (max > REPORT_FLAGS) {
            r->cut = true;
            return;
        }
        struct flag_view *flags = realloc(r->flags, (size_t)max * sizeof *flags);
        if (flags)
            r->flags = flags;
        int *reps = realloc(r->reps, (size_t)max * sizeof *reps);
        if (reps)
            r->reps = reps;
        if (!flags || !reps) {
            r->cut = true;
            return;
        }
        r->max = max;
    }
    r->flags[r->n] = *f;
    r->reps[r->n++] = rep;
    r->health += ctl_is_health_flag(f->kind);
}

/* Text from the database into HTML: cleaned of hidden characters, then escaped. */
static void html_text(FILE *out, const char *s)
{
    char clean[4 * NOTE_MAX_LEN];
    store_text_clean(s, clean, sizeof clean);
    for (const char *p = clean; *p; p++) {
        switch (*p) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        default:
            fputc(*p, out);
        }
    }
}

static const char report_css[] =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#000;background:#fff;margin:1.5em;"
    "max-width:180mm}"
    "h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.15em;margin:1.2em 0 .3em;"
    "border-top:2px solid #000;padding-top:.4em}"
    ".health{border:3px double #000;padding:.4em .6em;font-weight:bold}"
    "table{border-collapse:collapse;margin:.4em 0;font-size:.9em}"
    "th,td{border:1px solid #000;padding:2px 6px;text-align:left}"
    ".flag{break-inside:avoid;page-break-inside:avoid}"
    ".sev{font-weight:bold;text-transform:uppercase}"
    "svg{display:block;max-width:100%;height:auto;margin:.3em 0}"
    "svg text{font-family:'DejaVu Sans',Arial,sans-serif;font-size:11px}"
    ".note{font-size:.85em}"
    "@page{size:A4 portrait;margin:15mm}"
    "@media print{body{margin:0;max-width:none}h2{break-after:avoid}}";

/* Patterns for the tempo plot: each phase told apart by its fill, never by hue. */
static const char svg_defs[] =
    "<defs>"
    "<pattern id=\"p-ecc\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
    "<rect width=\"6\" height=\"6\" fill=\"#fff\"/><path d=\"M0,6 L6,0\" stroke=\"#000\" "
    "stroke-width=\"1.5\"/></pattern>"
    "<pattern id=\"p-bottom\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">"
    "<rect width=\"6\" height=\"6\" fill=\"#fff\"/><circle cx=\"3\" cy=\"3\" r=\"1.2\" "
    "fill=\"#000\"/></pattern>"
    "</defs>";

static const char *severity_mark(enum severity s)
{
    return s == SEVERITY_STOP      ? "&#9632; stop"
           : s == SEVERITY_CAUTION ? "&#9650; caution"
                                   : "&#9679; info";
}

/* Bars of mean concentric velocity per rep; the flagged rep outlined thick and marked. */
static void plot_velocity(FILE *out, const struct set_detail *d, int flagged_rep, int loss_pct)
{
    int32_t vmax = 1;
    for (int i = 0; i < d->n_reps; i++)
        if (d->reps[i].mean_conc_mmps > vmax)
            vmax = d->reps[i].mean_conc_mmps;
    vmax = ((vmax + 199) / 200) * 200; /* axis to the next 0.2 m/s */
    int plot_w = PLOT_W - PLOT_LEFT - PLOT_LABEL_W, plot_h = PLOT_H - PLOT_BOTTOM - PLOT_TOP;
    int n = d->n_reps > 0 ? d->n_reps : 1;
    double slot = (double)plot_w / n, bar = slot * 0.6 < BAR_MAX_W ? slot * 0.6 : BAR_MAX_W;
    fprintf(out,
            "<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\">"
            "<title>Mean concentric velocity per rep</title>",
            PLOT_W, PLOT_H, PLOT_W, PLOT_H);
    int y0 = PLOT_H - PLOT_BOTTOM;
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>", PLOT_LEFT,
            PLOT_TOP, PLOT_LEFT, y0);
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>", PLOT_LEFT, y0,
            PLOT_LEFT + plot_w, y0);
    for (int v = 0; v <= vmax; v += 200) {
        double y = y0 - (double)v / vmax * plot_h;
        fprintf(out,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#000\"/>"
                "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>",
                PLOT_LEFT - 4, y, PLOT_LEFT, y, PLOT_LEFT - 6, y + 4, v / MMPS_PER_MPS);
    }
    fprintf(out,
            "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" "
            "text-anchor=\"middle\">m/s</text>",
            PLOT_TOP + plot_h / 2, PLOT_TOP + plot_h / 2);
    if (d->n_reps > 0 && d->reps[0].mean_conc_mmps > 0) {
        /* the velocity-loss line: a rep below it has lost more than the rules allow */
        double v = d->reps[0].mean_conc_mmps * (100 - loss_pct) / 100.0;
        double y = y0 - v / vmax * plot_h;
        fprintf(out,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#000\" "
                "stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%.1f\">&#8722;%d%% of rep 1"
                "</text>",
                PLOT_LEFT, y, PLOT_LEFT + plot_w, y, PLOT_LEFT + plot_w + 4, y + 4, loss_pct);
    }
    for (int i = 0; i < d->n_reps; i++) {
        const struct rep_result *rr = &d->reps[i];
        double h = (double)(rr->mean_conc_mmps > 0 ? rr->mean_conc_mmps : 0) / vmax * plot_h;
        double x = PLOT_LEFT + slot * i + (slot - bar) / 2;
        bool flagged = rr->index == flagged_rep;
        fprintf(out,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                "stroke=\"#000\" stroke-width=\"%d\"/>",
                x, y0 - h, bar, h, flagged ? "#fff" : "#888", flagged ? 4 : 1);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.2f%s</text>",
                x + bar / 2, y0 - h - 4, rr->mean_conc_mmps / MMPS_PER_MPS,
                flagged ? " &#9664; flag" : "");
        fprintf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>", x + bar / 2,
                y0 + 14, rr->index);
    }
    fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">rep</text></svg>\n",
            PLOT_LEFT + plot_w / 2, PLOT_H - 4);
}

/* One horizontal bar per rep: eccentric, bottom pause, concentric, top pause in seconds. */
static void plot_tempo(FILE *out, const struct set_detail *d, const struct rules *rules)
{
    static const char *const fills[4] = {"url(#p-ecc)", "url(#p-bottom)", "#000", "#fff"};
    static const char *const names[4] = {"eccentric", "bottom pause", "concentric", "top pause"};
    int32_t tmax = 1000;
    for (int i = 0; i < d->n_reps; i++) {
        const struct rep_result *rr = &d->reps[i];
        int32_t t = rr->ecc_ms + rr->bottom_ms + rr->conc_ms + rr->top_ms;
        if (t > tmax)
            tmax = t;
    }
    tmax = ((tmax + 999) / 1000) * 1000;
    int row_h = 18, h = PLOT_TOP + row_h * (d->n_reps > 0 ? d->n_reps : 1) + PLOT_BOTTOM + 22;
    int plot_w = PLOT_W - PLOT_LEFT - 10;
    fprintf(out,
            "<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\">"
            "<title>Tempo of each rep</title>%s",
            PLOT_W, h, PLOT_W, h, svg_defs);
    int y_axis = PLOT_TOP + row_h * d->n_reps + 4;
    for (int i = 0; i < d->n_reps; i++) {
        const struct rep_result *rr = &d->reps[i];
        int32_t ms[4] = {rr->ecc_ms, rr->bottom_ms, rr->conc_ms, rr->top_ms};
        double x = PLOT_LEFT;
        int y = PLOT_TOP + row_h * i;
        fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">rep %d</text>", PLOT_LEFT - 6,
                y + 12, rr->index);
        for (int k = 0; k < 4; k++) {
            double w = (double)(ms[k] > 0 ? ms[k] : 0) / tmax * plot_w;
            fprintf(out,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" "
                    "stroke=\"#000\"/>",
                    x, y + 2, w, row_h - 4, fills[k]);
            x += w;
        }
        if (rr->rushed || rr->momentum)
            fprintf(out, "<text x=\"%.1f\" y=\"%d\">%s%s</text>", x + 4, y + 12,
                    rr->rushed ? "rushed " : "", rr->momentum ? "momentum" : "");
    }
    /* the target eccentric and the rushed limit, as dashed marks across every rep */
    double target = rules->tempo_ms[0], rushed = target * rules->rushed_pct / 100.0;
    double xs[2] = {PLOT_LEFT + target / tmax * plot_w, PLOT_LEFT + rushed / tmax * plot_w};
    const char *labels[2] = {"target", "rushed below"};
    for (int k = 0; k < 2; k++)
        fprintf(out,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" "
                "stroke-dasharray=\"%s\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s"
                "</text>",
                xs[k], PLOT_TOP - 2, xs[k], y_axis, k ? "2 3" : "6 3", xs[k], PLOT_TOP - 4,
                labels[k]);
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>", PLOT_LEFT,
            y_axis, PLOT_LEFT + plot_w, y_axis);
    for (int t = 0; t <= tmax; t += 1000)
        fprintf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d s</text>",
                PLOT_LEFT + (double)t / tmax * plot_w, y_axis + 14, t / 1000);
    int ly = y_axis + 32;
    for (int k = 0; k < 4; k++) {
        int lx = PLOT_LEFT + k * 140;
        fprintf(out,
                "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"11\" fill=\"%s\" stroke=\"#000\"/>"
                "<text x=\"%d\" y=\"%d\">%s</text>",
                lx, ly - 10, fills[k], lx + 20, ly, names[k]);
    }
    fputs("</svg>\n", out);
}

/*
 * Each rep's vertical bar speed from start to end, side by side on one scale: lowering
 * below the zero line, lifting above it. A bounce or a rushed lowering shows as a shape.
 * The flagged rep is drawn thick and named.
 */
static void plot_traces(FILE *out, const struct set_detail *d, int flagged_rep)
{
    int32_t vmax = 200;
    for (int i = 0; i < d->n_reps; i++)
        for (int k = 0; k < REP_TRACE_POINTS; k++) {
            int32_t v = abs(d->reps[i].trace_mmps[k]);
            if (v > vmax)
                vmax = v;
        }
    vmax = ((vmax + TRACE_TICK_MMPS - 1) / TRACE_TICK_MMPS) * TRACE_TICK_MMPS;
    int plot_w = PLOT_W - PLOT_LEFT - 10, half = (PLOT_H - PLOT_BOTTOM - PLOT_TOP) / 2;
    int y0 = PLOT_TOP + half, n = d->n_reps > 0 ? d->n_reps : 1;
    double slot = (double)plot_w / n;
    fprintf(out,
            "<svg viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\">"
            "<title>Bar speed through each rep</title>",
            PLOT_W, PLOT_H, PLOT_W, PLOT_H);
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>", PLOT_LEFT, y0,
            PLOT_LEFT + plot_w, y0);
    for (int v = -vmax; v <= vmax; v += TRACE_TICK_MMPS) {
        double y = y0 - (double)v / vmax * half;
        fprintf(out,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#000\"/>"
                "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>",
                PLOT_LEFT - 4, y, PLOT_LEFT, y, PLOT_LEFT - 6, y + 4, v / MMPS_PER_MPS);
    }
    fprintf(out,
            "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">"
            "m/s (up +)</text>",
            y0, y0);
    for (int i = 0; i < d->n_reps; i++) {
        const struct rep_result *rr = &d->reps[i];
        bool flagged = rr->index == flagged_rep;
        double x0 = PLOT_LEFT + slot * i + 4, w = slot - 8;
        fprintf(out, "<polyline fill=\"none\" stroke=\"#000\" stroke-width=\"%d\" points=\"",
                flagged ? 3 : 1);
        for (int k = 0; k < REP_TRACE_POINTS; k++)
            fprintf(out, "%.1f,%.1f ", x0 + w * k / (REP_TRACE_POINTS - 1),
                    y0 - (double)rr->trace_mmps[k] / vmax * half);
        fprintf(out, "\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">rep %d%s</text>",
                x0 + w / 2, PLOT_H - 14, rr->index, flagged ? " &#9664; flag" : "");
        if (i > 0)
            fprintf(out,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" "
                    "stroke-dasharray=\"2 4\"/>",
                    x0 - 4, PLOT_TOP, x0 - 4, PLOT_H - PLOT_BOTTOM);
    }
    fputs("</svg>\n", out);
}

static void rep_table(FILE *out, const struct set_detail *d)
{
    fputs("<table><tr><th>rep</th><th>eccentric s</th><th>bottom s</th><th>concentric s</th>"
          "<th>top s</th><th>mean m/s</th><th>ROM cm</th><th>marks</th></tr>",
          out);
    for (int i = 0; i < d->n_reps; i++) {
        const struct rep_result *r = &d->reps[i];
        fprintf(out,
                "<tr><td>%d</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td>"
                "<td>%.2f</td><td>%.0f</td><td>%s%s</td></tr>",
                r->index, r->ecc_ms / MS_PER_S, r->bottom_ms / MS_PER_S, r->conc_ms / MS_PER_S,
                r->top_ms / MS_PER_S, r->mean_conc_mmps / MMPS_PER_MPS, r->rom_mm / 10.0,
                r->rushed ? "rushed " : "", r->momentum ? "momentum" : "");
    }
    fputs("</table>\n", out);
}

static void flag_section(FILE *out, struct store *st, const struct report *r, int i)
{
    const struct flag_view *f = &r->flags[i];
    char when[CTL_ISO_TIME];
    ctl_iso_time(f->t_wall_us, when);
    fprintf(out, "<section class=\"flag\"><h2>%.10s %.5s &middot; ", when, when + 11);
    html_text(out, f->member);
    fprintf(out, " &middot; %s &middot; <span class=\"sev\">%s</span></h2>\n<p>",
            flag_kind_label(f->kind), severity_mark(f->severity));
    html_text(out, f->detail);
    fputs("</p>\n", out);
    if (f->acked) {
        fputs("<p class=\"note\">Acknowledged by ", out);
        html_text(out, f->ack_by);
        if (f->ack_note[0]) {
            fputs(": ", out);
            html_text(out, f->ack_note);
        }
        fputs("</p>\n", out);
    } else {
        fputs("<p class=\"note\">Not yet acknowledged.</p>\n", out);
    }
    struct set_detail *d = f->set_key ? malloc(sizeof *d) : NULL;
    if (d && store_set_detail(st, f->set_key, d) == 1 && d->n_reps > 0) {
        fprintf(out, "<p class=\"note\">Set %lld: ", (long long)f->set_key);
        html_text(out, d->exercise);
        fprintf(out, ", %.1f kg, %d of %d reps.</p>\n", d->load_g / G_PER_KG, d->n_reps,
                d->target_reps);
        plot_velocity(out, d, r->reps[i], r->rules.velocity_loss_pct);
        plot_tempo(out, d, &r->rules);
        plot_traces(out, d, r->reps[i]);
        rep_table(out, d);
    }
    free(d);
    fputs("</section>\n", out);
}

static void summary(FILE *out, const struct report *r)
{
    int count[FLAG_KIND_COUNT + 1] = {0}, unacked = 0;
    for (int i = 0; i < r->n; i++) {
        count[r->flags[i].kind <= FLAG_KIND_COUNT ? r->flags[i].kind : FLAG_KIND_COUNT]++;
        unacked += !r->flags[i].acked;
    }
    fprintf(out, "<p>%d flag%s, %d not yet acknowledged.</p>\n", r->n, r->n == 1 ? "" : "s",
            unacked);
    if (r->n == 0)
        return;
    fputs("<table><tr><th>flag</th><th>how many</th></tr>", out);
    for (int k = 0; k < FLAG_KIND_COUNT; k++)
        if (count[k])
            fprintf(out, "<tr><td>%s</td><td>%d</td></tr>", flag_kind_label((enum flag_kind)k),
                    count[k]);
    fputs("</table>\n", out);
}

static void write_report(FILE *out, struct store *st, const struct report *r, const char *title)
{
    /* the first line says whether the page holds health answers */
    if (r->health)
        fputs("<!DOCTYPE html><!-- " CTL_HEALTH_NOTICE " -->\n", out);
    else
        fputs("<!DOCTYPE html><!-- no pain or red-flag answers in this report -->\n", out);
    fprintf(out,
            "<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; img-src data:\">"
            "<title>rackside flags: %s</title><style>%s</style></head><body>\n",
            title, report_css);
    fprintf(out, "<h1>Flags: %s</h1>\n", title);
    if (r->health)
        fputs("<p class=\"health\">Health data: this report holds pain scores and red-flag "
              "answers. Keep it private.</p>\n",
              out);
    if (r->cut)
        fprintf(out,
                "<p class=\"health\">Only the first %d flags are shown: choose fewer "
                "days.</p>\n",
                r->n);
    summary(out, r);
    for (int i = 0; i < r->n; i++)
        flag_section(out, st, r, i);
    fputs("<p class=\"note\">Made by rackside-ctl report. Marks: &#9632; stop, &#9650; caution, "
          "&#9679; info; a thick outline and &#9664; mark the flagged rep.</p>\n</body></html>\n",
          out);
}

/* The report file, private (it may hold health answers): 0600 whatever was there. */
static FILE *open_private(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return NULL;
    if (fchmod(fd, 0600) != 0) {
        close(fd);
        return NULL;
    }
    FILE *f = fdopen(fd, "w");
    if (!f)
        close(fd);
    return f;
}

int ctl_report(struct store *st, int64_t today, int argc, char **argv)
{
    struct ctl_option opts[] = {{"date", true, NULL},
                                {"from", true, NULL},
                                {"to", true, NULL},
                                {"out", true, NULL},
                                {NULL}};
    char *pos[1];
    if (ctl_parse_args(argc, argv, pos, 0, opts) < 0)
        return CTL_EXIT_USAGE;
    if (!opts[3].value)
        return ctl_usage_error("usage: report [--date D | --from D --to D] --out FILE.html");
    struct ctl_range range;
    int rc = ctl_parse_range(opts[0].value, opts[1].value, opts[2].value, today, &range);
    if (rc != 0)
        return rc;
    char title[64];
    if (range.days == 1)
        snprintf(title, sizeof title, "%s", opts[0].value ? opts[0].value : "today");
    else
        snprintf(title, sizeof title, "%s to %s", opts[1].value ? opts[1].value : "the first day",
                 opts[2].value ? opts[2].value : "today");
    struct report r = {0};
    rules_default(&r.rules);
    if (store_flags_range_each(st, range.from_day, range.to_day, collect_flag, &r) < 0) {
        free(r.flags);
        free(r.reps);
        fprintf(stderr, "rackside-ctl: cannot read the flags\n");
        return EXIT_FAIL;
    }
    FILE *out = open_private(opts[3].value);
    if (!out) {
        fprintf(stderr, "rackside-ctl: cannot write %s: %s\n", opts[3].value, strerror(errno));
        rc = EXIT_FAIL;
    } else {
        write_report(out, st, &r, title);
        if (fclose(out) != 0) {
            fprintf(stderr, "rackside-ctl: cannot write %s: %s\n", opts[3].value, strerror(errno));
            rc = EXIT_FAIL;
        } else {
            printf("report of %d flag%s written to %s\n", r.n, r.n == 1 ? "" : "s", opts[3].value);
        }
    }
    free(r.flags);
    free(r.reps);
    return rc;
}
