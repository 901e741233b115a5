#include <stdio.h>

#include "load.h"
#include "offline.h"

#define US_PER_S 1000000

bool server_link_offline(const struct server_link *l, int64_t wall_us)
{
    if (!l || !l->enabled)
        return false;
    if (l->heard_wall_us <= 0)
        return true;
    return wall_us - l->heard_wall_us > (int64_t)l->limit_s * US_PER_S;
}

int64_t server_link_age_s(const struct server_link *l, int64_t wall_us)
{
    if (!l || l->heard_wall_us <= 0)
        return -1;
    int64_t age = (wall_us - l->heard_wall_us) / US_PER_S;
    return age < 0 ? 0 : age;
}

bool offline_hold_cap(const struct rules *rules, const struct server_link *l, int64_t wall_us,
                      struct progression_result *r)
{
    if (!server_link_offline(l, wall_us) || r->reason == PROGRESSION_OVERRIDE || r->best_g <= 0)
        return false;
    int32_t base_g = load_round_down(rules, r->best_g);
    if (r->cap_g <= base_g)
        return false;
    r->cap_g = base_g;
    r->step_g = 0;
    return true;
}

void offline_explain(const struct server_link *l, int64_t wall_us, char *out, size_t n)
{
    struct progression_words w;
    progression_words_english(&w, RACK_KG);
    progression_explain_offline(server_link_age_s(l, wall_us), &w, out, n);
}
