/*
 * The rack's bar and plate set: which loads it can make, in grams inside and in the
 * rack's unit (kg or lb) at the edges. A load is the bar plus the same plates on each
 * side, so the loads it makes are the bar plus twice a sum of the plates (each kind up to
 * its number of pairs). Pure: no I/O.
 *
 * The table of loads counts in thousandths of the rack's unit ("milli-units", mu): grams on
 * a kilogram rack, thousandths of a pound on a pound rack. Every bar and plate given to
 * 0.01 of its unit is a whole count there, so sums are exact: a 0.5 lb plate is 500 mu,
 * where in grams it is 226.796185 and no whole number. Loads cross to grams only at the
 * edges, each to the nearest gram (45 lb + 2 x 0.5 lb = 46000 mu = 20865 g).
 */
#ifndef PLATES_H
#define PLATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PLATES_MAX_KINDS     12
#define PLATES_PAIRS_DEFAULT 10   /* pairs of each kind when the set does not say */
#define PLATES_SIDE_SLOTS    4096 /* per-side sums known, in steps of the plates' gcd */
#define PLATES_SPEC_MAX      128
#define PLATES_REACH_G       500000 /* the table must make loads up to this (or all) */
#define PLATES_ERR_MAX       160
#define PLATES_G_PER_LB      453.59237
/* On pound plates, loads this close are the same load: 225 lb (102058.28 g) written as
 * 102.058 kg is still 225 lb, and so is a load stored to the gram and added to by hand
 * (the trainer's steps). Far below a plate's tolerance. */
#define PLATES_LB_SAME_G 3
#define PLATES_MU_GIVEN  10 /* bars and plates are given to 0.01 of the unit: 10 mu */
#define PLATES_SAID_MU   50 /* plates are marked in 0.05s of the unit (1.25, 0.5, 0.25) */

enum rack_unit { RACK_KG, RACK_LB };

struct plate_set {
    enum rack_unit unit;
    int32_t bar_g; /* the bar and each plate to the nearest gram, as the kiosk reads them */
    int n_kinds;
    int32_t plate_g[PLATES_MAX_KINDS]; /* one plate of each kind */
    int pairs[PLATES_MAX_KINDS];
    /* the table (plates_build), in milli-units */
    int32_t bar_mu;
    int32_t grain_mu;                         /* gcd of the plates: per-side sums step by it */
    int n_slots;                              /* per-side sums known: 0 .. n_slots - 1 grains */
    uint64_t side_ok[PLATES_SIDE_SLOTS / 64]; /* bit i: i grains a side can be made */
};

/* 20 kg bar, 25/20/15/10/5/2.5/1.25 kg plates. */
void plates_default_kg(struct plate_set *ps);
/* 45 lb bar, 45/35/25/10/5/2.5 lb plates. */
void plates_default_lb(struct plate_set *ps);

/*
 * Builds a set from the rack's unit ("kg" or "lb"), the bar ("20") and the plates in that
 * unit, heaviest first or not, each optionally with its pairs: "25x4/20/15/10/5/2.5/1.25".
 * 0 ok; -1 with a one-line reason in err (no file or line: the caller adds them).
 */
int plates_parse(struct plate_set *ps, const char *unit, const char *bar, const char *plates,
                 char err[PLATES_ERR_MAX]);
/*
 * base with a rack's own parts in its place: bar and plates as plates_parse takes them, ""
 * for a part the rack does not give (base's is kept). 0 ok; -1 with a reason in err.
 */
int plates_over(struct plate_set *ps, const struct plate_set *base, const char *bar,
                const char *plates, char err[PLATES_ERR_MAX]);
/* The same two with the reason kept to say in the reader's language (phrase.h). */
struct phrase_said;
int plates_parse_said(struct plate_set *ps, const char *unit, const char *bar, const char *plates,
                      struct phrase_said *why);
int plates_over_said(struct plate_set *ps, const struct plate_set *base, const char *bar,
                     const char *plates, struct phrase_said *why);
/* Rebuilds the table of sums after plate_g/pairs/bar_g changed by hand (each gram value
 * read as the nearest 0.01 of the unit, the finest a set is given in). */
void plates_build(struct plate_set *ps);

/*
 * The heaviest load the set makes at or below load_g (+ PLATES_LB_SAME_G in lb). A load under the
 * bar gives the bar and false: the rack cannot go lighter, and the caller must say so.
 */
bool plates_round_down(const struct plate_set *ps, int64_t load_g, int32_t *out_g);
/*
 * The lightest load the set makes at or above load_g (- PLATES_LB_SAME_G in lb): the bar
 * for a load under it; false (and the heaviest it makes) when the plates cannot reach it.
 */
bool plates_round_up(const struct plate_set *ps, int64_t load_g, int32_t *out_g);
/* The smallest increase the plates can make on the bar (a pair of the lightest). */
int32_t plates_smallest_increment_g(const struct plate_set *ps);

/* A value in the rack's unit -> grams (nearest); "2.5" lb -> 1134. */
int32_t plates_unit_to_g(enum rack_unit unit, double value);
/* Milli-units -> grams (nearest): 500 lb-mu -> 227. */
int32_t plates_mu_to_g(enum rack_unit unit, int64_t mu);
/* A bar's or plate's grams -> its milli-units, as the nearest 0.01 of the unit it was given
 * in: 227 g on a pound rack -> 500 (0.5 lb), 20412 g -> 45000. */
int64_t plates_given_mu(enum rack_unit unit, int64_t g);
/* A load's grams -> milli-units, down (a pound load PLATES_LB_SAME_G over): 20865 g on a
 * pound rack -> 46000 (46 lb), though 46 lb is 20865.25 g. */
int64_t plates_load_mu(enum rack_unit unit, int64_t load_g);
/* Milli-units -> their shortest exact decimal: 1250 -> "1.25", 140500 -> "140.5", 45000 ->
 * "45", -500 -> "-0.5". */
void plates_mu_text(int64_t mu, char *out, size_t n);
/* A load's grams -> its number in the rack's unit, to the nearest 0.01 of the unit and no
 * digit more when that is a whole number of PLATES_SAID_MU: a load the plates make reads
 * exactly as they make it (567 g on a pound rack is "1.25", 63730 g is "140.5", 20978 g is
 * "46.25"; 1250 g on a kilogram rack "1.25"). A load no plates make (one in the other unit:
 * 100 kg is 220.46 lb) reads to 0.1 of the unit ("220.5"). */
void plates_load_text(enum rack_unit unit, int64_t load_g, char *out, size_t n);
/* Grams -> "87.5 kg" / "140.5 lb" (plates_load_text and the unit). */
void plates_format(enum rack_unit unit, int64_t load_g, char *out, size_t n);
const char *plates_unit_name(enum rack_unit unit);

/*
 * A step given as a load with its unit, per rack unit: "2.5kg", "5 lb", or one of each
 * ("1.25kg 2lb", "1.25 kg, 2lb"), each to 0.01 of its unit and in [min[unit], max[unit]].
 * mu[unit] gets each given in thousandths of its unit, 0 for a unit not given. 0 ok; -1 when the
 * text is not that ("5lbs", "2.5", "2kg 1kg", "-1kg", out of range).
 */
int plates_parse_steps(const char *text, const double min[2], const double max[2], int32_t mu[2]);

#endif
