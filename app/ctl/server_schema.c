/*
 * Every record a kiosk makes is a row keyed by a globally unique id (uuid, made at the
 * rack when the record is made) and tagged with the rack that made it. Records are never
 * changed on the server, only added: a retried push is an INSERT ... ON CONFLICT (id) DO
 * NOTHING, so it never duplicates, and what a lifter's day or cap is follows from the
 * records of every rack (the highest pain, any red flag, the latest start load) rather
 * than from whichever rack wrote last.
 *
 * seq (one gym-wide sequence) and txid (the inserting transaction) are the pull cursor: a
 * kiosk reads the rows of a window of transactions [lo, hi), hi the oldest transaction
 * still running when the window opened (pg_snapshot_xmin), in seq order (app/sync/pull.h),
 * so a row whose transaction commits late is never skipped.
 *
 * Each kiosk logs in as its own role, a member of rackside_kiosk: it may read every
 * rack's records and insert only rows naming its own rack (row-level security on the
 * racks table's role column); it may not update or delete anything.
 */
#include "server_schema.h"

#include "../core/screening.h"

#define RECORD                                                                                     \
    "  id uuid PRIMARY KEY,"                                                                       \
    "  rack text NOT NULL REFERENCES racks(name),"                                                 \
    "  created_us bigint NOT NULL,"                                                                \
    "  seq bigint NOT NULL DEFAULT nextval('record_seq'),"                                         \
    "  txid xid8 NOT NULL DEFAULT pg_current_xact_id(),"

/* references between records are checked at commit, so a push may send them in any order */
/* a purge never reaches the last day's answers, whatever cut-off a kiosk sends */
#define PURGE_FLOOR_S "86400"
/* core/screening.h's marker for a yes whose questions were purged, as SQL text */
#define SCREENING_YES_REMOVED_SQL "1073741824"
_Static_assert(SCREENING_YES_REMOVED == 1073741824u,
               "the server's purge marks a yes as the kiosk does");

#define REF(table) " REFERENCES " table "(id) DEFERRABLE INITIALLY DEFERRED"

const char server_group_role_sql[] =
    "DO $$ BEGIN"
    "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" SERVER_KIOSK_GROUP "') THEN"
    "    CREATE ROLE " SERVER_KIOSK_GROUP " NOLOGIN;"
    "  END IF;"
    "END $$;";

/* SQL with macros between its strings, laid out by hand */
// clang-format off
static const struct server_migration steps[] = {
    {"the gym's records: members, badges, exercises, check-ins, sessions, sets, "
     "reps, flags, "
     "acknowledgements, start loads, overrides, calibrations; kiosk roles",
     "CREATE SEQUENCE record_seq;"
     "CREATE TABLE racks ("
     "  name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9 _-]*$'),"
     "  role name UNIQUE,"
     "  created_at timestamptz NOT NULL DEFAULT now());"
     "CREATE TABLE members (" RECORD "  name text NOT NULL,"
     "  role text NOT NULL CHECK (role IN ('lifter', 'trainer')),"
     "  pin_hash text);"
     /* a badge given (removed = false) or taken away; the latest record for a uid
     holds */
     "CREATE TABLE badges (" RECORD "  uid text NOT NULL,"
     "  member_id uuid NOT NULL" REF("members") ","
     "  removed boolean NOT NULL DEFAULT false);"
     "CREATE INDEX badges_uid ON badges (uid, created_us);"
     "CREATE TABLE exercises (" RECORD "  name text NOT NULL,"
     "  upper_body boolean NOT NULL,"
     "  on_plate boolean NOT NULL,"
     "  target_reps integer NOT NULL CHECK (target_reps > 0),"
     "  work_sets integer NOT NULL CHECK (work_sets > 0));"
     /* each check-in answered: the day's decision is the highest
     pain and any red flag */
     "CREATE TABLE checkins (" RECORD
     "  member_id uuid NOT NULL" REF("members") ","
     "  day date NOT NULL,"
     "  pain integer NOT NULL CHECK (pain BETWEEN 0 "
     "AND 10),"
     "  red_flags integer NOT NULL DEFAULT 0,"
     "  no_lift boolean NOT NULL);"
     "CREATE INDEX checkins_day ON checkins "
     "(member_id, day);"
     "CREATE TABLE warmups (" RECORD
     "  member_id uuid NOT NULL" REF("members") ","
     "  done_us bigint "
     "NOT NULL);"
     "CREATE INDEX "
     "warmups_member ON "
     "warmups (member_id, "
     "done_us);"
     /* a trainer's
     clearance of a
     no-lifting day,
     with its reason */
     "CREATE TABLE "
     "clearances (" RECORD "  "
     "member_id "
     "uuid NOT "
     "NULL" REF("members") ","
     "  day date NOT NULL,"
     "  by_member_id uuid NOT NULL" REF("members") ","
     "  reason text NOT NULL);"
     "CREATE TABLE sessions (" RECORD "  member_id uuid NOT NULL" REF("members") ","
     "  started_us bigint NOT NULL,"
     "  ended_us bigint,"
     "  pain integer NOT NULL,"
     "  red_flags integer NOT NULL DEFAULT 0,"
     "  body_g integer);"
     "CREATE TABLE sets (" RECORD "  session_id uuid" REF("sessions") ","
     "  member_id uuid NOT NULL" REF("members") ","
     "  exercise_id uuid NOT NULL" REF("exercises") ","
     "  started_us bigint NOT NULL,"
     "  load_g integer NOT NULL CHECK (load_g >= 0),"
     "  declared boolean NOT NULL,"
     "  target_reps integer NOT NULL,"
     "  reps_done integer NOT NULL,"
     "  clean boolean NOT NULL,"
     "  stopped boolean NOT NULL,"
     "  left_pct integer);"
     "CREATE INDEX sets_member ON sets (member_id, exercise_id, started_us);"
     /* the rep's measures; the raw bar samples stay at the rack */
     "CREATE TABLE reps (" RECORD "  set_id uuid NOT NULL" REF("sets") ","
     "  idx integer NOT NULL,"
     "  ecc_ms integer, bottom_ms integer, conc_ms integer, top_ms integer,"
     "  rom_mm integer, mean_conc_mmps integer, peak_conc_mmps integer,"
     "  peak_horiz_mg integer, peak_gyro_dps integer,"
     "  rushed boolean NOT NULL, momentum boolean NOT NULL,"
     "  UNIQUE (set_id, idx));"
     "CREATE TABLE flags (" RECORD
     "  t_us bigint NOT NULL,"
     "  member_id uuid" REF("members") ","
     "  session_id uuid" REF("sessions") ","
     "  set_id uuid" REF("sets") ","
     "  kind text NOT NULL,"
     "  severity text NOT NULL,"
     "  rep integer NOT NULL DEFAULT 0,"
     "  detail text NOT NULL DEFAULT '');"
     "CREATE INDEX flags_time ON flags (t_us);"
     "CREATE TABLE acknowledgements (" RECORD
     "  flag_id uuid NOT NULL" REF("flags") ","
     "  by_member_id uuid NOT NULL" REF("members") ","
     "  note text NOT NULL DEFAULT '');"
     "CREATE INDEX acknowledgements_flag ON acknowledgements (flag_id);"
     /* the latest start load for a member and exercise holds */
     "CREATE TABLE start_loads (" RECORD
     "  member_id uuid NOT NULL" REF("members") ","
     "  exercise_id uuid NOT NULL" REF("exercises") ","
     "  load_g integer NOT NULL CHECK (load_g > 0));"
     "CREATE TABLE overrides (" RECORD "  member_id uuid NOT NULL" REF("members") ","
     "  exercise_id uuid NOT NULL" REF("exercises") ","
     "  day date NOT NULL,"
     "  load_g integer NOT NULL CHECK (load_g > 0),"
     "  reason text NOT NULL,"
     "  by_member_id uuid NOT NULL" REF("members") ");"
     "CREATE INDEX overrides_day ON overrides (member_id, exercise_id, day);"
     /* the audit of the rack's plate calibrations: who, when, what it read */
     "CREATE TABLE calibrations (" RECORD
     "  by_text text NOT NULL DEFAULT '',"
     "  offset_left integer NOT NULL, offset_right integer NOT NULL,"
     "  g_per_count_left double precision NOT NULL,"
     "  g_per_count_right double precision NOT NULL,"
     "  known_g integer);"
     "DO $$ DECLARE t text; BEGIN"
     "  EXECUTE format('GRANT USAGE ON SCHEMA %I TO " SERVER_KIOSK_GROUP
     "', current_schema());"
     "  FOREACH t IN ARRAY ARRAY['members', 'badges', 'exercises', 'checkins', 'warmups',"
     "                           'clearances', 'sessions', 'sets', 'reps', 'flags',"
     "                           'acknowledgements', 'start_loads', 'overrides',"
     "                           'calibrations'] LOOP"
     "    EXECUTE format('CREATE INDEX %I ON %I (seq)', t || '_seq', t);"
     "    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);"
     "    EXECUTE format('CREATE POLICY read_gym ON %I FOR SELECT TO " SERVER_KIOSK_GROUP
     " USING (true)', t);"
     "    EXECUTE format('CREATE POLICY insert_own_rack ON %I FOR INSERT TO " SERVER_KIOSK_GROUP
     " WITH CHECK (rack IN (SELECT name FROM racks WHERE role = current_user))', t);"
     "    EXECUTE format('GRANT SELECT, INSERT ON %I TO " SERVER_KIOSK_GROUP
     "', t);"
     "  END LOOP;"
     "END $$;"
     "GRANT SELECT ON racks, schema_version TO " SERVER_KIOSK_GROUP
     ";"
     "GRANT USAGE ON SEQUENCE record_seq TO " SERVER_KIOSK_GROUP
     ";"},
    {"the pull's window of transactions: each record table by txid",
     "DO $$ DECLARE t text; BEGIN"
     "  FOREACH t IN ARRAY ARRAY['members', 'badges', 'exercises', 'checkins', 'warmups',"
     "                           'clearances', 'sessions', 'sets', 'reps', 'flags',"
     "                           'acknowledgements', 'start_loads', 'overrides',"
     "                           'calibrations'] LOOP"
     "    EXECUTE format('CREATE INDEX %I ON %I (txid, seq)', t || '_txid', t);"
     "  END LOOP;"
     "END $$;"},
    /* The rest of what the gym shares, and the purge of old health answers. Kiosks only
     * add rows; a purge is the one change, made by purge_health, which runs with its
     * owner's rights (SECURITY DEFINER): a kiosk can ask for it, not update or delete
     * anything itself. It applies to every rack's answers older than the cut-off (a
     * gym's retention is the gym's), never to the last PURGE_FLOOR (a kiosk's
     * credentials cannot erase today's red flag, which holds the lifter at every rack),
     * and each purge is kept in purges (who, when, the cut-off, how many). */
    {"enrolment screens and their clearances, trainer actions, the purge of old health "
     "answers",
     "ALTER TABLE checkins DROP CONSTRAINT checkins_pain_check,"
     "  ADD CONSTRAINT checkins_pain_check CHECK (pain BETWEEN -1 AND 10);"
     "CREATE TABLE screenings (" RECORD
     "  member_id uuid NOT NULL" REF("members") ","
     "  day date NOT NULL,"
     "  answers integer NOT NULL,"
     "  t_us bigint NOT NULL);"
     "CREATE INDEX screenings_member ON screenings (member_id, t_us);"
     "CREATE TABLE screening_clearances (" RECORD
     "  screening_id uuid NOT NULL" REF("screenings") ","
     "  by_member_id uuid" REF("members") ","
     "  reason text NOT NULL);"
     "CREATE TABLE trainer_actions (" RECORD
     "  t_us bigint NOT NULL,"
     "  by_member_id uuid" REF("members") ","
     "  member_id uuid" REF("members") ","
     "  kind text NOT NULL,"
     "  flag_id uuid" REF("flags") ","
     "  exercise_id uuid" REF("exercises") ","
     "  load_g integer,"
     "  note text NOT NULL DEFAULT '');"
     "CREATE INDEX trainer_actions_member ON trainer_actions (member_id, t_us);"
     "CREATE TABLE purges (" RECORD
     "  by_role name NOT NULL DEFAULT session_user,"
     "  before_us bigint NOT NULL,"
     "  applied_before_us bigint NOT NULL,"
     "  checkins integer NOT NULL, sessions integer NOT NULL, flags integer NOT NULL,"
     "  screenings integer NOT NULL DEFAULT 0);"
     "CREATE INDEX flags_kind_time ON flags (kind, t_us);"
     /* a lifter's latest start load and today's clearance, read for a cap (make bench) */
     "CREATE INDEX start_loads_member ON start_loads (member_id, exercise_id, created_us);"
     "CREATE INDEX clearances_day ON clearances (member_id, day);"
     "CREATE INDEX checkins_day_only ON checkins (day);"
     "CREATE INDEX sessions_time ON sessions (started_us);"
     "DO $$ DECLARE t text; BEGIN"
     "  FOREACH t IN ARRAY ARRAY['screenings', 'screening_clearances', 'trainer_actions',"
     "                           'purges'] LOOP"
     "    EXECUTE format('CREATE INDEX %I ON %I (seq)', t || '_seq', t);"
     "    EXECUTE format('CREATE INDEX %I ON %I (txid, seq)', t || '_txid', t);"
     "    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);"
     "    EXECUTE format('CREATE POLICY read_gym ON %I FOR SELECT TO " SERVER_KIOSK_GROUP
     " USING (true)', t);"
     "    EXECUTE format('CREATE POLICY insert_own_rack ON %I FOR INSERT TO " SERVER_KIOSK_GROUP
     " WITH CHECK (rack IN (SELECT name FROM racks WHERE role = current_user))', t);"
     "    EXECUTE format('GRANT SELECT ON %I TO " SERVER_KIOSK_GROUP "', t);"
     "  END LOOP;"
     "END $$;"
     "GRANT INSERT ON screenings, screening_clearances, trainer_actions TO " SERVER_KIOSK_GROUP ";"
     /* p_*: the purge record's id, rack and time, its cut-off (wall µs and gym day) */
     "CREATE FUNCTION purge_health(p_id uuid, p_rack text, p_created_us bigint,"
     "  p_before_us bigint, p_before_day integer) RETURNS integer"
     "  LANGUAGE plpgsql SECURITY DEFINER AS $f$"
     " DECLARE"
     "  floor_us bigint := ((extract(epoch FROM now()) - " PURGE_FLOOR_S ") * 1000000)::bigint;"
     "  cut_us bigint := least(p_before_us, floor_us);"
     "  cut_day date := least(date '1970-01-01' + p_before_day,"
     "    (to_timestamp(floor_us / 1000000.0))::date);"
     "  n_checkins integer; n_sessions integer; n_flags integer; n_screenings integer;"
     " BEGIN"
     "  IF NOT EXISTS (SELECT 1 FROM racks WHERE name = p_rack AND role IS NOT NULL"
     "                 AND pg_has_role(session_user, role, 'MEMBER')) THEN"
     "    RAISE EXCEPTION 'rack % is not this role''s rack', p_rack"
     "      USING ERRCODE = 'insufficient_privilege';"
     "  END IF;"
     "  IF EXISTS (SELECT 1 FROM purges WHERE id = p_id) THEN RETURN 0; END IF;"
     "  UPDATE checkins SET pain = -1, red_flags = 0"
     "    WHERE day < cut_day AND (pain <> -1 OR red_flags <> 0);"
     "  GET DIAGNOSTICS n_checkins = ROW_COUNT;"
     "  UPDATE sessions SET pain = -1, red_flags = 0"
     "    WHERE started_us < cut_us AND (pain <> -1 OR red_flags <> 0);"
     "  GET DIAGNOSTICS n_sessions = ROW_COUNT;"
     "  UPDATE trainer_actions SET note = '', flag_id = NULL WHERE flag_id IN"
     "    (SELECT id FROM flags WHERE t_us < cut_us AND kind IN ('pain', 'red-flag'));"
     "  DELETE FROM acknowledgements WHERE flag_id IN"
     "    (SELECT id FROM flags WHERE t_us < cut_us AND kind IN ('pain', 'red-flag'));"
     "  DELETE FROM flags WHERE t_us < cut_us AND kind IN ('pain', 'red-flag');"
     "  GET DIAGNOSTICS n_flags = ROW_COUNT;"
     /* as at the kiosk (store_purge_health): an enrolment screen keeps its decision (a yes
      * still needs a trainer) and loses which questions; trainers' words that may speak of
      * health go, their actions stay */
     "  UPDATE screenings SET answers = " SCREENING_YES_REMOVED_SQL " WHERE t_us < cut_us"
     "    AND answers <> 0 AND answers <> " SCREENING_YES_REMOVED_SQL ";"
     "  GET DIAGNOSTICS n_screenings = ROW_COUNT;"
     "  UPDATE screening_clearances SET reason = '' WHERE created_us < cut_us AND reason <> '';"
     "  UPDATE clearances SET reason = '' WHERE day < cut_day AND reason <> '';"
     "  UPDATE flags SET detail = '' WHERE t_us < cut_us AND kind = 'screening' AND detail <> '';"
     "  UPDATE acknowledgements SET note = '' WHERE note <> '' AND flag_id IN"
     "    (SELECT id FROM flags WHERE t_us < cut_us AND kind = 'screening');"
     "  UPDATE trainer_actions SET note = '' WHERE note <> '' AND (flag_id IN"
     "    (SELECT id FROM flags WHERE t_us < cut_us AND kind = 'screening') OR"
     "    (t_us < cut_us AND kind IN ('clear_day', 'clear_screen')));"
     "  INSERT INTO purges (id, rack, created_us, before_us, applied_before_us, checkins,"
     "    sessions, flags, screenings) VALUES (p_id, p_rack, p_created_us, p_before_us,"
     "    cut_us, n_checkins, n_sessions, n_flags, n_screenings);"
     "  RETURN n_checkins + n_sessions + n_flags + n_screenings;"
     " END $f$;"
     "DO $$ BEGIN"
     "  EXECUTE format('ALTER FUNCTION purge_health(uuid, text, bigint, bigint, integer)"
     "    SET search_path = %I, pg_temp', current_schema());"
     "END $$;"
     "REVOKE ALL ON FUNCTION purge_health(uuid, text, bigint, bigint, integer) FROM PUBLIC;"
     "GRANT EXECUTE ON FUNCTION purge_health(uuid, text, bigint, bigint, integer) TO "
     SERVER_KIOSK_GROUP ";"},
    /* a member's own language and unit ('': the rack's), as chosen at a rack: the latest
     * record for a member holds. Not checked against a list here, so a newer rack's
     * language is kept for the racks that know it. */
    {"members' language and unit",
     "CREATE TABLE member_prefs (" RECORD
     "  member_id uuid NOT NULL" REF("members") ","
     "  language text NOT NULL CHECK (length(language) <= 16),"
     "  unit text NOT NULL CHECK (length(unit) <= 16));"
     "CREATE INDEX member_prefs_member ON member_prefs (member_id, created_us);"
     "CREATE INDEX member_prefs_seq ON member_prefs (seq);"
     "CREATE INDEX member_prefs_txid ON member_prefs (txid, seq);"
     "ALTER TABLE member_prefs ENABLE ROW LEVEL SECURITY;"
     "CREATE POLICY read_gym ON member_prefs FOR SELECT TO " SERVER_KIOSK_GROUP " USING (true);"
     "CREATE POLICY insert_own_rack ON member_prefs FOR INSERT TO " SERVER_KIOSK_GROUP
     " WITH CHECK (rack IN (SELECT name FROM racks WHERE role = current_user));"
     "GRANT SELECT, INSERT ON member_prefs TO " SERVER_KIOSK_GROUP ";"},
    /* The calibrations' audit in full, as each kiosk keeps it (its schema step 17): when,
     * the trainer (or by_text, an operator's login), from the Calibrate page or the command
     * line, where the known weight stood, the calibration replaced, the check's error and
     * what became of it. Step 1's row-level security and grants cover the new columns: a
     * kiosk inserts its own rack's rows and reads the gym's. */
    {"the calibrations' audit: who, from where, the old and new calibration, the result",
     "ALTER TABLE calibrations"
     "  ADD COLUMN t_us bigint,"
     "  ADD COLUMN by_member_id uuid" REF("members") ","
     "  ADD COLUMN source text CHECK (source IN ('kiosk', 'ctl')),"
     "  ADD COLUMN middle boolean,"
     "  ADD COLUMN old_offset_left integer, ADD COLUMN old_offset_right integer,"
     "  ADD COLUMN old_g_per_count_left double precision,"
     "  ADD COLUMN old_g_per_count_right double precision,"
     "  ADD COLUMN check_error_g double precision,"
     "  ADD COLUMN result text CHECK (length(result) <= 200);"
     "CREATE INDEX calibrations_rack_time ON calibrations (rack, t_us);"},
    /* a member's own text size ('': the rack's) with their language and unit; a record
     * from a rack that does not send it keeps '' */
    {"members' text size",
     "ALTER TABLE member_prefs ADD COLUMN text_size text NOT NULL DEFAULT ''"
     "  CHECK (length(text_size) <= 16);"},
    /* a trainer's PIN changed at a rack (its hash): the latest record for a member holds */
    {"trainers' PIN changes",
     "CREATE TABLE member_pins (" RECORD
     "  member_id uuid NOT NULL" REF("members") ","
     "  pin_hash text NOT NULL CHECK (length(pin_hash) <= 256));"
     "CREATE INDEX member_pins_member ON member_pins (member_id, created_us);"
     "CREATE INDEX member_pins_seq ON member_pins (seq);"
     "CREATE INDEX member_pins_txid ON member_pins (txid, seq);"
     "ALTER TABLE member_pins ENABLE ROW LEVEL SECURITY;"
     "CREATE POLICY read_gym ON member_pins FOR SELECT TO " SERVER_KIOSK_GROUP " USING (true);"
     "CREATE POLICY insert_own_rack ON member_pins FOR INSERT TO " SERVER_KIOSK_GROUP
     " WITH CHECK (rack IN (SELECT name FROM racks WHERE role = current_user));"
     "GRANT SELECT, INSERT ON member_pins TO " SERVER_KIOSK_GROUP ";"},
    /* a trainer PIN lockout started at a rack (5 wrong PINs): every rack holds trainer
     * access locked until it ends; member_id is whose badge tried last */
    {"trainers' PIN lockouts",
     "CREATE TABLE pin_lockouts (" RECORD
     "  member_id uuid" REF("members") ","
     "  until_us bigint NOT NULL CHECK (until_us >= created_us));"
     "CREATE INDEX pin_lockouts_seq ON pin_lockouts (seq);"
     "CREATE INDEX pin_lockouts_txid ON pin_lockouts (txid, seq);"
     "ALTER TABLE pin_lockouts ENABLE ROW LEVEL SECURITY;"
     "CREATE POLICY read_gym ON pin_lockouts FOR SELECT TO " SERVER_KIOSK_GROUP " USING (true);"
     "CREATE POLICY insert_own_rack ON pin_lockouts FOR INSERT TO " SERVER_KIOSK_GROUP
     " WITH CHECK (rack IN (SELECT name FROM racks WHERE role = current_user));"
     "GRANT SELECT, INSERT ON pin_lockouts TO " SERVER_KIOSK_GROUP ";"},
};
// clang-format on

const struct server_migration *server_migrations(int *n)
{
    *n = (int)(sizeof steps / sizeof steps[0]);
    return steps;
}
