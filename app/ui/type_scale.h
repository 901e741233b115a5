/*
 * The kiosk's type scale and touch-target size, in one place. Sizes are set in millimetres
 * on the panel (cap height for type), so a number reads the same from the rack on the 10"
 * and the 7" screen as far as each can hold it; px/mm comes from the panel's size.
 */
#ifndef TYPE_SCALE_H
#define TYPE_SCALE_H

#include <stdbool.h>

/* The handful of type sizes a screen may use, largest first. */
enum type_role {
    TYPE_KEY,    /* the one number a lifter reads from 3 m: load, reps, clock, tempo word */
    TYPE_FIGURE, /* a number read from a step back: the last rep's speed during the set */
    TYPE_TITLE,  /* a screen's title and the second number (a load beside the reps) */
    TYPE_BODY,   /* sentences and button labels */
    TYPE_LABEL,  /* captions and secondary lines: the smallest a lifter screen uses */
    TYPE_ROLES,
};

/* Goals, as the owners set them (cap heights and a finger's target, in mm). */
#define TYPE_KEY_CAP_MM     28.0 /* readable at 3 m */
#define TYPE_FIGURE_CAP_MM  14.0 /* half the key: read from 1.5 m */
#define TYPE_TITLE_CAP_MM   6.0
#define TYPE_BODY_CAP_MM    5.0
#define TYPE_LABEL_CAP_MM   4.0 /* secondary text never smaller */
#define TOUCH_TARGET_MIN_MM 15.0
/* The least height of a plot's marks on the trainer's screens (a flag's traces and lowering
 * times, the story's pictures): a screen that cannot give it pages instead. */
#define TRAINER_PLOT_MIN_MM 18.0
/* The least the 7"'s key number gives way to, where a screen's lines would not all fit beside
 * it at the size the panel holds (read from 1.5 m). */
#define TYPE_KEY_LEAST_CAP_MM_7IN 12.0
/* The larger-text mode ([kiosk] text_size = large, for lifters with low vision): every
 * role but the key number (already the largest the panel holds) this much larger, and
 * targets tall enough for two lines of the larger labels. */
#define TYPE_LARGE_FACTOR 1.4
/* What secondary text may shrink to in it: a long label on two lines in a button gives a
 * little (5.6 mm asked, never under 5). On the 7" the mode is off: no room. */
#define TYPE_LARGE_LABEL_FLOOR_MM 5.0

struct type_scale {
    double px_per_mm;
    bool large;         /* the larger-text mode */
    int px[TYPE_ROLES]; /* font size (em) in pixels for each role */
    int target_px;      /* the smallest side of a touch target */
    int key_least_px;   /* the least the key may give way to (TYPE_KEY_LEAST_CAP_MM_7IN) */
};

/*
 * px/mm of the panel w x h pixels: 1280x800 and larger are taken as the 10.1" panel,
 * smaller as the 7" (the two the kiosk ships for).
 */
double type_scale_panel_px_per_mm(int w, int h);

/*
 * The scale for a w x h panel at px_per_mm (0: from the panel's size). cap_of_em is the
 * font's cap height as a share of its em (DejaVu Sans: 0.729). A size that would not fit
 * the panel's height is held to a share of it (the 7" holds a smaller key number).
 */
void type_scale_make(struct type_scale *t, int w, int h, double px_per_mm, double cap_of_em,
                     bool large);

/* Whether a w x h panel holds the larger-text mode (the 10" does, the 7" has no room). */
bool type_scale_large_fits(int w, int h);

/* The smallest cap height secondary text may have in the mode, in mm. */
double type_scale_label_cap_mm(bool large);

#endif
