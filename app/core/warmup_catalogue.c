/* The warm-up a session leads, from the catalogue's routine (session.h). */
#include <stdio.h>
#include <string.h>

#include "session.h"

int session_warmup_from_catalogue(const struct catalogue *c, const char *routine,
                                  struct warmup_step *out, int max)
{
    const struct catalogue_routine *r = catalogue_routine(c, routine);
    if (!r)
        return 0;
    int n = 0;
    for (int i = 0; i < r->n_steps && n < max; i++, n++) {
        const struct catalogue_step *cs = &c->steps[r->steps[i]];
        struct warmup_step *w = &out[n];
        memset(w, 0, sizeof *w);
        snprintf(w->name, sizeof w->name, "%s", cs->name);
        snprintf(w->cue, sizeof w->cue, "%s", cs->cue);
        w->seconds = cs->seconds;
        w->figure = cs->figure;
        if (cs->figure >= 0 && cs->figure < c->n_figures)
            w->fig = c->figures[cs->figure];
        memcpy(w->names, cs->names, sizeof w->names);
        w->n_names = cs->n_names;
        memcpy(w->cues, cs->cues, sizeof w->cues);
        w->n_cues = cs->n_cues;
    }
    return n;
}
