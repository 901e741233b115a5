/*
 * Catalogue files (core/catalogue.h): the input is a whole file, read once as figures.conf,
 * once as warmup.conf (against a figure), once as plates.conf and once as exercises.conf
 * (against routines).
 *
 * Invariants: a failure's message is non-empty, terminated, starts with the file's name
 * and names a line the file has (0 for the whole file); a file that loads has at least
 * one exercise or routine, every exercise's numbers are in their ranges and its names
 * terminated, every routine's steps point at steps that exist; plates that load are two
 * sets, each in its unit with a bar of 1..50 kg and an increase it can make.
 */
#include <string.h>

#include "../../app/core/catalogue.h"
#include "fuzz.h"

static int lines_in(const uint8_t *data, size_t size)
{
    int n = 1;
    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n';
    return n;
}

static void check_error(const struct catalogue_error *err, const char *file, int lines)
{
    FUZZ_CHECK(memchr(err->msg, '\0', sizeof err->msg) != NULL, "message not terminated");
    FUZZ_CHECK(err->msg[0] != '\0', "empty message");
    FUZZ_CHECK(strncmp(err->msg, file, strlen(file)) == 0, "message '%s' does not name %s",
               err->msg, file);
    FUZZ_CHECK(err->line >= 0 && err->line <= lines, "line %d of a %d-line file", err->line, lines);
}

static void check_loaded(const struct catalogue *c)
{
    for (int i = 0; i < c->n_exercises; i++) {
        const struct catalogue_exercise *e = &c->exercises[i];
        FUZZ_CHECK(memchr(e->name, '\0', sizeof e->name) && e->name[0], "exercise %d name", i);
        FUZZ_CHECK(e->target_reps >= 1 && e->target_reps <= 30, "target_reps %d", e->target_reps);
        FUZZ_CHECK(e->work_sets >= 1 && e->work_sets <= 10, "work_sets %d", e->work_sets);
        FUZZ_CHECK(e->step_max_mu[RACK_KG] >= 0 && e->step_max_mu[RACK_KG] <= 50000,
                   "step %d kg-mu", e->step_max_mu[RACK_KG]);
        FUZZ_CHECK(e->step_max_mu[RACK_LB] >= 0 && e->step_max_mu[RACK_LB] <= 110000,
                   "step %d lb-mu", e->step_max_mu[RACK_LB]);
        FUZZ_CHECK(catalogue_routine(c, e->warmup) != NULL, "exercise %d's routine", i);
    }
    for (int i = 0; i < c->n_routines; i++)
        for (int k = 0; k < c->routines[i].n_steps; k++)
            FUZZ_CHECK(c->routines[i].steps[k] >= 0 && c->routines[i].steps[k] < c->n_steps,
                       "routine %d step %d", i, k);
    for (int i = 0; i < c->n_steps; i++)
        FUZZ_CHECK(c->steps[i].seconds >= 5 && c->steps[i].figure >= 0 &&
                       c->steps[i].figure < c->n_figures,
                   "step %d", i);
    for (int i = 0; i < c->n_figures; i++) {
        const struct catalogue_figure *f = &c->figures[i];
        FUZZ_CHECK(f->n_frames >= 1 && f->n_frames <= CATALOGUE_FRAMES_MAX && f->cycle_ms > 0,
                   "figure %d: %d frames, %d ms", i, f->n_frames, f->cycle_ms);
        for (int k = 0; k < f->n_frames; k++)
            for (int j = 0; j < CATALOGUE_JOINTS; j++)
                FUZZ_CHECK(f->x[k][j] >= 0 && f->x[k][j] <= 1 && f->y[k][j] >= 0 && f->y[k][j] <= 1,
                           "figure %d frame %d joint %d out of the box", i, k, j);
    }
}

static void check_plates(const struct catalogue *c)
{
    for (int u = 0; u < 2; u++) {
        const struct plate_set *ps = &c->plates[u];
        FUZZ_CHECK(c->plates_line[u] > 0 && ps->unit == (enum rack_unit)u, "set %d", u);
        FUZZ_CHECK(ps->bar_g >= 1000 && ps->bar_g <= 50000, "set %d bar %d g", u, ps->bar_g);
        FUZZ_CHECK(ps->n_kinds >= 1 && plates_smallest_increment_g(ps) > 0, "set %d plates", u);
    }
}

static const char figures[] =
    "[cat-cow]\nseconds = 5\nframes = 2\nhead = 0.78,0.66 0.83,0.4\nneck = 0.7,0.55\n"
    "spine = 0.52,0.47 0.52,0.63\nhip = 0.34,0.55\nelbow.near = 0.7,0.7\nhand.near = 0.7,0.86\n"
    "knee.near = 0.34,0.86\nfoot.near = 0.1,0.86\nelbow.far = 0.7,0.7\nhand.far = 0.73,0.86\n"
    "knee.far = 0.37,0.86\nfoot.far = 0.13,0.86\n";

static const char routines[] = "[step a]\nname = A\ncue = a\nseconds = 60\nfigure = cat-cow\n"
                               "[routine lower]\nsteps = a\n[routine upper]\nsteps = a\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct catalogue c;
    struct catalogue_error err;
    int lines = lines_in(data, size);
    catalogue_init(&c);
    if (catalogue_parse_figures(&c, "figures.conf", (const char *)data, size, &err) != 0)
        check_error(&err, "figures.conf", lines);
    else
        check_loaded(&c);
    catalogue_init(&c);
    struct catalogue_error werr;
    FUZZ_CHECK(catalogue_parse_figures(&c, "f", figures, sizeof figures - 1, &werr) == 0, "%s",
               werr.msg);
    if (catalogue_parse_warmup(&c, "warmup.conf", (const char *)data, size, &err) != 0)
        check_error(&err, "warmup.conf", lines);
    else
        FUZZ_CHECK(c.n_routines > 0, "a warm-up file with no routine loaded");
    catalogue_init(&c);
    if (catalogue_parse_plates(&c, "plates.conf", (const char *)data, size, &err) != 0)
        check_error(&err, "plates.conf", lines);
    else
        check_plates(&c);
    catalogue_init(&c);
    FUZZ_CHECK(catalogue_parse_figures(&c, "f", figures, sizeof figures - 1, &werr) == 0, "%s",
               werr.msg);
    FUZZ_CHECK(catalogue_parse_warmup(&c, "w", routines, sizeof routines - 1, &werr) == 0, "%s",
               werr.msg);
    if (catalogue_parse_exercises(&c, "exercises.conf", (const char *)data, size, &err) != 0 ||
        catalogue_check(&c, "exercises.conf", &err) != 0) {
        check_error(&err, "exercises.conf", lines);
        return 0;
    }
    FUZZ_CHECK(c.n_exercises > 0, "an exercise file with no exercise loaded");
    check_loaded(&c);
    return 0;
}
