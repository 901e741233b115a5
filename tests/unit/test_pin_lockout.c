/*
 * Trainer PIN lockout (issue 7): N wrong PINs in a window lock trainer access for a while,
 * for every badge; the old code gave each new badge tap another try for ever. The numbers
 * are settings (issue 11: 5 tries, 15 min window, 5 min lock by default); each case gives
 * its own and a script of events at minutes and what the lockout must say after each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../app/core/pin_lockout.h"

#define US_PER_MIN (60LL * 1000000)
#define END        (-1)

enum ev { WRONG, GOOD, CHECK };

struct step {
    double min;
    enum ev ev;
    bool starts;      /* WRONG: this failure starts the lockout */
    bool locked;      /* after the event */
    int seconds_left; /* when locked; -1 any */
};

static const struct {
    const char *name;
    int tries;
    double window_min, lock_min;
    struct step steps[24];
} cases[] = {
    /* the defaults (rules_default): 5 tries in 15 min lock for 5 min; boundaries */
    {"defaults: four wrong do not lock",
     5,
     15,
     5,
     {{0, WRONG},
      {1, WRONG},
      {2, WRONG},
      {3, WRONG, false, false, 0},
      {100, CHECK, false, false, 0},
      {END}}},
    {"defaults: the fifth locks for 5 minutes, unlocked at exactly 5",
     5,
     15,
     5,
     {{0, WRONG},
      {1, WRONG},
      {2, WRONG},
      {3, WRONG},
      {4, WRONG, true, true, 300},
      {8.99, CHECK, false, true, 1},
      {9, CHECK, false, false, 0},
      {END}}},
    {"defaults: a failure exactly 15 minutes old is forgotten",
     5,
     15,
     5,
     {{0, WRONG}, {1, WRONG}, {2, WRONG}, {3, WRONG}, {15, WRONG, false, false, 0}, {END}}},
    {"defaults: one just inside 15 minutes still counts",
     5,
     15,
     5,
     {{0, WRONG}, {1, WRONG}, {2, WRONG}, {3, WRONG}, {14.99, WRONG, true, true, 300}, {END}}},
    {"two tries, one-minute lock",
     2,
     15,
     1,
     {{0, WRONG, false, false, 0},
      {0.5, WRONG, true, true, 60},
      {1.5, CHECK, false, false, 0},
      {END}}},
    {"tries below 1 act as 1", 0, 15, 5, {{0, WRONG, true, true, 300}, {END}}},
    {"tries above the most allowed act as the most",
     1000,
     60,
     5,
     {{0, WRONG},
      {0.1, WRONG},
      {0.2, WRONG},
      {0.3, WRONG},
      {0.4, WRONG},
      {0.5, WRONG},
      {0.6, WRONG},
      {0.7, WRONG},
      {0.8, WRONG},
      {0.9, WRONG},
      {1.0, WRONG},
      {1.1, WRONG},
      {1.2, WRONG},
      {1.3, WRONG},
      {1.4, WRONG},
      {1.5, WRONG},
      {1.6, WRONG},
      {1.7, WRONG},
      {1.8, WRONG, false, false, 0},
      {1.9, WRONG, true, true, 300},
      {END}}},
    /* a gym that sets a 15 minute lock */
    {"five wrong in a minute lock for 15 minutes",
     5,
     15,
     15,
     {{0, WRONG, false, false, 0},
      {0.1, WRONG, false, false, 0},
      {0.2, WRONG, false, false, 0},
      {0.3, WRONG, false, false, 0},
      {0.4, WRONG, true, true, 900},
      {10, CHECK, false, true, 324},
      {15.39, CHECK, false, true, 1},
      {15.4, CHECK, false, false, 0},
      {END}}},
    {"tries while locked buy nothing and do not extend it",
     5,
     15,
     15,
     {{0, WRONG},
      {1, WRONG},
      {2, WRONG},
      {3, WRONG},
      {4, WRONG, true, true, 900},
      {5, WRONG, false, true, 840},
      {18.9, WRONG, false, true, 6},
      {19, CHECK, false, false, 0},
      {END}}},
    {"after the lockout the count starts again",
     5,
     15,
     15,
     {{0, WRONG},
      {1, WRONG},
      {2, WRONG},
      {3, WRONG},
      {4, WRONG, true, true, 900},
      {20, WRONG},
      {21, WRONG},
      {22, WRONG},
      {23, WRONG, false, false, 0},
      {24, WRONG, true, true, 900},
      {END}}},
    {"failures older than 15 minutes are forgotten",
     5,
     15,
     15,
     {{0, WRONG},
      {5, WRONG},
      {10, WRONG},
      {14, WRONG},
      {15.5, WRONG, false, false, 0},
      {20.5, WRONG, false, false, 0},
      {21, WRONG, true, true, 900},
      {END}}},
    {"a good PIN forgets the failures before it",
     5,
     15,
     15,
     {{0, WRONG},
      {1, WRONG},
      {2, WRONG},
      {3, WRONG},
      {3.5, GOOD, false, false, 0},
      {4, WRONG},
      {5, WRONG},
      {6, WRONG},
      {7, WRONG, false, false, 0},
      {8, WRONG, true, true, 900},
      {END}}},
    {"no failures, never locked",
     5,
     15,
     15,
     {{0, CHECK, false, false, 0}, {100, GOOD, false, false, 0}, {END}}},
};

static void lockout_cases(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct pin_lockout l;
        pin_lockout_init(&l, cases[c].tries, (int64_t)(cases[c].window_min * US_PER_MIN),
                         (int64_t)(cases[c].lock_min * US_PER_MIN));
        for (int i = 0; cases[c].steps[i].min != END; i++) {
            const struct step *s = &cases[c].steps[i];
            int64_t t_us = (int64_t)(s->min * US_PER_MIN);
            bool starts = false;
            if (s->ev == WRONG)
                starts = pin_lockout_failed(&l, t_us);
            else if (s->ev == GOOD)
                pin_lockout_succeeded(&l);
            int left = -2;
            bool locked = pin_lockout_locked(&l, t_us, &left);
            if (starts != s->starts || locked != s->locked ||
                (s->locked && s->seconds_left >= 0 && left != s->seconds_left))
                fail_msg("%s, step %d: starts %d locked %d left %d", cases[c].name, i, starts,
                         locked, left);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lockout_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
