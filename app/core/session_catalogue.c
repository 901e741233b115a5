/*
 * A changed catalogue taken in while the kiosk runs, between sessions only: the exercises
 * a plan, a set and its cap refer to by index never change under a lifter.
 */
#include "flow.h"

bool session_catalogue_can_change(const struct session *s)
{
    return s->screen == SCREEN_ATTRACT && !s->logged_in && !s->hold.active;
}

bool session_set_exercises(struct session *s, const struct exercise *ex, int n)
{
    if (n <= 0 || !session_catalogue_can_change(s))
        return false;
    if (n > SESSION_MAX_EXERCISES)
        n = SESSION_MAX_EXERCISES;
    for (int i = 0; i < n; i++)
        s->exercises[i] = ex[i];
    s->n_exercises = n;
    flow_changed(s);
    return true;
}
