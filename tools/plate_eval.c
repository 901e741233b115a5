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
            static struct plate_score_run r;
            memset(&found, 0, sizeof found);
            memset(&r, 0, sizeof r);
            plate_visit_generate(&v, from + (unsigned long long)i, rates[k]);
            if (getenv("PLATE_EVAL_SWAY")) /* to see what sway alone costs */
                v.cfg.sway = atof(getenv("PLATE_EVAL_SWAY"));
            struct rules rules;
            rules_default(&rules);
            load_filter_init(&r.f, &v.cfg.cal, &rules);
            r.found = &found;
            plate_visit_run(&v, plate_score_emit, &r);
            load_filter_finish(&r.f);
            plate_score_drain(&r);
            plate_score_visit(&sc, &v, &found);
        }
        char label[64];
        snprintf(label, sizeof label, "%d samples/s, seeds %llu..%llu", rates[k], from,
                 from + (unsigned long long)count - 1);
        plate_score_print(stdout, label, &sc);
    }
    return 0;
}
