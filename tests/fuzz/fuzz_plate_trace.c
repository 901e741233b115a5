/*
 * Plate traces: the input is a recorded trace, read line by line as analyze-plate does,
 * and every sample goes through the kiosk's load filter.
 *
 * Invariants: a line is taken (1), skipped (0) or refused (-1) with a message, terminated
 * within PLATE_TRACE_ERR_MAX; a taken sample's time rises and its counts are 24-bit; the
 * filter's readings keep their fields in range (stable only without a fault, a fault
 * always explained), and stretches and events come out in order of time.
 */
#include <stdbool.h>
#include <string.h>

#include "../../app/dev/plate_trace.h"
#include "fuzz.h"

#define LINE_MAX_CHARS 256

static void check_reading(const struct load_reading *rd)
{
    FUZZ_CHECK(!(rd->stable && rd->fault), "stable while faulted");
    FUZZ_CHECK(rd->fault == (rd->fault_msg[0] != '\0'), "fault %d, message \"%s\"", rd->fault,
               rd->fault_msg);
    FUZZ_CHECK(memchr(rd->fault_msg, '\0', sizeof rd->fault_msg) != NULL, "message unterminated");
    FUZZ_CHECK(rd->state >= LOAD_EMPTY && rd->state <= LOAD_BAR_HELD, "state %d", rd->state);
    FUZZ_CHECK(rd->bar_held == (rd->state == LOAD_BAR_HELD), "bar_held against state");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct load_calibration cal = {.offset = {83000, -61000},
                                                .g_per_count = {0.0493, 0.0521}};
    struct rules rules;
    rules_default(&rules);
    static struct load_filter f;
    load_filter_init(&f, &cal, &rules);
    char line[LINE_MAX_CHARS + 1];
    int64_t prev_us = INT64_MIN, last_event_us = INT64_MIN, last_end_us = INT64_MIN;
    bool header = true;
    size_t at = 0;
    while (at < size) {
        const uint8_t *nl = memchr(data + at, '\n', size - at);
        size_t len = nl ? (size_t)(nl - (data + at)) : size - at;
        size_t copy = len < LINE_MAX_CHARS ? len : LINE_MAX_CHARS;
        memcpy(line, data + at, copy);
        line[copy] = '\0';
        at += len + 1;
        char err[PLATE_TRACE_ERR_MAX];
        memset(err, 'x', sizeof err);
        err[0] = '\0';
        struct plate_sample s;
        int got = plate_trace_parse_line(line, header, prev_us, &s, err);
        FUZZ_CHECK(got >= -1 && got <= 1, "returned %d", got);
        FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL, "error unterminated");
        if (got < 0) {
            FUZZ_CHECK(err[0] != '\0', "refused \"%s\" without a word", line);
            break; /* analyze-plate stops at the first bad line */
        }
        header = false;
        if (got == 0)
            continue;
        FUZZ_CHECK(s.t_us > prev_us, "time went from %lld to %lld", (long long)prev_us,
                   (long long)s.t_us);
        for (int side = 0; side < PLATE_SIDES; side++)
            FUZZ_CHECK(s.raw[side] >= -8388608 && s.raw[side] <= 8388607, "count %d", s.raw[side]);
        prev_us = s.t_us;
        load_filter_push(&f, &s);
        struct load_reading rd;
        load_filter_read(&f, &rd);
        check_reading(&rd);
        struct load_event_at ev;
        while (load_filter_take_event(&f, &ev)) {
            FUZZ_CHECK(ev.type >= LOAD_EVENT_STEP_ON && ev.type <= LOAD_EVENT_RERACK, "type %d",
                       ev.type);
            FUZZ_CHECK(ev.decided_us >= last_event_us, "events out of order");
            last_event_us = ev.decided_us;
        }
        struct load_stretch st;
        while (load_filter_take_stretch(&f, &st)) {
            FUZZ_CHECK(st.end_us >= last_end_us, "stretches out of order");
            last_end_us = st.end_us;
        }
    }
    load_filter_finish(&f);
    return 0;
}
