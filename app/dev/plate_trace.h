/*
 * Recorded plate traces: CSV with the header "t_us,left_counts,right_counts", one sample
 * a line, raw signed 24-bit counts; an empty count is a side that did not answer. Lines
 * are parsed one at a time (libcsv), so an error names its line.
 */
#ifndef PLATE_TRACE_H
#define PLATE_TRACE_H

#include <stdbool.h>
#include <stdio.h>

#include "../core/load.h"

#define PLATE_TRACE_HEADER  "t_us,left_counts,right_counts"
#define PLATE_TRACE_ERR_MAX 160

/*
 * One line (without its newline). The first line must be the header (*out untouched,
 * returns 0); after it, returns 1 with a sample, 0 for an empty line, -1 with what is
 * wrong in err. prev_us is the previous sample's time (INT64_MIN for none): times must
 * rise.
 */
int plate_trace_parse_line(const char *line, bool header, int64_t prev_us, struct plate_sample *out,
                           char err[PLATE_TRACE_ERR_MAX]);

/* "OFF,CPK,OFF,CPK" (offset and counts per kg, left then right) to a calibration. */
bool plate_trace_parse_cal(const char *text, struct load_calibration *cal,
                           char err[PLATE_TRACE_ERR_MAX]);

#endif
