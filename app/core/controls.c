/* Stable control names: one table, expanded for --controls and parsed for scenarios. */
#include <stdio.h>
#include <string.h>

#include "controls.h"
#include "prefs.h"

/*
 * One row per button family. A pattern with "%d" stands for first..last; the action's
 * argument is the number plus arg_offset (so "flag-1-yes" is question index 0).
 */
struct family {
    const char *pattern;
    enum action action;
    int first, last;
    int arg_offset;
    int nth; /* > 0: named by position among the buttons of the action (paging); -1: the
                number is that position (the Nth row shown, whatever it holds) */
    const char *what;
};

static const struct family families[] = {
    {"continue", ACTION_CHECKIN_DONE, 0, 0, 0, 0, "check-in: Continue"},
    {"pain-%d", ACTION_PAIN, 0, 10, 0, 0, "check-in: pain today 0..10"},
    {"flag-%d-yes", ACTION_RED_FLAG_YES, 1, RED_FLAG_QUESTIONS, -1, 0,
     "check-in: red-flag question N answered yes"},
    {"flag-%d-no", ACTION_RED_FLAG_NO, 1, RED_FLAG_QUESTIONS, -1, 0,
     "check-in: red-flag question N answered no"},
    {"done", ACTION_ADVICE_DONE, 0, 0, 0, 0, "advice: Done"},
    {"history-%d-yes", ACTION_SCREENING_YES, 1, SCREENING_QUESTIONS, -1, 0,
     "enrolment screen: history question N answered yes"},
    {"history-%d-no", ACTION_SCREENING_NO, 1, SCREENING_QUESTIONS, -1, 0,
     "enrolment screen: history question N answered no"},
    {"history-done", ACTION_SCREENING_DONE, 0, 0, 0, 0, "enrolment screen: Continue"},
    {"next", ACTION_WARMUP_NEXT, 0, 0, 0, 0, "warm-up: Next step"},
    {"skip-warmup", ACTION_WARMUP_SKIP, 0, 0, 0, 0, "warm-up: Skip (raises a flag)"},
    {"exercise-%d", ACTION_EXERCISE, 1, SESSION_MAX_EXERCISES, -1, 0, "plan: exercise N"},
    {"start-set", ACTION_START_SET, 0, 0, 0, 0, "plan: Start set"},
    {"declare", ACTION_DECLARE_LOAD, 0, 0, 0, 1, "plan: confirm the loaded weight (bench)"},
    {"stop-pain", ACTION_PAIN_STOP, 0, 0, 0, 0, "set: Pain - stop"},
    {"end-set", ACTION_END_SET, 0, 0, 0, 0, "set: End set"},
    {"rest-done", ACTION_REST_DONE, 0, 0, 0, 0, "rest: Ready"},
    {"ok", ACTION_STOP_DONE, 0, 0, 0, 0, "stop: OK (once the bar is racked)"},
    {"take-over", ACTION_TAKEOVER, 0, 0, 0, 0, "rack in use: take over from an idle lifter"},
    {"cancel-take-over", ACTION_TAKEOVER_CANCEL, 0, 0, 0, 0, "rack in use: leave it be"},
    {"logout", ACTION_LOGOUT, 0, 0, 0, 0, "Log out (trainer: back to the lifter)"},
    {"touch", ACTION_TOUCH, 0, 0, 0, 0, "a touch anywhere (keeps the session alive)"},
    {"pin-%d", ACTION_PIN_DIGIT, 0, 9, 0, 0, "trainer PIN: digit"},
    {"pin-back", ACTION_PIN_BACK, 0, 0, 0, 0, "trainer PIN: delete a digit"},
    {"open-%d", ACTION_FLAG_OPEN, 1, SESSION_MAX_FLAG_VIEWS, -1, -1,
     "flags: open the Nth flag shown on the page"},
    {"flags-earlier", ACTION_FLAGS_PAGE, 0, 0, 0, 1, "flags: previous page"},
    {"flags-later", ACTION_FLAGS_PAGE, 0, 0, 0, 2, "flags: next page"},
    {"day-earlier", ACTION_FLAGS_DAY, 0, 0, 1, 0, "flags: the day before"},
    {"day-later", ACTION_FLAGS_DAY, 0, 0, -1, 0, "flags: the day after"},
    {"ack-%d", ACTION_FLAG_ACK, 1, SESSION_ACK_NOTES, -1, 0,
     "flag detail: acknowledge with preset note N"},
    {"clear-%d", ACTION_CLEAR_DAY, 1, SESSION_CLEAR_REASONS, -1, 0,
     "flag detail: clear the lifter to lift today, with reason N"},
    {"back", ACTION_BACK, 0, 0, 0, 0, "Back"},
    {"my-language", ACTION_PREFS, 0, 0, 1, 0, "lifter: show my language and unit choices"},
    {"my-language-done", ACTION_PREFS, 0, 0, 0, 0, "lifter: close the language and unit choices"},
    {"language-%d", ACTION_PREF_LANG, 1, PREFS_LANGUAGES, -1, 0,
     "lifter: my language N (1 English, 2 Español, 3 Deutsch)"},
    {"unit-kg", ACTION_PREF_UNIT, 0, 0, 0, 0, "lifter: my loads in kg"},
    {"unit-lb", ACTION_PREF_UNIT, 0, 0, 1, 0, "lifter: my loads in lb"},
    {"text-normal", ACTION_PREF_TEXT, 0, 0, 0, 0, "lifter: my text at the normal size"},
    {"text-large", ACTION_PREF_TEXT, 0, 0, 1, 0, "lifter: my text large"},
    {"loads", ACTION_LOADS, 0, 0, 0, 0, "flags: open Loads"},
    {"change-pin", ACTION_PIN_CHANGE, 0, 0, 0, 0, "flags: change your own PIN"},
    {"lifter-%d", ACTION_LOAD_LIFTER, 1, SESSION_MAX_LIFTERS, -1, -1,
     "loads: the Nth lifter shown; enrol: the Nth member found shown"},
    {"lifters-earlier", ACTION_LIFTERS_PAGE, 0, 0, 0, 1, "loads, enrol: the lifters before"},
    {"lifters-later", ACTION_LIFTERS_PAGE, 0, 0, 0, 2, "loads, enrol: the lifters after"},
    {"load-exercise-%d", ACTION_LOAD_EXERCISE, 1, SESSION_MAX_EXERCISES, -1, 0,
     "loads: exercise N"},
    {"start-load", ACTION_LOAD_KIND, 0, 0, 0, 0, "loads: set a start load"},
    {"today-cap", ACTION_LOAD_KIND, 0, 0, 1, 0, "loads: lift today's cap"},
    {"load-minus-10", ACTION_LOAD_STEP, 0, 0, -10000, 0, "loads: take off 10 kg"},
    {"load-minus-2.5", ACTION_LOAD_STEP, 0, 0, -2500, 0, "loads: take off 2.5 kg"},
    {"load-plus-2.5", ACTION_LOAD_STEP, 0, 0, 2500, 0, "loads: add 2.5 kg"},
    {"load-plus-10", ACTION_LOAD_STEP, 0, 0, 10000, 0, "loads: add 10 kg"},
    {"reason-%d", ACTION_LOAD_REASON, 1, SESSION_LOAD_REASONS, -1, 0, "loads: reason N"},
    {"save", ACTION_LOAD_SAVE, 0, 0, 0, 0, "loads: Save"},
    {"load-next", ACTION_LOAD_NEXT, 0, 0, 0, 0, "loads: Next (from who and what to how much)"},
    {"filter-kind", ACTION_FLAGS_FILTER, 0, 0, FILTER_KIND, 0, "flags: the next kind of flag"},
    {"filter-severity", ACTION_FLAGS_FILTER, 0, 0, FILTER_SEVERITY, 0, "flags: the next severity"},
    {"filter-lifter", ACTION_FLAGS_FILTER, 0, 0, FILTER_LIFTER, 0, "flags: the next lifter"},
    {"story", ACTION_STORY, 0, 0, 0, 0, "flag detail: the lifter's last 8 weeks"},
    {"story-exercise-%d", ACTION_STORY_EXERCISE, 1, STORY_MAX_EXERCISES, -1, 0,
     "story: exercise N"},
    {"type-note", ACTION_NOTE, 0, 0, 0, 0, "flag detail: acknowledge with a typed note"},
    {"type-reason", ACTION_NOTE, 0, 0, 1, 0,
     "flag detail: clear the lifter to lift with a typed reason"},
    {"key-%d", ACTION_NOTE_KEY, 1, NOTE_KEYS, -1, 0, "note: the Nth key of the layer shown"},
    {"key-space", ACTION_NOTE_SPACE, 0, 0, 0, 0, "note: a space"},
    {"key-erase", ACTION_NOTE_ERASE, 0, 0, 0, 0, "note: erase the last character"},
    {"key-letters", ACTION_NOTE_LAYER, 0, 0, 0, 0, "note: the letter keys"},
    {"key-symbols", ACTION_NOTE_LAYER, 0, 0, 1, 0, "note: digits and punctuation"},
    {"key-accents", ACTION_NOTE_LAYER, 0, 0, 2, 0, "note: accented letters (á ñ ü ß, capitals)"},
    {"note-save", ACTION_NOTE_SAVE, 0, 0, 0, 0, "note: acknowledge the flag with the note"},
    /* enrolment at the rack */
    {"enrol", ACTION_ENROL, 0, 0, 0, 0, "flags: open Enrol (give a new badge); enrol: another"},
    {"enrol-new", ACTION_ENROL_TO, 0, 0, 0, 0, "enrol: the badge is for a new member"},
    {"enrol-existing", ACTION_ENROL_TO, 0, 0, 1, 0, "enrol: the badge is for a member enrolled"},
    {"enrol-find", ACTION_ENROL_FIND, 0, 0, 0, 0, "enrol: find members by what is typed"},
    {"enrol-save", ACTION_ENROL_SAVE, 0, 0, 0, 0, "enrol: give the badge"},
    {"enrol-loads", ACTION_ENROL_LOADS, 0, 0, 0, 0,
     "enrol: set the new member's start loads (Loads page)"},
    {"take-badge", ACTION_BADGE_TAKE, 0, 0, 0, 0,
     "enrol or story: take a lost badge away; enrol: the member found's badges"},
    {"badge-%d", ACTION_BADGE_PICK, 1, ENROL_BADGES_MAX, -1, 0,
     "take a badge away: the member's Nth badge"},
    {"take-badge-confirm", ACTION_BADGE_REMOVE, 0, 0, 0, 0, "take a badge away: yes, take it away"},
    /* the Calibrate page */
    {"calibrate", ACTION_CALIBRATE, 0, 0, 0, 0,
     "flags: open Calibrate (the plate's zero and scale)"},
    {"cal-weight-minus-5", ACTION_CAL_WEIGHT, 0, 0, -5, 0,
     "calibrate: known weight 5 kg or lb less"},
    {"cal-weight-minus-1", ACTION_CAL_WEIGHT, 0, 0, -1, 0,
     "calibrate: known weight 1 kg or lb less"},
    {"cal-weight-plus-1", ACTION_CAL_WEIGHT, 0, 0, 1, 0, "calibrate: known weight 1 kg or lb more"},
    {"cal-weight-plus-5", ACTION_CAL_WEIGHT, 0, 0, 5, 0, "calibrate: known weight 5 kg or lb more"},
    {"cal-sides", ACTION_CAL_MIDDLE, 0, 0, 0, 0,
     "calibrate: the weight over the left, then the right"},
    {"cal-middle", ACTION_CAL_MIDDLE, 0, 0, 1, 0, "calibrate: the weight once in the middle"},
    {"capture", ACTION_CAL_CAPTURE, 0, 0, 0, 0,
     "calibrate: take the step's reading (plate steady)"},
    {"cal-save", ACTION_CAL_SAVE, 0, 0, 0, 0, "calibrate: Save the result into [plate]"},
};

#define N_FAMILIES ((int)(sizeof families / sizeof families[0]))

static int family_size(const struct family *f)
{
    return f->last - f->first + 1;
}

int control_count(void)
{
    int n = 0;
    for (int i = 0; i < N_FAMILIES; i++)
        n += family_size(&families[i]);
    return n;
}

void control_name(int index, char *buf, size_t n, const char **what)
{
    for (int i = 0; i < N_FAMILIES; i++) {
        const struct family *f = &families[i];
        if (index < family_size(f)) {
            if (strstr(f->pattern, "%d"))
                snprintf(buf, n, f->pattern, f->first + index);
            else
                snprintf(buf, n, "%s", f->pattern);
            *what = f->what;
            return;
        }
        index -= family_size(f);
    }
    snprintf(buf, n, "?");
    *what = "";
}

static bool match(const struct family *f, const char *name, int *number)
{
    const char *pct = strstr(f->pattern, "%d");
    if (!pct) {
        *number = f->first;
        return strcmp(name, f->pattern) == 0;
    }
    size_t head = (size_t)(pct - f->pattern);
    const char *tail = pct + 2;
    if (strncmp(name, f->pattern, head) != 0)
        return false;
    const char *p = name + head;
    int v = 0, digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 4) {
        v = v * 10 + (*p - '0');
        p++;
        digits++;
    }
    if (digits == 0 || strcmp(p, tail) != 0 || v < f->first || v > f->last)
        return false;
    *number = v;
    return true;
}

int control_parse(const char *name, struct control *out)
{
    for (int i = 0; i < N_FAMILIES; i++) {
        const struct family *f = &families[i];
        int number;
        if (!match(f, name, &number))
            continue;
        out->action = f->action;
        out->nth = f->nth < 0 ? number : f->nth;
        out->arg = strstr(f->pattern, "%d") ? number + f->arg_offset : f->arg_offset;
        return 0;
    }
    return -1;
}
