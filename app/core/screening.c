#include <stddef.h>

#include "screening.h"

/* Informative history red flags (DESIGN.md, from the low-back-pain red-flag lists). */
static const char *const questions[SCREENING_QUESTIONS] = {
    "Have you ever had cancer?",
    "Have you taken steroid tablets or injections for months at a time?",
    "Have you had a bad fall or a hard blow to your back recently?",
    "Has a doctor told you that you have osteoporosis (thin bones)?",
    "Have you had back surgery in the last year?",
};

const char *screening_question(int index)
{
    return index >= 0 && index < SCREENING_QUESTIONS ? questions[index] : "";
}

const char *screening_wait_text(void)
{
    return "You answered yes to a question about your back's history. A trainer needs to "
           "clear you before your first lift.";
}

enum screening_need screening_need(const struct screening_record *last, int64_t today,
                                   int valid_days)
{
    if (!last || last->day < 0)
        return SCREENING_DUE;
    /* a yes stands until a trainer clears it, however long ago it was answered */
    if (last->yes_mask != 0 && !last->cleared)
        return SCREENING_CLEARANCE;
    return today - last->day >= valid_days ? SCREENING_DUE : SCREENING_OK;
}
