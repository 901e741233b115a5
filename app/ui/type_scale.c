#include <math.h>

#include "type_scale.h"

#define MM_PER_INCH      25.4
#define PANEL_10_DIAG_IN 10.1
#define PANEL_7_DIAG_IN  7.0
#define PANEL_10_MIN_W   1024
/* Shares of the panel height no size may exceed, so a screen still holds its other parts. */
#define KEY_MAX_OF_H   0.285
#define TITLE_MAX_OF_H 0.07
#define BODY_MAX_OF_H  0.062

double type_scale_panel_px_per_mm(int w, int h)
{
    double diag_px = sqrt((double)w * w + (double)h * h);
    double diag_in = w >= PANEL_10_MIN_W ? PANEL_10_DIAG_IN : PANEL_7_DIAG_IN;
    return diag_px / (diag_in * MM_PER_INCH);
}

/* Font px whose cap height is at least cap_mm, but no more than max_of_h of the height. */
static int size_for(double cap_mm, double px_per_mm, double cap_of_em, int h, double max_of_h)
{
    int want = (int)ceil(cap_mm * px_per_mm / cap_of_em);
    int most = (int)floor(h * max_of_h);
    return want < most ? want : most;
}

void type_scale_make(struct type_scale *t, int w, int h, double px_per_mm, double cap_of_em)
{
    if (px_per_mm <= 0)
        px_per_mm = type_scale_panel_px_per_mm(w, h);
    if (cap_of_em <= 0)
        cap_of_em = 0.729;
    t->px_per_mm = px_per_mm;
    /* the label size is the floor for secondary text: never capped by the panel */
    int label = (int)ceil(TYPE_LABEL_CAP_MM * px_per_mm / cap_of_em) + 1;
    int body = size_for(TYPE_BODY_CAP_MM, px_per_mm, cap_of_em, h, BODY_MAX_OF_H);
    int title = size_for(TYPE_TITLE_CAP_MM, px_per_mm, cap_of_em, h, TITLE_MAX_OF_H);
    /* +2: glyph outlines round, and the goal is a floor */
    int key = size_for(TYPE_KEY_CAP_MM, px_per_mm, cap_of_em, h, KEY_MAX_OF_H) + 2;
    t->px[TYPE_LABEL] = label;
    t->px[TYPE_BODY] = body > label ? body : label;
    t->px[TYPE_TITLE] = title > t->px[TYPE_BODY] ? title : t->px[TYPE_BODY];
    t->px[TYPE_KEY] = key;
    /* a little over the goal: a two-line label at the label size fits inside the border */
    t->target_px = (int)ceil(TOUCH_TARGET_MIN_MM * px_per_mm) + 3;
}
