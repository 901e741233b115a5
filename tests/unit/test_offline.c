/* The offline rule (core/offline.h) as a table: a rack out of touch with the gym's server
 * for longer than its limit allows no step above the base it knows; a rack in touch, or
 * one that belongs to no gym, is left alone; overrides, start loads and caps already at
 * or under the base are kept. (Through the kiosk: tests/e2e/server_sync.sh.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "../../app/core/offline.h"
#include "../../app/core/progression.h"
#include "../../app/core/rules.h"

#define S  1000000LL /* µs */
#define T0 (1764000000LL * S)

struct link_case {
    const char *what;
    bool enabled;
    int64_t heard_ago_s; /* -1: never */
    int limit_s;
    bool offline;
    int64_t age_s;
};

static const struct link_case link_cases[] = {
    {"a rack alone is never offline", false, -1, 300, false, -1},
    {"a rack alone, even long unheard", false, 99999, 300, false, 99999},
    {"never synced: offline from the start", true, -1, 300, true, -1},
    {"heard a second ago", true, 1, 300, false, 1},
    {"heard exactly at the limit", true, 300, 300, false, 300},
    {"one second past the limit", true, 301, 300, true, 301},
    {"a day unheard", true, 86400, 300, true, 86400},
    {"a limit of ten seconds", true, 11, 10, true, 11},
    {"heard in the future (clock stepped back): in touch", true, -2, 300, false, 0},
};

static struct server_link link_of(const struct link_case *c)
{
    struct server_link l = {.enabled = c->enabled, .limit_s = c->limit_s};
    if (c->heard_ago_s == -2)
        l.heard_wall_us = T0 + 5 * S;
    else if (c->heard_ago_s >= 0)
        l.heard_wall_us = T0 - c->heard_ago_s * S;
    return l;
}

static void offline_follows_the_last_sync(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof link_cases / sizeof link_cases[0]; i++) {
        const struct link_case *c = &link_cases[i];
        struct server_link l = link_of(c);
        if (server_link_offline(&l, T0) != c->offline)
            fail_msg("%s: offline %d, wanted %d", c->what, !c->offline, c->offline);
        if (server_link_age_s(&l, T0) != c->age_s)
            fail_msg("%s: age %lld, wanted %lld", c->what, (long long)server_link_age_s(&l, T0),
                     (long long)c->age_s);
    }
}

struct cap_case {
    const char *what;
    bool offline;
    enum progression_reason reason;
    int32_t cap_g, best_g;
    int32_t want_g;
    bool held;
};

static const struct cap_case cap_cases[] = {
    {"in touch: the step stands", false, PROGRESSION_STEP, 102500, 100000, 102500, false},
    {"offline: the step comes off", true, PROGRESSION_STEP, 102500, 100000, 100000, true},
    {"offline: a base between plates rounds down", true, PROGRESSION_STEP, 103750, 101250, 100000,
     true},
    {"offline: the 14-day limit above the base comes down too", true, PROGRESSION_HOLD_RECENT,
     101250, 100000, 100000, true},
    {"offline: no step anyway", true, PROGRESSION_HOLD_STANDING, 100000, 100000, 100000, false},
    {"offline: away, 90 % of the base", true, PROGRESSION_AWAY_SHORT, 90000, 100000, 90000, false},
    {"offline: pain today", true, PROGRESSION_PAIN_TODAY, 90000, 100000, 90000, false},
    {"offline: a trainer's override holds", true, PROGRESSION_OVERRIDE, 110000, 100000, 110000,
     false},
    {"offline: the start load (no base known)", true, PROGRESSION_START_LOAD, 40000, 0, 40000,
     false},
    {"offline: the empty bar", true, PROGRESSION_EMPTY_BAR, 20000, 0, 20000, false},
    {"offline: no lifting stays none", true, PROGRESSION_NO_LIFT, 0, 100000, 0, false},
};

static void offline_takes_the_step_off(void **state)
{
    (void)state;
    struct rules rules;
    rules_default(&rules);
    for (size_t i = 0; i < sizeof cap_cases / sizeof cap_cases[0]; i++) {
        const struct cap_case *c = &cap_cases[i];
        struct server_link l = {
            .enabled = true, .limit_s = 300, .heard_wall_us = c->offline ? T0 - 3600 * S : T0 - S};
        struct progression_result r = {
            .cap_g = c->cap_g, .best_g = c->best_g, .reason = c->reason, .step_g = 2500};
        bool held = offline_hold_cap(&rules, &l, T0, &r);
        if (held != c->held || r.cap_g != c->want_g)
            fail_msg("%s: cap %d (held %d), wanted %d (held %d)", c->what, r.cap_g, held, c->want_g,
                     c->held);
        if (held && r.step_g != 0)
            fail_msg("%s: a held cap still names a step", c->what);
    }
}

static void the_reason_says_why(void **state)
{
    (void)state;
    char out[PROGRESSION_EXPLAIN_MAX];
    struct server_link l = {.enabled = true, .limit_s = 300, .heard_wall_us = T0 - 720 * S};
    offline_explain(&l, T0, out, sizeof out);
    assert_non_null(strstr(out, "12 min"));
    assert_non_null(strstr(out, "no step"));
    l.heard_wall_us = 0;
    offline_explain(&l, T0, out, sizeof out);
    assert_non_null(strstr(out, "Not yet in touch"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(offline_follows_the_last_sync),
        cmocka_unit_test(offline_takes_the_step_off),
        cmocka_unit_test(the_reason_says_why),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
