#include <math.h>

#include "type_scale.h"

#define MM_PER_INCH      25.4
#define PANEL_10_DIAG_IN 10.1
#define PANEL_7_DIAG_IN  7.0
#define PANEL_10_MIN_W   1024
/* Shares of the panel height no size may exceed, so a screen still holds its other parts. */
#define KEY_MAX_OF_H    0.285
#define FIGURE_MAX_OF_H 0.145
#define TITLE_MAX_OF_H  0.07
#define BODY_MAX_OF_H   0.062

double type_scale_panel_px_per_mm(int w, int h)
{
    double diag_px = sqrt((double)w * w + (double)h * h);
    /* the long side: a panel turned to portrait (800x1280) is still the 10" */
    int long_side = w > h ? w : h;
    double diag_in = long_side >= PANEL_10_MIN_W ? PANEL_10_DIAG_IN : PANEL_7_DIAG_IN;
    return diag_px / (diag_in * MM_PER_INCH);
}

/* Font px whose cap height is at least cap_mm, but no more than max_of_h of the panel's
 * short side (its height in landscape, its width in portrait). */
static int size_for(double cap_mm, double px_per_mm, double cap_of_em, int h, double max_of_h)
{
    int want = (int)ceil(cap_mm * px_per_mm / cap_of_em);
    int most = (int)floor(h * max_of_h);
    return want < most ? want : most;
}

bool type_scale_large_fits(int w, int h)
{
    return (w > h ? w : h) >= PANEL_10_MIN_W;
}

double type_scale_label_cap_mm(bool large)
{
    return large ? TYPE_LARGE_LABEL_FLOOR_MM : TYPE_LABEL_CAP_MM;
}

void type_scale_make(struct type_scale *t, int w, int h, double px_per_mm, double cap_of_em,
                     bool large)
{
    /* the 7" has no room for larger text beside a 15 mm target: the mode is the 10"'s */
    if (!type_scale_large_fits(w, h))
        large = false;
    double k = large ? TYPE_LARGE_FACTOR : 1.0;
    if (px_per_mm <= 0)
        px_per_mm = type_scale_panel_px_per_mm(w, h);
    if (cap_of_em <= 0)
        cap_of_em = 0.729;
    t->px_per_mm = px_per_mm;
    /* the short side bounds the sizes: a portrait panel holds the landscape's sizes */
    if (w < h)
        h = w;
    /* the label size is the floor for secondary text: never capped by the panel */
    int label = (int)ceil(TYPE_LABEL_CAP_MM * k * px_per_mm / cap_of_em) + 1;
    int body = size_for(TYPE_BODY_CAP_MM * k, px_per_mm, cap_of_em, h, BODY_MAX_OF_H * k);
    int title = size_for(TYPE_TITLE_CAP_MM * k, px_per_mm, cap_of_em, h, TITLE_MAX_OF_H * k);
    /* +2: glyph outlines round, and the goal is a floor */
    int key = size_for(TYPE_KEY_CAP_MM, px_per_mm, cap_of_em, h, KEY_MAX_OF_H) + 2;
    /* the figure is the same in the larger-text mode: already large, and the plot needs room */
    int figure = size_for(TYPE_FIGURE_CAP_MM, px_per_mm, cap_of_em, h, FIGURE_MAX_OF_H) + 2;
    t->px[TYPE_LABEL] = label;
    t->px[TYPE_BODY] = body > label ? body : label;
    t->px[TYPE_TITLE] = title > t->px[TYPE_BODY] ? title : t->px[TYPE_BODY];
    t->px[TYPE_FIGURE] = figure > t->px[TYPE_TITLE] ? figure : t->px[TYPE_TITLE];
    t->px[TYPE_KEY] = key;
    int least = (int)ceil(TYPE_KEY_LEAST_CAP_MM_7IN * px_per_mm / cap_of_em) + 2;
    t->key_least_px = least < key ? least : key;
    /* a little over the goal: a two-line label at the label size fits inside the border */
    t->target_px = (int)ceil(TOUCH_TARGET_MIN_MM * px_per_mm) + 3;
    t->large = large;
    if (large) { /* two lines of the larger label inside a button's border */
        int two_lines = 2 * (label + label / 6 + 2) + 6;
        t->target_px = two_lines > t->target_px ? two_lines : t->target_px;
    }
}
