/*
 * plate-eval: runs the kiosk's load filter over generated visits and scores it against
 * their truth (tests/unit/plate_score.h).
 *
 *   plate-eval [--from SEED] [--count N] [--rate 10|80]
 *
 * Defaults: the held-out seeds (1000 up), 24 visits at each rate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/load.h"
#include "../tests/unit/plate_score.h"

#define BODY_MIN_G 20000 /* as the session: less is not a person */

/* How the kiosk used the filter: stable stretches are runs of stable readings, taken at
 * their first reading; events follow the session's rule on every reading. */
struct run {
    struct load_filter f;
    struct rules rules;
    struct plate_found *found;
    bool in_stable;
    bool on, held;
    int32_t body_g;
};

static void emit(void *ctx, const struct plate_sample *s, const struct plate_model_truth *truth)
{
    (void)truth;
    struct run *r = ctx;
    struct plate_found *fd = r->found;
    load_filter_push(&r->f, s);
    struct load_reading rd;
    load_filter_read(&r->f, &rd);
    if (rd.stable && !r->in_stable && fd->n_stretch < PLATE_SCORE_MAX_FOUND) {
        struct score_stretch *st = &fd->stretch[fd->n_stretch++];
        st->start_us = st->stable_at_us = rd.t_us;
        st->total_g = rd.total_g;
        st->left_pct = rd.total_g > 0 ? 100.0 * rd.side_g[PLATE_LEFT] / rd.total_g : NAN;
    }
    if (rd.stable && fd->n_stretch > 0)
        fd->stretch[fd->n_stretch - 1].end_us = rd.t_us;
    r->in_stable = rd.stable;

    enum load_event ev = LOAD_EVENT_NONE;
    if (rd.stable && !r->on && rd.total_g >= BODY_MIN_G) {
        r->on = true;
        r->body_g = rd.total_g;
        ev = LOAD_EVENT_STEP_ON;
    } else if (rd.stable && r->on && rd.total_g < BODY_MIN_G) {
        r->on = false;
        r->held = false;
        ev = LOAD_EVENT_STEP_OFF;
    } else if (r->on) {
        bool held = rd.total_g - r->body_g >= r->rules.unrack_min_g;
        if (held != r->held)
            ev = held ? LOAD_EVENT_UNRACK : LOAD_EVENT_RERACK;
        r->held = held;
    }
    if (ev != LOAD_EVENT_NONE && fd->n_events < PLATE_SCORE_MAX_FOUND)
        fd->event[fd->n_events++] = (struct score_event){.t_us = rd.t_us, .type = ev};
}

int main(int argc, char **argv)
{
    unsigned long long from = PLATE_SEED_HELD_OUT;
    int count = 24, only_rate = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--from") == 0)
            from = strtoull(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--count") == 0)
            count = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--rate") == 0)
            only_rate = atoi(argv[i + 1]);
    }
    static const int rates[] = {80, 10};
    for (int k = 0; k < 2; k++) {
        if (only_rate && rates[k] != only_rate)
            continue;
        static struct plate_score sc;
        memset(&sc, 0, sizeof sc);
        for (int i = 0; i < count; i++) {
            static struct plate_visit v;
            static struct plate_found found;
            static struct run r;
            memset(&found, 0, sizeof found);
            memset(&r, 0, sizeof r);
            plate_visit_generate(&v, from + (unsigned long long)i, rates[k]);
            rules_default(&r.rules);
            load_filter_init(&r.f, &v.cfg.cal, &r.rules);
            r.found = &found;
            plate_visit_run(&v, emit, &r);
            plate_score_visit(&sc, &v, &found);
        }
        char label[64];
        snprintf(label, sizeof label, "%d samples/s, seeds %llu..%llu", rates[k], from,
                 from + (unsigned long long)count - 1);
        plate_score_print(stdout, label, &sc);
    }
    return 0;
}
