/*
 * Where the kiosk finds its catalogues (core/catalogue.h) and what it does with a bad one.
 *
 * Each file (exercises.conf, warmup.conf, figures.conf, plates.conf) is the first of: the data
 * directory's, the one beside the settings file (/etc/rackside), the shipped one
 * (ASSETS/catalogue). A file that reads clean is also kept as NAME.last-good in the data directory.
 * A file with a mistake is not used: the kiosk goes on with that file's last good copy (else the
 * shipped one) and says on every screen which file and line to fix. Only when no copy at all can be
 * read does it refuse to start. A file edited while the kiosk runs is read again between sessions
 * (kiosk.c), the same way.
 */
#ifndef CATALOGUE_FILES_H
#define CATALOGUE_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/catalogue.h"
#include "core/phrase.h"

#define CATALOGUE_EXERCISES_FILE "exercises.conf"
#define CATALOGUE_WARMUP_FILE    "warmup.conf"
#define CATALOGUE_FIGURES_FILE   "figures.conf"
#define CATALOGUE_PLATES_FILE    "plates.conf"
#define CATALOGUE_FILES          4
#define CATALOGUE_LAST_GOOD      ".last-good"
#define CATALOGUE_NOTICE_MAX     400

#define CATALOGUE_FAULT_MAX 400

/* The fault screen's words when a file has no usable copy: what cannot be used, naming the
 * file (plates.conf is the rack's bar and plates, not the exercises), and what to do. */
struct catalogue_fault {
    char what[CATALOGUE_FAULT_MAX];
    char todo[CATALOGUE_FAULT_MAX];
    /* the same to say in the reader's language (phrase.h): which file cannot be used, what is
     * wrong in it, where (file, line, folder) and what to do */
    struct phrase_said title, detail, where, fix;
    /* a usable catalogue (0): each file not used and what the rack uses instead, to say in
     * the reader's language on the notice */
    int n_kept;
    struct catalogue_kept {
        struct phrase_said detail, where;
        bool shipped; /* the shipped copy, else the file's last good copy */
    } kept[CATALOGUE_FILES];
};

/*
 * Loads the files into c. 0: c is usable (notice says what was not used, "" all good);
 * -1: no usable catalogue, notice says why (file, line) and fault (may be NULL) what
 * cannot be used and what to do. With 0, fault (when not NULL) lists the files not used
 * (n_kept). data_dir may be NULL.
 */
int catalogue_files_load(struct catalogue *c, const char *data_dir, const char *etc_dir,
                         const char *assets_dir, char notice[CATALOGUE_NOTICE_MAX],
                         struct catalogue_fault *fault);

/*
 * What the files are now, to notice an edit while the kiosk runs: for each, which
 * file the name resolves to (device, inode) and its size and time of change. Equal stamps:
 * catalogue_files_load would read what it read before.
 */
struct catalogue_files_stamp {
    long long v[CATALOGUE_FILES][6];
};
void catalogue_files_stamp(struct catalogue_files_stamp *out, const char *data_dir,
                           const char *etc_dir, const char *assets_dir);
bool catalogue_files_same(const struct catalogue_files_stamp *a,
                          const struct catalogue_files_stamp *b);

/*
 * The same files from the same places, read strictly for a check that runs once
 * (rackside-ctl allowed): no last good copy is used or kept, a mistake is the answer.
 * 0 ok; -1 with why ("/etc/rackside/exercises.conf line 12: ..."). data_dir may be NULL.
 */
int catalogue_files_read(struct catalogue *c, const char *data_dir, const char *etc_dir,
                         const char *assets_dir, char why[CATALOGUE_NOTICE_MAX]);
/* plates.conf alone, the same way (for a check that needs no exercises). */
int catalogue_files_read_plates(struct catalogue *c, const char *data_dir, const char *etc_dir,
                                const char *assets_dir, char why[CATALOGUE_NOTICE_MAX]);

#endif
