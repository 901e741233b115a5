/*
 * What rackside-ctl's commands share: dates and ranges of gym days as the operator types
 * them, and writing exports (ISO times, CSV fields that no spreadsheet runs as formulas,
 * the notice on exports that hold health answers).
 */
#ifndef CTL_OUT_H
#define CTL_OUT_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/session.h"

#define CTL_ISO_TIME 32
#define CTL_HEALTH_NOTICE                                                                          \
    "HEALTH DATA: this export holds pain scores, red-flag or enrolment-screen answers; keep "      \
    "it private"
#define CTL_HEALTH_NOTICE_CSV "# " CTL_HEALTH_NOTICE

/* "rackside-ctl: MSG" on stderr; returns 1, the status of a command that failed. */
int ctl_fail(const char *msg);

/* ISO 8601 local time with offset: 2025-03-01T18:03:00+01:00 */
void ctl_iso_time(int64_t wall_us, char out[CTL_ISO_TIME]);

/* One CSV field on stdout, then ',' or a newline after the last. */
void ctl_csv_field(const char *s, bool last);
/* Text a person typed: cleaned, and a leading = + - @ tab or CR guarded with an apostrophe. */
void ctl_csv_text(const char *s, bool last);
void ctl_csv_int(long long v, bool last);

/* "2025-03-01" -> its day number (the gym day of its noon); -1 when not a calendar date. */
int64_t ctl_parse_day(const char *s);

/* Gym days from_day..to_day inclusive, and how many. */
struct ctl_range {
    int64_t from_day, to_day;
    int days;
};
/*
 * --date D, or --from D and/or --to D (from defaults to the first day on record, to to
 * today); neither: today. 0 ok, else a usage error was printed and its exit status returned.
 */
int ctl_parse_range(const char *date, const char *from, const char *to, int64_t today,
                    struct ctl_range *out);

/* An export's options: --date D or --from D --to D, --format table|csv|json (where the
 * command offers formats) and --no-health. */
enum ctl_format { CTL_TABLE, CTL_CSV, CTL_JSON };
struct ctl_export {
    struct ctl_range range;
    enum ctl_format format; /* CTL_TABLE where the command has no --format */
    bool health;            /* false: --no-health, the answers left out */
};
/* 0 ok, else a usage error was printed and its exit status returned. */
int ctl_parse_export(int argc, char **argv, int64_t today, bool formats, struct ctl_export *out);
/* A JSON export's whole object, its first line saying whether it holds health answers and
 * the notice (the health notice; or that --no-health left them out, left_out; or that
 * there were none), then the rows as an array under key. */
struct json_object;
void ctl_json_export(bool health, bool left_out, const char *key, struct json_object *rows);

/* Flags that quote a health answer: pain reported, red flag, the enrolment screen's yes. */
bool ctl_is_health_flag(enum flag_kind kind);

#endif
