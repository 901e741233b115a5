/*
 * The enrolment screen (DESIGN.md "Enrolment screen", issue 9): before a lifter's first
 * lift, and again once the last answers are older than rules.screening_valid_days (about
 * six months), a short history screen of the informative red flags from the clinical
 * literature. Any yes: no lifting until a trainer clears it with a reason (recorded).
 * Pure: the store hands in the last screening, the session asks what it means today.
 */
#ifndef SCREENING_H
#define SCREENING_H

#include <stdbool.h>
#include <stdint.h>

#define SCREENING_QUESTIONS 5

/* yes_mask after the retention of health answers removed which questions had a yes: the
 * decision (a yes, waiting for or given a trainer's clearance) stays, the answers go. */
#define SCREENING_YES_REMOVED (1u << 30)

/* The lifter's last screening as the store keeps it. */
struct screening_record {
    int64_t day;       /* the gym day it was answered, -1 never */
    uint32_t yes_mask; /* 1 << question answered yes */
    bool cleared;      /* a trainer cleared the yes answers, with a reason */
};

enum screening_need {
    SCREENING_OK,        /* answered within the window, all no or cleared */
    SCREENING_DUE,       /* never answered, or too long ago: ask before lifting */
    SCREENING_CLEARANCE, /* a yes not yet cleared by a trainer: no lifting */
};

enum screening_need screening_need(const struct screening_record *last, int64_t today,
                                   int valid_days);
/* "A history of cancer?" ... */
const char *screening_question(int index);
/* The lifter-facing reason for SCREENING_CLEARANCE, one sentence. */
const char *screening_wait_text(void);

#endif
