/*
 * Scenarios: a file of timed events that drives the real kiosk on a virtual clock (the
 * format is in README.md, "Scenarios"). The file is read whole before the kiosk starts,
 * so a mistake in it is reported as FILE:LINE and nothing runs.
 */
#ifndef SCENARIO_H
#define SCENARIO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct kiosk;
struct scenario;

#define SCENARIO_ERR_MAX 512

/* Reads and checks the file. NULL with "FILE:LINE: what is wrong" in err. */
struct scenario *scenario_load(const char *path, char err[SCENARIO_ERR_MAX]);
void scenario_free(struct scenario *sc);

/* A "clock" line at the start: the wall time the virtual clock starts at, else 0. */
int64_t scenario_start_wall_us(const struct scenario *sc);

/* An "anchor N" line: the run needs N seconds within one gym day (0: no need). */
int64_t scenario_anchor_us(const struct scenario *sc);

/* A "tempo" line: the tempo every exercise takes in this run (eccentric, bottom pause,
 * concentric, top pause, ms), as if the catalogue said so; NULL the catalogue's own. */
const int *scenario_tempo_ms(const struct scenario *sc);

enum scenario_state { SCENARIO_RUNNING, SCENARIO_PASSED, SCENARIO_FAILED };

/*
 * Plays every event due at virtual time t_us (microseconds from the start). On failure a
 * line "FILE:LINE: what was expected: what was seen" is written to log.
 */
enum scenario_state scenario_step(struct scenario *sc, struct kiosk *k, int64_t t_us, FILE *log);

/* Prints every control name and what it does. */
void scenario_print_controls(FILE *out);

#endif
