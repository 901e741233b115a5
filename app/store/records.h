/*
 * The operator's records: exports over a range of gym days, the database's upkeep (backup,
 * restore, vacuum) and the retention of health answers. Used by rackside-ctl, and by the
 * kiosk for the daily purge of old health answers.
 */
#ifndef STORE_RECORDS_H
#define STORE_RECORDS_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

#define STORE_FILE_MODE             0600         /* the database, its WAL and every backup */
#define STORE_HEALTH_RETENTION_DAYS 365          /* pain and red-flag answers kept this long */
#define STORE_REPLACED_SUFFIX       ".replaced-" /* + a timestamp: the database a restore replaced */

/* Only the service user reads the database: the file, its WAL and shared memory 0600.
 * Missing WAL files, and files another user owns (their mode is theirs to set), are left
 * as they are. 0 ok, -1 with err. */
int store_restrict_files(const char *db_path, char err[STORE_ERR_MAX]);

/* A check-in as exported. pain -1: not known (never answered, or removed by retention). */
struct checkin_row {
    int64_t key;
    int64_t started_wall_us, ended_wall_us; /* ended 0: not logged out */
    char member[NAME_MAX_LEN];
    int pain;
    unsigned red_flags; /* bit i: question i answered yes */
    int32_t body_g;     /* 0 not weighed */
};

/* Gym days from_day..to_day inclusive. Each returns how many rows it gave fn, or -1. */
int store_checkins_each(struct store *st, int64_t from_day, int64_t to_day,
                        void (*fn)(void *ctx, const struct checkin_row *row), void *ctx);
int store_flags_range_each(struct store *st, int64_t from_day, int64_t to_day,
                           void (*fn)(void *ctx, const struct flag_view *flag, int rep), void *ctx);
/* One member's sets (member_id 0: everyone's), oldest first. */
int store_member_sets_each(struct store *st, int64_t member_id, int64_t from_day, int64_t to_day,
                           void (*fn)(void *ctx, const struct set_row *row), void *ctx);

/* An enrolment screen as exported (core/screening.h). */
struct screening_row {
    int64_t t_wall_us;
    char member[NAME_MAX_LEN];
    uint32_t yes_mask;       /* bit i: question i yes; SCREENING_YES_REMOVED: a yes, which purged */
    int64_t cleared_wall_us; /* 0: not cleared */
    char cleared_by[NAME_MAX_LEN];
    char reason[256]; /* the clearance's words, "" none or purged */
};
/* The enrolment screens answered on gym days from_day..to_day, oldest first; how many, -1. */
int store_screenings_each(struct store *st, int64_t from_day, int64_t to_day,
                          void (*fn)(void *ctx, const struct screening_row *row), void *ctx);

/* A trainer's action (trainer_actions), as the operator exports them (store/actions.c). */
struct action_row {
    int64_t t_wall_us;
    char by[NAME_MAX_LEN];     /* "" the operator, unnamed */
    char member[NAME_MAX_LEN]; /* the lifter it is about */
    char kind[16];             /* ack, clear_day, clear_screen, start_load, override, enrol */
    char exercise[32];         /* "" none */
    int32_t load_g;            /* 0 none */
    char note[NOTE_MAX_LEN];
    bool health; /* its words may speak of health (a health flag's note, a clearance) */
};
int store_actions_each(struct store *st, int64_t from_day, int64_t to_day,
                       void (*fn)(void *ctx, const struct action_row *row), void *ctx);

/* One plate calibration in the audit (store/calibrations.c): the trainer's Calibrate page
 * (source "kiosk", by_member_id the trainer) or rackside-ctl calibrate (source "ctl", by
 * the operator's login). result: "saved", or "not saved: why". */
struct calibration_audit {
    int64_t t_wall_us;
    char uid[40];         /* read back only: the record's id on the gym's server */
    int64_t by_member_id; /* 0: not a member (the command line) */
    char by[NAME_MAX_LEN];
    char source[8];
    int32_t known_g; /* the reference weight */
    bool middle;     /* set once in the middle rather than over each side */
    struct load_calibration old_cal, new_cal;
    bool checked; /* a check reading was taken: check_error_g is its error */
    double check_error_g;
    char result[NOTE_MAX_LEN];
};
/* Records one calibration; 0 ok, -1 with err. */
int store_add_calibration(struct store *st, const struct calibration_audit *a,
                          char err[STORE_ERR_MAX]);
/* The calibration of this rack's the gym's server gave back (a restored backup, a new SD
 * card: sync/pull.c marks one newer than every calibration saved here), taken once: 1 with
 * cal and its uid, to be put into [plate] of the settings file; 0 none (or one saved here
 * since is newer); -1 with err. */
int store_take_pulled_calibration(struct store *st, struct load_calibration *cal, char uid[40],
                                  char err[STORE_ERR_MAX]);
/* The calibrations made over gym days from_day..to_day, oldest first; how many, -1 error. */
int store_calibrations_each(struct store *st, int64_t from_day, int64_t to_day,
                            void (*fn)(void *ctx, const struct calibration_audit *row), void *ctx);

/* The member a badge belongs to: its id, 0 when nobody has it, -1 on error. */
int64_t store_badge_owner(struct store *st, const char *uid);

/*
 * Copies the database to dest_path with SQLite's online backup API, in one read
 * transaction: the kiosk keeps writing (WAL) while it runs. dest_path must not exist; it
 * is created 0600. 0 ok, -1 with err (and no file left behind).
 */
int store_backup_online(struct store *st, const char *dest_path, char err[STORE_ERR_MAX]);

/*
 * Replaces the database's content with src_path's. Refuses a file that is not a rackside
 * database, fails PRAGMA integrity_check or has a schema newer than this rackside; keeps
 * what it replaces as a backup named in kept_path (db + STORE_REPLACED_SUFFIX + time);
 * migrates an older schema forward. 0 ok, -1 with err (the database untouched).
 */
int store_restore(struct store *st, const char *src_path, char *kept_path, size_t kept_n,
                  char err[STORE_ERR_MAX]);

/* VACUUM; the file's size before and after in bytes. 0 ok, -1 with err. */
int store_vacuum(struct store *st, int64_t *before_bytes, int64_t *after_bytes,
                 char err[STORE_ERR_MAX]);

/* What a purge of health answers removed. */
struct health_purge {
    int checkins;   /* check-ins whose pain and red-flag answers were removed */
    int days;       /* gym days whose highest pain and red flags were removed */
    int flags;      /* pain-reported and red-flag flags deleted, with their acknowledgements */
    int reasons;    /* trainers' words about health removed, the actions kept: notes on the
                       health flags (the enrolment screens' included), day and screen
                       clearances' reasons */
    int screenings; /* enrolment screens deleted (a later one decides) or stripped of answers */
};

/*
 * Removes pain scores and red-flag answers recorded before before_wall_us: the check-ins'
 * answers, the gym days' summaries of them, and the flags that quote them. Sets, reps,
 * warm-ups, decisions (no lifting that day) and every other flag are training records and
 * stay. Deleted content is overwritten (secure_delete). 0 ok, -1 with err.
 *
 * Enrolment screens (core/screening.h) answered before the cut-off: one the member's later
 * screen replaces is deleted; the member's last one keeps its decision (when it was
 * answered, whether it had a yes, who cleared it and when: a yes not yet cleared still
 * keeps the lifter off the bar) and loses which questions had a yes (SCREENING_YES_REMOVED)
 * and, once the clearance is older than the cut-off too, the clearance's words. The
 * screening flags' details (which questions) are emptied; the flags stay for the trainers.
 *
 * Trainers' actions stay (who, when, what) but lose their words where those may speak of
 * health: notes on the flags above and on enrolment screens' flags (whenever written),
 * the reasons a day or a screen was cleared.
 */
int store_purge_health(struct store *st, int64_t before_wall_us, struct health_purge *out,
                       char err[STORE_ERR_MAX]);

/*
 * The kiosk's daily retention: removes what store_purge_health removes, for answers older
 * than days before now_wall_us, and logs how many (never the answers) on stderr.
 * 0 ok, -1 (logged) when the database refused.
 */
int store_apply_retention(struct store *st, int days, int64_t now_wall_us);

/*
 * When the kiosk applies it: at the first call (*next_us 0), then once a day on the
 * caller's clock t_us (the kiosk's monotonic time; *next_us keeps when it is due next),
 * whatever the wall clock does. 1 applied, 0 not due, -1 the database refused (logged; due
 * again a day later).
 */
#define STORE_RETENTION_EVERY_US (24 * 3600 * 1000000LL)
int store_retention_tick(struct store *st, int days, int64_t t_us, int64_t now_wall_us,
                         int64_t *next_us);

#endif
