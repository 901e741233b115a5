/*
 * The schema as a list of migrations. Step i takes the database from user_version i to
 * i + 1; a step is never edited once released, a change is a new step.
 */
#include <stdio.h>

#include "store_db.h"

/* A row's uid, 16 random bytes as hex (randomblob is evaluated for each row), made into
 * a version-4 UUID: its dashes, version and variant (an SQL expression). */
#define UID_AS_UUID                                                                                \
    "substr(uid, 1, 8) || '-' || substr(uid, 9, 4) || '-4' || substr(uid, 14, 3) || '-' || "       \
    "substr('89ab', 1 + (random() & 3), 1) || substr(uid, 18, 3) || '-' || "                       \
    "substr(uid, 21, 12)"

/* SQL with macros between its strings, laid out by hand */
// clang-format off
/* A new version-4 UUID as an SQL expression (a scalar subquery, usable in a trigger). */
#define NEW_UUID "(SELECT " UID_AS_UUID " FROM (SELECT lower(hex(randomblob(16))) AS uid))"
/* The wall clock in microseconds (a time for records that keep none of their own). */
#define NOW_US "CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER)"
/* Records written from the gym's server stay out of the outbox (sync_state.pulling). */
#define NOT_PULLING "(SELECT pulling FROM sync_state) = 0"
#define MEMBER_UID(id) "(SELECT uid FROM members WHERE id = " id ")"
#define EXERCISE_UID(id) "(SELECT uid FROM exercises WHERE id = " id ")"

/* A row made here gets its uid and enters the outbox; one from the server has a uid. */
#define UID_TRIGGER(table, kind, key)                                                              \
    "CREATE TRIGGER " table "_uid AFTER INSERT ON " table " WHEN NEW.uid IS NULL BEGIN"            \
    "  UPDATE " table " SET uid = " NEW_UUID " WHERE " key " = NEW." key ";"                       \
    "  INSERT INTO sync_outbox (kind, row_key) VALUES ('" kind "', NEW." key ");"                  \
    "END;"
#define CHECKIN_TRIGGER(name, event, when)                                                         \
    "CREATE TRIGGER " name " AFTER " event " ON day_checkins WHEN " NOT_PULLING " AND " when       \
    " BEGIN"                                                                                       \
    "  INSERT INTO sync_outbox (kind, uid, payload) VALUES ('checkin', " NEW_UUID ","              \
    "    json_array(NEW.updated_us, " MEMBER_UID("NEW.member_id") ", NEW.day, NEW.pain_max,"       \
    "      NEW.red_flags, NEW.no_lift));"                                                          \
    "END;"
#define WARMUP_TRIGGER(name, event, when)                                                          \
    "CREATE TRIGGER " name " AFTER " event " ON day_checkins WHEN " NOT_PULLING " AND " when       \
    " BEGIN"                                                                                       \
    "  INSERT INTO sync_outbox (kind, uid, payload) VALUES ('warmup', " NEW_UUID ","               \
    "    json_array(NEW.warmup_done_us, " MEMBER_UID("NEW.member_id") ", NEW.warmup_done_us));"    \
    "END;"
#define START_LOAD_TRIGGER(name, event)                                                            \
    "CREATE TRIGGER " name " AFTER " event " ON start_loads WHEN " NOT_PULLING " BEGIN"            \
    "  INSERT INTO sync_outbox (kind, uid, payload) VALUES ('start_load', " NEW_UUID ","           \
    "    json_array(" NOW_US ", " MEMBER_UID("NEW.member_id") ", "                                 \
    EXERCISE_UID("NEW.exercise_id") ", NEW.load_g));"                                              \
    "END;"
#define OVERRIDE_TRIGGER(name, event)                                                              \
    "CREATE TRIGGER " name " AFTER " event " ON overrides WHEN " NOT_PULLING " BEGIN"              \
    "  INSERT INTO sync_outbox (kind, uid, payload) VALUES ('override', " NEW_UUID ","             \
    "    json_array(" NOW_US ", " MEMBER_UID("NEW.member_id") ", "                                 \
    EXERCISE_UID("NEW.exercise_id") ", NEW.day, NEW.load_g, NEW.reason, "                          \
    MEMBER_UID("NEW.by_member_id") "));"                                                           \
    "END;"
// clang-format on

/* The outbox made again with more kinds (SQLite cannot change a CHECK): renamed to old,
 * made anew with the kinds of step 12 and then more (a string that starts with a comma), its
 * rows copied, old dropped. */
#define OUTBOX_REMADE(old, more)                                                                   \
    "PRAGMA legacy_alter_table = ON;"                                                              \
    "ALTER TABLE sync_outbox RENAME TO " old ";"                                                   \
    "CREATE TABLE sync_outbox ("                                                                   \
    "  seq INTEGER PRIMARY KEY,"                                                                   \
    "  kind TEXT NOT NULL CHECK (kind IN ('member', 'exercise', 'set', 'session', 'flag',"         \
    "    'badge', 'checkin', 'warmup', 'clearance', 'ack', 'start_load', 'override',"              \
    "    'screening', 'screening_clear', 'trainer_action', 'purge'" more ")),"                     \
    "  row_key INTEGER,"                                                                           \
    "  uid TEXT,"                                                                                  \
    "  payload TEXT,"                                                                              \
    "  tries INTEGER NOT NULL DEFAULT 0,"                                                          \
    "  last_err TEXT,"                                                                             \
    "  set_aside INTEGER NOT NULL DEFAULT 0,"                                                      \
    "  CHECK ((row_key IS NULL) = (payload IS NOT NULL)),"                                         \
    "  UNIQUE (kind, row_key));"                                                                   \
    "INSERT INTO sync_outbox (seq, kind, row_key, uid, payload, tries, last_err, set_aside)"       \
    "  SELECT seq, kind, row_key, uid, payload, tries, last_err, set_aside FROM " old ";"          \
    "DROP TABLE " old ";"                                                                          \
    "PRAGMA legacy_alter_table = OFF;"                                                             \
    "CREATE INDEX sync_outbox_waiting ON sync_outbox(set_aside, seq);"

static const char *const migrations[] = {
    /* 1: the first schema */
    "CREATE TABLE members ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  role TEXT NOT NULL CHECK (role IN ('lifter', 'trainer')),"
    "  pin_hash TEXT,"
    "  created_us INTEGER NOT NULL);"
    "CREATE TABLE badges ("
    "  uid TEXT PRIMARY KEY,"
    "  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE);"
    "CREATE INDEX badges_member ON badges(member_id);"
    "CREATE TABLE exercises ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  upper_body INTEGER NOT NULL,"
    "  on_plate INTEGER NOT NULL,"
    "  target_reps INTEGER NOT NULL,"
    "  work_sets INTEGER NOT NULL);"
    "INSERT INTO exercises (name, upper_body, on_plate, target_reps, work_sets) VALUES"
    "  ('Back squat', 0, 1, 5, 3),"
    "  ('Deadlift', 0, 1, 5, 3),"
    "  ('Overhead press', 1, 1, 5, 3),"
    "  ('Bench press', 1, 0, 5, 3);"
    "CREATE TABLE sessions ("
    "  key INTEGER PRIMARY KEY,"
    "  member_id INTEGER NOT NULL REFERENCES members(id),"
    "  started_us INTEGER NOT NULL,"
    "  ended_us INTEGER,"
    "  pain INTEGER NOT NULL,"
    "  red_flags INTEGER NOT NULL DEFAULT 0,"
    "  body_g INTEGER);"
    "CREATE INDEX sessions_member ON sessions(member_id, started_us);"
    "CREATE TABLE sets ("
    "  key INTEGER PRIMARY KEY,"
    "  session_key INTEGER REFERENCES sessions(key),"
    "  member_id INTEGER NOT NULL REFERENCES members(id),"
    "  exercise_id INTEGER NOT NULL REFERENCES exercises(id),"
    "  started_us INTEGER NOT NULL,"
    "  load_g INTEGER NOT NULL,"
    "  declared INTEGER NOT NULL,"
    "  target_reps INTEGER NOT NULL,"
    "  reps_done INTEGER NOT NULL,"
    "  clean INTEGER NOT NULL,"
    "  stopped INTEGER NOT NULL,"
    "  left_pct INTEGER);"
    "CREATE INDEX sets_member ON sets(member_id, exercise_id, started_us);"
    "CREATE TABLE reps ("
    "  set_key INTEGER NOT NULL REFERENCES sets(key) ON DELETE CASCADE,"
    "  idx INTEGER NOT NULL,"
    "  ecc_ms INTEGER, bottom_ms INTEGER, conc_ms INTEGER, top_ms INTEGER,"
    "  rom_mm INTEGER, mean_conc_mmps INTEGER, peak_conc_mmps INTEGER,"
    "  peak_horiz_mg INTEGER, peak_gyro_dps INTEGER,"
    "  rushed INTEGER NOT NULL, momentum INTEGER NOT NULL,"
    "  trace BLOB,"
    "  PRIMARY KEY (set_key, idx));"
    "CREATE TABLE flags ("
    "  id INTEGER PRIMARY KEY,"
    "  t_us INTEGER NOT NULL,"
    "  member_id INTEGER REFERENCES members(id),"
    "  session_key INTEGER REFERENCES sessions(key),"
    "  set_key INTEGER REFERENCES sets(key),"
    "  kind TEXT NOT NULL,"
    "  severity TEXT NOT NULL,"
    "  rep INTEGER NOT NULL DEFAULT 0,"
    "  detail TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX flags_time ON flags(t_us);"
    "CREATE TABLE acknowledgements ("
    "  flag_id INTEGER NOT NULL REFERENCES flags(id),"
    "  t_us INTEGER NOT NULL,"
    "  by_member_id INTEGER NOT NULL REFERENCES members(id),"
    "  note TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX acknowledgements_flag ON acknowledgements(flag_id, t_us);"
    "CREATE TABLE start_loads ("
    "  member_id INTEGER NOT NULL REFERENCES members(id),"
    "  exercise_id INTEGER NOT NULL REFERENCES exercises(id),"
    "  load_g INTEGER NOT NULL,"
    "  PRIMARY KEY (member_id, exercise_id));"
    "CREATE TABLE overrides ("
    "  member_id INTEGER NOT NULL REFERENCES members(id),"
    "  exercise_id INTEGER NOT NULL REFERENCES exercises(id),"
    "  day INTEGER NOT NULL,"
    "  load_g INTEGER NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  by_member_id INTEGER NOT NULL REFERENCES members(id),"
    "  PRIMARY KEY (member_id, exercise_id, day));",
    /* 2: each set's raw bar samples, the evidence behind its reps (app/core/imu_record.h):
       counts at the full scales given, times on the named clock from t0_us, packed in
       the given format and zlib-compressed */
    "CREATE TABLE imu_records ("
    "  set_key INTEGER PRIMARY KEY REFERENCES sets(key) ON DELETE CASCADE,"
    "  format INTEGER NOT NULL,"
    "  clock TEXT NOT NULL CHECK (clock IN ('kiosk', 'bar')),"
    "  t0_us INTEGER NOT NULL,"
    "  span_us INTEGER NOT NULL,"
    "  n_samples INTEGER NOT NULL,"
    "  accel_fs_g INTEGER NOT NULL,"
    "  gyro_fs_dps INTEGER NOT NULL,"
    "  truncated INTEGER NOT NULL,"
    "  samples BLOB NOT NULL);",
    /* 3: a lifter's gym day: the check-in's decision (no lifting, the highest pain), the
     * warm-up done, and a trainer's clearance with its reason, who and when */
    "CREATE TABLE day_checkins ("
    "  member_id INTEGER NOT NULL REFERENCES members(id),"
    "  day INTEGER NOT NULL,"
    "  pain_max INTEGER NOT NULL DEFAULT -1,"
    "  red_flags INTEGER NOT NULL DEFAULT 0,"
    "  no_lift INTEGER NOT NULL DEFAULT 0,"
    "  warmup_done_us INTEGER,"
    "  cleared_us INTEGER,"
    "  cleared_by INTEGER REFERENCES members(id),"
    "  cleared_reason TEXT,"
    "  updated_us INTEGER NOT NULL,"
    "  PRIMARY KEY (member_id, day));",
    /* 4: which way each exercise's rep starts, for the rep detector: with the lowering
     * (squat, bench from the rack) or with the lift (deadlift from the floor, press from
     * the shoulders) */
    "ALTER TABLE exercises ADD COLUMN starts TEXT NOT NULL DEFAULT 'eccentric' "
    "  CHECK (starts IN ('eccentric', 'concentric'));"
    "UPDATE exercises SET starts = 'concentric' WHERE name IN ('Deadlift', 'Overhead press');",
    /* 5: each rep's mean propulsive velocity, bar tilt (hundredths of a degree, one side
     * lower) and momentum (% of the rules' threshold); NULL for reps stored before */
    "ALTER TABLE reps ADD COLUMN mean_prop_mmps INTEGER;"
    "ALTER TABLE reps ADD COLUMN tilt_cdeg INTEGER;"
    "ALTER TABLE reps ADD COLUMN momentum_pct INTEGER;",
    /* 6: check-ins and sets by time, for the operator's exports over days and the daily
     * purge of old health answers (without them each reads the whole table) */
    "CREATE INDEX IF NOT EXISTS sessions_time ON sessions(started_us);"
    "CREATE INDEX IF NOT EXISTS sets_time ON sets(started_us);",
    /* 7 (gym server): a globally unique id (uid, a random version-4 UUID from SQLite's
     * randomblob, made in the transaction that makes the row) on members, exercises and
     * sets, and an outbox of the rows not yet on the gym's server. Rows made here enter
     * the outbox with their uid; rows that come from the server arrive with one and do
     * not. The four exercises every rack starts with have the same uid at every rack, so
     * a gym has one Back squat. */
    // clang-format off
    "ALTER TABLE members ADD COLUMN uid TEXT;"
    "ALTER TABLE exercises ADD COLUMN uid TEXT;"
    "ALTER TABLE sets ADD COLUMN uid TEXT;"
    "UPDATE exercises SET uid = CASE name"
    "  WHEN 'Back squat' THEN '5eed0000-0000-4000-8000-000000000001'"
    "  WHEN 'Deadlift' THEN '5eed0000-0000-4000-8000-000000000002'"
    "  WHEN 'Overhead press' THEN '5eed0000-0000-4000-8000-000000000003'"
    "  WHEN 'Bench press' THEN '5eed0000-0000-4000-8000-000000000004' END;"
    "UPDATE members SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;"
    "UPDATE members SET uid = " UID_AS_UUID " WHERE length(uid) = 32;"
    "UPDATE exercises SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;"
    "UPDATE exercises SET uid = " UID_AS_UUID " WHERE length(uid) = 32;"
    "UPDATE sets SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;"
    "UPDATE sets SET uid = " UID_AS_UUID " WHERE length(uid) = 32;"
    "CREATE UNIQUE INDEX members_uid ON members(uid);"
    "CREATE UNIQUE INDEX exercises_uid ON exercises(uid);"
    "CREATE UNIQUE INDEX sets_uid ON sets(uid);"
    "CREATE TABLE sync_outbox ("
    "  seq INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('member', 'exercise', 'set')),"
    "  row_key INTEGER NOT NULL,"
    "  UNIQUE (kind, row_key));"
    "INSERT INTO sync_outbox (kind, row_key) SELECT 'member', id FROM members ORDER BY id;"
    "INSERT INTO sync_outbox (kind, row_key) SELECT 'exercise', id FROM exercises ORDER BY id;"
    "INSERT INTO sync_outbox (kind, row_key) SELECT 'set', key FROM sets ORDER BY key;"
    "CREATE TRIGGER members_uid AFTER INSERT ON members WHEN NEW.uid IS NULL BEGIN"
    "  UPDATE members SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;"
    "  UPDATE members SET uid = " UID_AS_UUID " WHERE id = NEW.id;"
    "  INSERT INTO sync_outbox (kind, row_key) VALUES ('member', NEW.id);"
    "END;"
    "CREATE TRIGGER exercises_uid AFTER INSERT ON exercises WHEN NEW.uid IS NULL BEGIN"
    "  UPDATE exercises SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;"
    "  UPDATE exercises SET uid = " UID_AS_UUID " WHERE id = NEW.id;"
    "  INSERT INTO sync_outbox (kind, row_key) VALUES ('exercise', NEW.id);"
    "END;"
    "CREATE TRIGGER sets_uid AFTER INSERT ON sets WHEN NEW.uid IS NULL BEGIN"
    "  UPDATE sets SET uid = lower(hex(randomblob(16))) WHERE key = NEW.key;"
    "  UPDATE sets SET uid = " UID_AS_UUID " WHERE key = NEW.key;"
    "  INSERT INTO sync_outbox (kind, row_key) VALUES ('set', NEW.key);"
    "END;",
    /* 8 (gym server): the rest of what follows a badge from rack to rack. Sessions and
     * flags get a uid like sets; every record joins one outbox in the order it was made
     * (so a record never reaches the server before one it names). Records that change in
     * place here (a badge given or taken, the day's check-in, warm-up and clearance, an
     * acknowledgement, a start load, an override) enter the outbox as they are at that
     * moment: a payload of their values under a uid of their own, so the server keeps
     * each change once. sync_state holds the pull's cursor and the last contact, and
     * "pulling", set while records from the server are written, keeps those out of the
     * outbox. */
    "ALTER TABLE sessions ADD COLUMN uid TEXT;"
    "ALTER TABLE flags ADD COLUMN uid TEXT;"
    "UPDATE sessions SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;"
    "UPDATE sessions SET uid = " UID_AS_UUID " WHERE length(uid) = 32;"
    "UPDATE flags SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;"
    "UPDATE flags SET uid = " UID_AS_UUID " WHERE length(uid) = 32;"
    "CREATE UNIQUE INDEX sessions_uid ON sessions(uid);"
    "CREATE UNIQUE INDEX flags_uid ON flags(uid);"
    "CREATE TABLE sync_state ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  pulling INTEGER NOT NULL DEFAULT 0,"
    "  pull_lo INTEGER NOT NULL DEFAULT 0,"
    "  pull_hi INTEGER NOT NULL DEFAULT 0,"
    "  pull_table INTEGER NOT NULL DEFAULT 0,"
    "  pull_seq INTEGER NOT NULL DEFAULT 0,"
    "  pushed_us INTEGER,"
    "  pulled_us INTEGER,"
    "  heard_us INTEGER);"
    "INSERT INTO sync_state (id) VALUES (1);"
    "DROP TRIGGER members_uid;"
    "DROP TRIGGER exercises_uid;"
    "DROP TRIGGER sets_uid;"
    "ALTER TABLE sync_outbox RENAME TO sync_outbox_7;"
    "CREATE TABLE sync_outbox ("
    "  seq INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('member', 'exercise', 'set', 'session', 'flag',"
    "    'badge', 'checkin', 'warmup', 'clearance', 'ack', 'start_load', 'override')),"
    "  row_key INTEGER,"
    "  uid TEXT,"
    "  payload TEXT,"
    "  CHECK ((row_key IS NULL) = (payload IS NOT NULL)),"
    "  UNIQUE (kind, row_key));"
    "INSERT INTO sync_outbox (seq, kind, row_key) SELECT seq, kind, row_key FROM sync_outbox_7;"
    "DROP TABLE sync_outbox_7;"
    "INSERT INTO sync_outbox (kind, row_key) SELECT 'session', key FROM sessions ORDER BY key;"
    "INSERT INTO sync_outbox (kind, row_key) SELECT 'flag', id FROM flags ORDER BY id;"
    "INSERT INTO sync_outbox (kind, uid, payload) SELECT 'badge', " NEW_UUID ","
    "  json_array(" NOW_US ", b.uid, m.uid, 0) FROM badges b JOIN members m ON m.id = b.member_id;"
    "INSERT INTO sync_outbox (kind, uid, payload) SELECT 'checkin', " NEW_UUID ","
    "  json_array(d.updated_us, m.uid, d.day, d.pain_max, d.red_flags, d.no_lift)"
    "  FROM day_checkins d JOIN members m ON m.id = d.member_id WHERE d.pain_max >= 0;"
    "INSERT INTO sync_outbox (kind, uid, payload) SELECT 'ack', " NEW_UUID ","
    "  json_array(a.t_us, f.uid, m.uid, a.note) FROM acknowledgements a"
    "  JOIN flags f ON f.id = a.flag_id JOIN members m ON m.id = a.by_member_id;"
    "INSERT INTO sync_outbox (kind, uid, payload) SELECT 'start_load', " NEW_UUID ","
    "  json_array(" NOW_US ", m.uid, e.uid, s.load_g) FROM start_loads s"
    "  JOIN members m ON m.id = s.member_id JOIN exercises e ON e.id = s.exercise_id;"
    "INSERT INTO sync_outbox (kind, uid, payload) SELECT 'override', " NEW_UUID ","
    "  json_array(" NOW_US ", m.uid, e.uid, o.day, o.load_g, o.reason, t.uid) FROM overrides o"
    "  JOIN members m ON m.id = o.member_id JOIN exercises e ON e.id = o.exercise_id"
    "  JOIN members t ON t.id = o.by_member_id;"
    UID_TRIGGER("members", "member", "id")
    UID_TRIGGER("exercises", "exercise", "id")
    UID_TRIGGER("sets", "set", "key")
    UID_TRIGGER("sessions", "session", "key")
    UID_TRIGGER("flags", "flag", "id")
    "CREATE TRIGGER badges_given AFTER INSERT ON badges WHEN " NOT_PULLING " BEGIN"
    "  INSERT INTO sync_outbox (kind, uid, payload) VALUES ('badge', " NEW_UUID ","
    "    json_array(" NOW_US ", NEW.uid, " MEMBER_UID("NEW.member_id") ", 0));"
    "END;"
    "CREATE TRIGGER badges_taken AFTER DELETE ON badges WHEN " NOT_PULLING
    "  AND EXISTS (SELECT 1 FROM members WHERE id = OLD.member_id) BEGIN"
    "  INSERT INTO sync_outbox (kind, uid, payload) VALUES ('badge', " NEW_UUID ","
    "    json_array(" NOW_US ", OLD.uid, " MEMBER_UID("OLD.member_id") ", 1));"
    "END;"
    CHECKIN_TRIGGER("checkins_made", "INSERT", "NEW.pain_max >= 0")
    CHECKIN_TRIGGER("checkins_changed", "UPDATE OF pain_max, red_flags, no_lift",
                    "NEW.pain_max >= 0 AND (NEW.pain_max IS NOT OLD.pain_max OR "
                    "NEW.red_flags IS NOT OLD.red_flags OR NEW.no_lift IS NOT OLD.no_lift)")
    WARMUP_TRIGGER("warmups_made", "INSERT", "NEW.warmup_done_us IS NOT NULL")
    WARMUP_TRIGGER("warmups_changed", "UPDATE OF warmup_done_us",
                   "NEW.warmup_done_us IS NOT NULL AND NEW.warmup_done_us IS NOT OLD.warmup_done_us")
    "CREATE TRIGGER clearances_made AFTER UPDATE OF cleared_us ON day_checkins WHEN " NOT_PULLING
    "  AND NEW.cleared_us IS NOT NULL AND NEW.cleared_us IS NOT OLD.cleared_us BEGIN"
    "  INSERT INTO sync_outbox (kind, uid, payload) VALUES ('clearance', " NEW_UUID ","
    "    json_array(NEW.cleared_us, " MEMBER_UID("NEW.member_id") ", NEW.day,"
    "      " MEMBER_UID("NEW.cleared_by") ", NEW.cleared_reason));"
    "END;"
    "CREATE TRIGGER acks_made AFTER INSERT ON acknowledgements WHEN " NOT_PULLING " BEGIN"
    "  INSERT INTO sync_outbox (kind, uid, payload) VALUES ('ack', " NEW_UUID ","
    "    json_array(NEW.t_us, (SELECT uid FROM flags WHERE id = NEW.flag_id),"
    "      " MEMBER_UID("NEW.by_member_id") ", NEW.note));"
    "END;"
    START_LOAD_TRIGGER("start_loads_made", "INSERT")
    START_LOAD_TRIGGER("start_loads_changed", "UPDATE")
    OVERRIDE_TRIGGER("overrides_made", "INSERT")
    OVERRIDE_TRIGGER("overrides_changed", "UPDATE"),
    // clang-format on
    /* 9: each rep's phase bounds (the eccentric's start and end, the concentric's), ms
     * from the set's first recorded bar sample -- the first line of its exported trace,
     * so the times analyze-imu gives for it -- or, for a set without samples, from the
     * set's start (sets.started_us). NULL for reps stored before. */
    "ALTER TABLE reps ADD COLUMN ecc_start_ms INTEGER;"
    "ALTER TABLE reps ADD COLUMN ecc_end_ms INTEGER;"
    "ALTER TABLE reps ADD COLUMN con_start_ms INTEGER;"
    "ALTER TABLE reps ADD COLUMN con_end_ms INTEGER;",
    /* 10: exercises come from the catalogue file (core/catalogue.h): each row has the
     * catalogue's id (key: "squat", the name the offline check and rackside-ctl use) and
     * its place in the plan's list (position, NULL while the catalogue leaves it out; its
     * sets stay) and its own largest step (step_max_g, 0: by body half), so rackside-ctl
     * allowed answers as the kiosk does. The four first exercises get the shipped catalogue's ids.
     */
    "ALTER TABLE exercises ADD COLUMN key TEXT;"
    "ALTER TABLE exercises ADD COLUMN position INTEGER;"
    "ALTER TABLE exercises ADD COLUMN step_max_g INTEGER NOT NULL DEFAULT 0;"
    "UPDATE exercises SET key = CASE name WHEN 'Back squat' THEN 'squat' "
    "  WHEN 'Deadlift' THEN 'deadlift' WHEN 'Overhead press' THEN 'press' "
    "  WHEN 'Bench press' THEN 'bench' END, position = id;"
    "CREATE UNIQUE INDEX exercises_key ON exercises(key);",
    /* 11: the enrolment screen (core/screening.h): each time a lifter answered its history
     * questions (answers: 1 << question answered yes), and a trainer's clearance of a yes
     * with who, when and why. Health answers, like the check-ins'. */
    "CREATE TABLE screenings ("
    "  id INTEGER PRIMARY KEY,"
    "  member_id INTEGER NOT NULL REFERENCES members(id),"
    "  day INTEGER NOT NULL,"
    "  answers INTEGER NOT NULL,"
    "  t_us INTEGER NOT NULL,"
    "  cleared_us INTEGER,"
    "  cleared_by INTEGER REFERENCES members(id),"
    "  cleared_reason TEXT);"
    "CREATE INDEX screenings_member ON screenings(member_id, t_us);",
    /* 12 (trainer review): every trainer action about a lifter, with who and when, for the
     * lifter's story: acknowledgements, clearances, start loads and caps lifted. What the
     * tables of step 1 and 3 kept before is copied in. A lifter's flags by member, for the
     * story's 8 weeks. */
    "CREATE TABLE trainer_actions ("
    "  id INTEGER PRIMARY KEY,"
    "  t_us INTEGER NOT NULL,"
    "  by_member_id INTEGER REFERENCES members(id),"
    "  member_id INTEGER REFERENCES members(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('ack', 'clear_day', 'clear_screen', 'start_load',"
    "    'override', 'enrol')),"
    "  flag_id INTEGER REFERENCES flags(id),"
    "  exercise_id INTEGER REFERENCES exercises(id),"
    "  load_g INTEGER,"
    "  note TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX trainer_actions_member ON trainer_actions(member_id, t_us);"
    "CREATE INDEX flags_member ON flags(member_id, t_us);"
    "INSERT INTO trainer_actions (t_us, by_member_id, member_id, kind, flag_id, note)"
    "  SELECT a.t_us, a.by_member_id, f.member_id, 'ack', a.flag_id, a.note"
    "  FROM acknowledgements a JOIN flags f ON f.id = a.flag_id ORDER BY a.t_us;"
    "INSERT INTO trainer_actions (t_us, by_member_id, member_id, kind, note)"
    "  SELECT cleared_us, cleared_by, member_id, 'clear_day', COALESCE(cleared_reason, '')"
    "  FROM day_checkins WHERE cleared_us IS NOT NULL ORDER BY cleared_us;",
    /* 13 (gym server): the rest of what the gym shares, and the outbox's own bookkeeping.
     * Enrolment screens and trainer actions get a uid and enter the outbox like sets; a
     * screen cleared here enters it as a payload (a clearance made at one rack stops
     * nobody at another). A flag pulled from another rack keeps that rack's name (NULL:
     * raised here). A purge of old health answers enters the outbox as a record of its
     * own (kind 'purge': the cut-off), which the server applies to its copy. An outbox
     * record the server refuses counts its tries and its last error, and after a few is
     * set aside so the records behind it go on (`rackside-ctl server retry` puts it
     * back). pull_own_below: the own rack's records in windows of transactions below it
     * are pulled too (a restored backup gets back what it made after the backup; -1:
     * the end of the next window). */
    // clang-format off
    "ALTER TABLE flags ADD COLUMN rack TEXT;"
    "ALTER TABLE screenings ADD COLUMN uid TEXT;"
    "ALTER TABLE trainer_actions ADD COLUMN uid TEXT;"
    /* randomblob straight in the UPDATE: NEW_UUID is a subquery SQLite evaluates once
     * per statement, so step 8 gave every payload it copied into the outbox one uid (the
     * server kept the first of each kind); those still waiting get a uid each here */
    "UPDATE screenings SET uid = lower(hex(randomblob(16)));"
    "UPDATE screenings SET uid = " UID_AS_UUID ";"
    "UPDATE trainer_actions SET uid = lower(hex(randomblob(16)));"
    "UPDATE trainer_actions SET uid = " UID_AS_UUID ";"
    "CREATE UNIQUE INDEX screenings_uid ON screenings(uid);"
    "CREATE UNIQUE INDEX trainer_actions_uid ON trainer_actions(uid);"
    "ALTER TABLE sync_state ADD COLUMN pull_own_below INTEGER NOT NULL DEFAULT 0;"
    /* the triggers that fill the outbox name it: the legacy rename leaves them naming
     * "sync_outbox", which the new table is */
    "PRAGMA legacy_alter_table = ON;"
    "ALTER TABLE sync_outbox RENAME TO sync_outbox_12;"
    "CREATE TABLE sync_outbox ("
    "  seq INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('member', 'exercise', 'set', 'session', 'flag',"
    "    'badge', 'checkin', 'warmup', 'clearance', 'ack', 'start_load', 'override',"
    "    'screening', 'screening_clear', 'trainer_action', 'purge')),"
    "  row_key INTEGER,"
    "  uid TEXT,"
    "  payload TEXT,"
    "  tries INTEGER NOT NULL DEFAULT 0,"
    "  last_err TEXT,"
    "  set_aside INTEGER NOT NULL DEFAULT 0,"
    "  CHECK ((row_key IS NULL) = (payload IS NOT NULL)),"
    "  UNIQUE (kind, row_key));"
    "INSERT INTO sync_outbox (seq, kind, row_key, uid, payload)"
    "  SELECT seq, kind, row_key, uid, payload FROM sync_outbox_12;"
    "DROP TABLE sync_outbox_12;"
    "PRAGMA legacy_alter_table = OFF;"
    "CREATE INDEX sync_outbox_waiting ON sync_outbox(set_aside, seq);"
    "INSERT INTO sync_outbox (kind, row_key) SELECT 'screening', id FROM screenings ORDER BY id;"
    "INSERT INTO sync_outbox (kind, uid, payload) SELECT 'screening_clear', "
    "  lower(hex(randomblob(16))),"
    "  json_array(s.cleared_us, s.uid, " MEMBER_UID("s.cleared_by") ", s.cleared_reason)"
    "  FROM screenings s WHERE s.cleared_us IS NOT NULL;"
    "UPDATE sync_outbox SET uid = lower(hex(randomblob(16))) WHERE payload IS NOT NULL AND uid IN"
    "  (SELECT uid FROM sync_outbox WHERE payload IS NOT NULL GROUP BY uid HAVING count(*) > 1);"
    "UPDATE sync_outbox SET uid = " UID_AS_UUID " WHERE length(uid) = 32;"
    "INSERT INTO sync_outbox (kind, row_key) SELECT 'trainer_action', id FROM trainer_actions"
    "  ORDER BY id;"
    UID_TRIGGER("screenings", "screening", "id")
    UID_TRIGGER("trainer_actions", "trainer_action", "id")
    "CREATE TRIGGER screenings_cleared AFTER UPDATE OF cleared_us ON screenings WHEN "
    NOT_PULLING " AND NEW.cleared_us IS NOT NULL AND OLD.cleared_us IS NULL BEGIN"
    "  INSERT INTO sync_outbox (kind, uid, payload) VALUES ('screening_clear', " NEW_UUID ","
    "    json_array(NEW.cleared_us, NEW.uid, " MEMBER_UID("NEW.cleared_by") ","
    "      NEW.cleared_reason));"
    "END;",
    // clang-format on
    /* 14: a member's own language and unit for the screens (core/prefs.h); '': the rack's */
    "ALTER TABLE members ADD COLUMN language TEXT NOT NULL DEFAULT ''"
    "  CHECK (language IN ('', 'en', 'es', 'de'));"
    "ALTER TABLE members ADD COLUMN unit TEXT NOT NULL DEFAULT ''"
    "  CHECK (unit IN ('', 'kg', 'lb'));",
    /* 15 (gym server): a member's language and unit follow the badge. Each choice made
     * here enters the outbox as a payload (kind 'prefs': when, the member, language,
     * unit) and prefs_us keeps when the member's current choice was made, so a pulled
     * choice replaces it only when newer: the latest choice at any rack holds. The
     * outbox is rebuilt as in step 13 for its list of kinds; choices made before are
     * queued once. */
    // clang-format off
    "ALTER TABLE members ADD COLUMN prefs_us INTEGER NOT NULL DEFAULT 0;"
    OUTBOX_REMADE("sync_outbox_14", ", 'prefs'")
    "UPDATE members SET prefs_us = " NOW_US " WHERE language <> '' OR unit <> '';"
    /* a uid each (NEW_UUID is one per statement), made a UUID below */
    "INSERT INTO sync_outbox (kind, uid, payload) SELECT 'prefs', lower(hex(randomblob(16))),"
    "  json_array(prefs_us, uid, language, unit) FROM members WHERE prefs_us <> 0 ORDER BY id;"
    "UPDATE sync_outbox SET uid = " UID_AS_UUID " WHERE kind = 'prefs' AND length(uid) = 32;"
    "CREATE TRIGGER members_prefs AFTER UPDATE OF language, unit ON members WHEN " NOT_PULLING
    " BEGIN"
    "  UPDATE members SET prefs_us = " NOW_US " WHERE id = NEW.id;"
    "  INSERT INTO sync_outbox (kind, uid, payload) VALUES ('prefs', " NEW_UUID ","
    "    json_array(" NOW_US ", " MEMBER_UID("NEW.id") ", NEW.language, NEW.unit));"
    "END;",
    /* 16: a trainer takes a lost badge away at the rack: a trainer action of its own kind
     * ('badge_remove'). SQLite cannot change a CHECK, so the table is rebuilt with the same
     * rows, ids and uids (the outbox names them by id), its indexes and its uid trigger. */
    "PRAGMA legacy_alter_table = ON;"
    "ALTER TABLE trainer_actions RENAME TO trainer_actions_15;"
    "CREATE TABLE trainer_actions ("
    "  id INTEGER PRIMARY KEY,"
    "  t_us INTEGER NOT NULL,"
    "  by_member_id INTEGER REFERENCES members(id),"
    "  member_id INTEGER REFERENCES members(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('ack', 'clear_day', 'clear_screen', 'start_load',"
    "    'override', 'enrol', 'badge_remove')),"
    "  flag_id INTEGER REFERENCES flags(id),"
    "  exercise_id INTEGER REFERENCES exercises(id),"
    "  load_g INTEGER,"
    "  note TEXT NOT NULL DEFAULT '',"
    "  uid TEXT);"
    "INSERT INTO trainer_actions (id, t_us, by_member_id, member_id, kind, flag_id, exercise_id,"
    "  load_g, note, uid) SELECT id, t_us, by_member_id, member_id, kind, flag_id, exercise_id,"
    "  load_g, note, uid FROM trainer_actions_15;"
    "DROP TABLE trainer_actions_15;"
    "PRAGMA legacy_alter_table = OFF;"
    "CREATE INDEX trainer_actions_member ON trainer_actions(member_id, t_us);"
    "CREATE UNIQUE INDEX trainer_actions_uid ON trainer_actions(uid);"
    UID_TRIGGER("trainer_actions", "trainer_action", "id"),
    // clang-format on
    /* 17 (gym server): the audit of the plate's calibrations. Each Save on the trainer's
     * Calibrate page and each `rackside-ctl calibrate` that reaches a result is kept: when,
     * who (a trainer, or the operator's login at the command line), from where, the known
     * weight and where it stood, the calibration replaced and the one found, the check's
     * error and what became of it ("saved", or "not saved: why"). Each row gets a uid and
     * enters the outbox (kind 'calibration'); the outbox is rebuilt as in step 15 for its
     * list of kinds. */
    // clang-format off
    "CREATE TABLE calibrations ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT UNIQUE,"
    "  t_us INTEGER NOT NULL,"
    "  by_member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,"
    "  by_text TEXT NOT NULL DEFAULT '',"
    "  source TEXT NOT NULL CHECK (source IN ('kiosk', 'ctl')),"
    "  known_g INTEGER NOT NULL CHECK (known_g > 0),"
    "  middle INTEGER NOT NULL CHECK (middle IN (0, 1)),"
    "  old_offset_left INTEGER NOT NULL, old_offset_right INTEGER NOT NULL,"
    "  old_g_per_count_left REAL NOT NULL, old_g_per_count_right REAL NOT NULL,"
    "  offset_left INTEGER NOT NULL, offset_right INTEGER NOT NULL,"
    "  g_per_count_left REAL NOT NULL, g_per_count_right REAL NOT NULL,"
    "  check_error_g REAL,"
    "  result TEXT NOT NULL);"
    "CREATE INDEX calibrations_time ON calibrations(t_us);"
    OUTBOX_REMADE("sync_outbox_15", ", 'prefs', 'calibration'")
    UID_TRIGGER("calibrations", "calibration", "id"),
    // clang-format on
    /* 18: a member's own text size ('': the rack's [kiosk] text_size), kept and sent like
     * their language and unit: the 'prefs' payload gains it as a fifth value. Choices
     * still waiting in the outbox gain '' (the rack's), so every payload of the kind has
     * the same five values. */
    // clang-format off
    "ALTER TABLE members ADD COLUMN text_size TEXT NOT NULL DEFAULT ''"
    "  CHECK (text_size IN ('', 'normal', 'large'));"
    "UPDATE sync_outbox SET payload = json_insert(payload, '$[#]', '')"
    "  WHERE kind = 'prefs' AND json_array_length(payload) = 4;"
    "DROP TRIGGER IF EXISTS members_prefs;"
    "CREATE TRIGGER members_prefs AFTER UPDATE OF language, unit, text_size ON members WHEN "
    NOT_PULLING " BEGIN"
    "  UPDATE members SET prefs_us = " NOW_US " WHERE id = NEW.id;"
    "  INSERT INTO sync_outbox (kind, uid, payload) VALUES ('prefs', " NEW_UUID ","
    "    json_array(" NOW_US ", " MEMBER_UID("NEW.id") ", NEW.language, NEW.unit,"
    "      NEW.text_size));"
    "END;",
    // clang-format on
    /* 19 (gym server): a pulled record this schema refuses (a CHECK: a kind a newer rack
     * knows, e.g. 'badge_remove' reaching a rack before its upgrade) waits here by table and
     * id, fetched again from the server after each start (a migration happens only at a
     * start) until it fits: the pull's cursor has moved past it, and it must never be lost. */
    "CREATE TABLE pull_waiting ("
    "  tbl TEXT NOT NULL,"
    "  uid TEXT NOT NULL,"
    "  PRIMARY KEY (tbl, uid));",
    /* 20 (gym server): a calibration of this rack's pulled back from the server (a restored
     * backup, a new SD card) that is newer than every one saved here: the one to put into
     * [plate] of the settings file, by uid, until the kiosk or rackside-ctl has done so. */
    "ALTER TABLE sync_state ADD COLUMN calibration_pulled TEXT;",
    /* 21 (gym server): why a pulled record waits (the constraint this schema refuses it by,
     * or the waiting record it names), for rackside-ctl server status; any constraint, not
     * only a newer rack's kind, makes a record wait rather than stop the pull. */
    "ALTER TABLE pull_waiting ADD COLUMN reason TEXT NOT NULL DEFAULT '';",
    /* 22 (gym server): a trainer's PIN changed at a rack (or its hash renewed) goes to the
     * other racks as a 'pin' record (the member's uid and the new hash); members.pin_us is
     * when it was set, so the latest change at any rack holds. */
    // clang-format off
    "ALTER TABLE members ADD COLUMN pin_us INTEGER NOT NULL DEFAULT 0;"
    OUTBOX_REMADE("sync_outbox_21", ", 'prefs', 'calibration', 'pin'")
    "CREATE TRIGGER members_pin AFTER UPDATE OF pin_hash ON members WHEN " NOT_PULLING
    "  AND NEW.pin_hash IS NOT OLD.pin_hash BEGIN"
    "  UPDATE members SET pin_us = " NOW_US " WHERE id = NEW.id;"
    "  INSERT INTO sync_outbox (kind, uid, payload) VALUES ('pin', " NEW_UUID ","
    "    json_array((SELECT pin_us FROM members WHERE id = NEW.id), " MEMBER_UID("NEW.id") ","
    "      NEW.pin_hash));"
    "END;",
    // clang-format on
    /* 23 (gym server): a trainer PIN lockout holds at every rack. Each lockout started here
     * (5 wrong PINs) is a record: when, until when on the wall clock, whose badge tried
     * last (NULL: a member since removed); it gets a uid and enters the outbox (kind
     * 'pin_lockout'); one pulled from another rack keeps that rack's name (NULL: here).
     * A set pulled from another rack keeps that rack's name too (NULL: lifted here, or
     * pulled before this step), so rackside-ctl sets can say where its bar samples are. */
    // clang-format off
    "ALTER TABLE sets ADD COLUMN rack TEXT;"
    "CREATE TABLE pin_lockouts ("
    "  id INTEGER PRIMARY KEY,"
    "  uid TEXT UNIQUE,"
    "  t_us INTEGER NOT NULL,"
    "  until_us INTEGER NOT NULL CHECK (until_us >= t_us),"
    "  member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,"
    "  rack TEXT);"
    "CREATE INDEX pin_lockouts_until ON pin_lockouts(until_us);"
    OUTBOX_REMADE("sync_outbox_22", ", 'prefs', 'calibration', 'pin', 'pin_lockout'")
    UID_TRIGGER("pin_lockouts", "pin_lockout", "id"),
    // clang-format on
    /* 24: whether a flag has been acknowledged, kept on the flag (flags.acked, 1 while any
     * acknowledgement of it exists) by triggers on acknowledgements, so an acknowledgement
     * made here, by rackside-ctl or pulled from the gym's server marks it alike; the
     * trainer's list finds the year's open flags by a partial index over them (holding what
     * the list reads) instead of asking acknowledgements about each of the year's flags. */
    "ALTER TABLE flags ADD COLUMN acked INTEGER NOT NULL DEFAULT 0 CHECK (acked IN (0, 1));"
    "UPDATE flags SET acked = 1 WHERE id IN (SELECT flag_id FROM acknowledgements);"
    /* acked among the columns too: SQLite 3.40 reads an index alone only when it holds
     * every column the query names, its own WHERE's included */
    "CREATE INDEX flags_open ON flags(t_us, member_id, kind, severity, acked) WHERE acked = 0;"
    "CREATE TRIGGER flags_acked AFTER INSERT ON acknowledgements BEGIN"
    "  UPDATE flags SET acked = 1 WHERE id = NEW.flag_id AND acked = 0;"
    "END;"
    "CREATE TRIGGER flags_ack_moved AFTER UPDATE OF flag_id ON acknowledgements"
    "  WHEN NEW.flag_id IS NOT OLD.flag_id BEGIN"
    "  UPDATE flags SET acked = 1 WHERE id = NEW.flag_id AND acked = 0;"
    "  UPDATE flags SET acked = 0 WHERE id = OLD.flag_id AND NOT EXISTS"
    "    (SELECT 1 FROM acknowledgements WHERE flag_id = OLD.flag_id);"
    "END;"
    "CREATE TRIGGER flags_unacked AFTER DELETE ON acknowledgements BEGIN"
    "  UPDATE flags SET acked = 0 WHERE id = OLD.flag_id AND NOT EXISTS"
    "    (SELECT 1 FROM acknowledgements WHERE flag_id = OLD.flag_id);"
    "END;",
    /* 25: an exercise's own largest step on a pound rack, in thousandths of a pound (the
     * catalogue's step_max = ... 5lb; 0: none given), beside step_max_g, its kilogram one,
     * so rackside-ctl allowed caps a pound rack's step by the pound figure. */
    "ALTER TABLE exercises ADD COLUMN step_max_lb_mu INTEGER NOT NULL DEFAULT 0;",
    /* 26: the bar unit that recorded a set (its serial; NULL unknown) and what earlier sets
     * had learned of it when the set's detector started (JSON, store.h unit_ref_to_json;
     * NULL: it started afresh), so analyze-imu measures the recording from the kiosk's own
     * start; and per unit, what its latest set learned, where its next set starts, after a
     * restart too. Local to the rack, as the bar samples are. */
    "ALTER TABLE imu_records ADD COLUMN bar_unit TEXT;"
    "ALTER TABLE imu_records ADD COLUMN unit_ref TEXT;"
    "CREATE TABLE bar_units ("
    "  serial TEXT PRIMARY KEY,"
    "  unit_ref TEXT NOT NULL,"
    "  set_key INTEGER NOT NULL,"
    "  updated_us INTEGER NOT NULL);",
};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

_Static_assert(N_MIGRATIONS == STORE_SCHEMA_VERSION, "one migration per schema version");

static int user_version(sqlite3 *db, int *out)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK)
        return -1;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? 0 : -1;
}

int store_migrate(sqlite3 *db, const char *path, char err[STORE_ERR_MAX])
{
    int version;
    if (user_version(db, &version) != 0) {
        store_db_err(db, path, err);
        return -1;
    }
    if (version > N_MIGRATIONS) {
        store_errf(err,
                   "database %s has schema version %d, newer than this rackside knows (%d): "
                   "update rackside",
                   path, version, N_MIGRATIONS);
        return -1;
    }
    for (int v = version; v < N_MIGRATIONS; v++) {
        char what[STORE_ERR_MAX];
        snprintf(what, sizeof what, "cannot migrate %s to schema version %d", path, v + 1);
        /* each step and its version number commit together, so a crash leaves a whole step */
        if (store_begin(db, what, err) != 0)
            return -1;
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
        if (sqlite3_exec(db, migrations[v], NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(db, bump, NULL, NULL, NULL) != SQLITE_OK) {
            store_db_err(db, what, err);
            store_rollback(db);
            return -1;
        }
        if (store_commit(db, what, err) != 0)
            return -1;
    }
    return 0;
}
