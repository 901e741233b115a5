#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalogue_files.h"

#define FILE_BYTES_MAX      (256 * 1024) /* a catalogue is a few kB */
#define PATH_LEN            768
#define CATALOGUE_DIR_SHOWN 96 /* of a mistake's folder, in its message */

enum which { EXERCISES, WARMUP, FIGURES, PLATES };

/* The whole file, NUL-terminated; NULL when it is absent (errno ENOENT) or unreadable. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > FILE_BYTES_MAX) {
        fclose(f);
        errno = EINVAL;
        return NULL;
    }
    char *buf = malloc((size_t)sb.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)sb.st_size, f) : 0;
    bool bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        errno = EIO;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int parse(struct catalogue *c, enum which w, const char *path, const char *text, size_t len,
                 struct catalogue_error *err)
{
    if (w == FIGURES)
        return catalogue_parse_figures(c, path, text, len, err);
    if (w == PLATES)
        return catalogue_parse_plates(c, path, text, len, err);
    if (w == WARMUP)
        return catalogue_parse_warmup(c, path, text, len, err);
    if (catalogue_parse_exercises(c, path, text, len, err) != 0)
        return -1;
    return catalogue_check(c, path, err);
}

/* Keeps a clean file's text as the last good copy (written aside, then renamed over). */
static void keep_last_good(const char *data_dir, const char *name, const char *text, size_t len)
{
    if (!data_dir)
        return;
    char path[PATH_LEN], tmp[PATH_LEN + 8];
    snprintf(path, sizeof path, "%s/%s%s", data_dir, name, CATALOGUE_LAST_GOOD);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return;
    bool ok = fwrite(text, 1, len, f) == len;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0)
        unlink(tmp);
}

/* The first of the gym's places that has the file; "" none. */
static void find(const char *data_dir, const char *etc_dir, const char *assets_dir,
                 const char *name, char *out, size_t n, bool *shipped)
{
    const char *dirs[] = {data_dir, etc_dir};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        if (!dirs[i])
            continue;
        snprintf(out, n, "%s/%s", dirs[i], name);
        if (access(out, F_OK) == 0) {
            *shipped = false;
            return;
        }
    }
    snprintf(out, n, "%s/catalogue/%s", assets_dir, name);
    *shipped = true;
}

/* Why a file cannot be read, in words a reader's language has (the system's own after). */
static void unreadable(struct catalogue_error *err, int e)
{
    if (e == ENOENT)
        phrase_said_set(&err->what, N_("is not there"), NULL, 0);
    else if (e == EACCES)
        phrase_said_set(&err->what, N_("cannot be read: permission denied"), NULL, 0);
    else if (e == EINVAL)
        phrase_said_set(&err->what, N_("is not a regular file of at most 256 kB"), NULL, 0);
    else
        PHRASE_SAY(&err->what, N_("cannot be read (%s)"), strerror(e));
    err->line = 0;
}

/* Reads path into c: 0 ok, -1 with why (a parse error or why it cannot be read) and, when
 * err is not NULL, the same to say in any language. */
static int try_file(struct catalogue *c, enum which w, const char *path, char *why, size_t why_n,
                    const char *data_dir, const char *name, bool keep, struct catalogue_error *said)
{
    size_t len = 0;
    char *text = slurp(path, &len);
    if (!text) {
        snprintf(why, why_n, "%s: cannot be read (%s)", path, strerror(errno));
        if (said)
            unreadable(said, errno);
        return -1;
    }
    /* the message leads with the file's name and line, its folder after: the screen's
     * notice strip has room for a line or two, and a long folder pushed the line off it */
    const char *slash = strrchr(path, '/');
    struct catalogue_error err;
    int rc = parse(c, w, slash ? slash + 1 : path, text, len, &err);
    if (rc == 0 && keep)
        keep_last_good(data_dir, name, text, len);
    int dir_n = slash ? (int)(slash - path) : 0;
    if (dir_n > CATALOGUE_DIR_SHOWN)
        dir_n = CATALOGUE_DIR_SHOWN;
    if (rc != 0 && slash)
        snprintf(why, why_n, "%.150s (in %.*s)", err.msg, dir_n, path);
    else if (rc != 0)
        snprintf(why, why_n, "%s", err.msg);
    if (rc != 0 && said)
        *said = err;
    free(text);
    return rc;
}

static const char *file_name(enum which w)
{
    return w == EXERCISES ? CATALOGUE_EXERCISES_FILE
           : w == WARMUP  ? CATALOGUE_WARMUP_FILE
           : w == FIGURES ? CATALOGUE_FIGURES_FILE
                          : CATALOGUE_PLATES_FILE;
}

/* The fault in the reader's words: what cannot be used, what is wrong, where, what to do. */
static void say_fault_words(struct catalogue_fault *fault, enum which w, const char *path,
                            const struct catalogue_error *err)
{
    static const char *const titles[] = {
        [EXERCISES] = N_("The exercise catalogue (exercises.conf) cannot be used."),
        [WARMUP] = N_("The warm-up routines (warmup.conf) cannot be used."),
        [FIGURES] = N_("The warm-up figures (figures.conf) cannot be used."),
        [PLATES] = N_("The rack's bar and plates (plates.conf) cannot be used."),
    };
    phrase_said_set(&fault->title, titles[w], NULL, 0);
    fault->detail = err->what;
    char line[16];
    snprintf(line, sizeof line, "%d", err->line);
    if (err->line > 0)
        PHRASE_SAY(&fault->where, N_("%s, line %s"), path, line);
    else
        PHRASE_SAY(&fault->where, "%s", path);
    PHRASE_SAY(&fault->fix, N_("Fix that line of %s, or put back the shipped copy of it."),
               file_name(w));
}

static void say_fault(struct catalogue_fault *fault, enum which w, const char *path,
                      const struct catalogue_error *err)
{
    if (!fault)
        return;
    say_fault_words(fault, w, path, err);
    phrase_said_fill(fault->what, sizeof fault->what, &fault->title, NULL);
    phrase_said_fill(fault->todo, sizeof fault->todo, &fault->fix, NULL);
}

/* The files in the order they are read: the figures before the warm-up (its steps name
 * figures), the warm-up before the exercises (they name its routines). */
static const enum which order[CATALOGUE_FILES] = {PLATES, FIGURES, WARMUP, EXERCISES};

static int load_one(struct catalogue *c, enum which w, const char *data_dir, const char *etc_dir,
                    const char *assets_dir, char *notice, size_t notice_n,
                    struct catalogue_fault *fault)
{
    const char *name = file_name(w);
    char path[PATH_LEN], why[CATALOGUE_ERR_MAX];
    bool shipped;
    struct catalogue_error err;
    find(data_dir, etc_dir, assets_dir, name, path, sizeof path, &shipped);
    if (try_file(c, w, path, why, sizeof why, data_dir, name, true, &err) == 0)
        return 0;
    /* the file has a mistake: the rack goes on with what it used before */
    char fallback[PATH_LEN];
    snprintf(fallback, sizeof fallback, "%s/%s%s", data_dir ? data_dir : ".", name,
             CATALOGUE_LAST_GOOD);
    char unused[CATALOGUE_ERR_MAX];
    const char *used = NULL;
    if (data_dir && try_file(c, w, fallback, unused, sizeof unused, NULL, name, false, NULL) == 0)
        used = "its last good copy";
    else if (!shipped) {
        snprintf(fallback, sizeof fallback, "%s/catalogue/%s", assets_dir, name);
        if (try_file(c, w, fallback, unused, sizeof unused, NULL, name, false, NULL) == 0)
            used = "the shipped one";
    }
    if (!used) {
        snprintf(notice, notice_n, "%.255s. Fix it; the kiosk tries again by itself.", why);
        say_fault(fault, w, path, &err);
        return -1;
    }
    snprintf(notice, notice_n, "%.255s. The rack uses %s until the file is fixed.", why, used);
    if (fault && fault->n_kept < CATALOGUE_FILES) {
        struct catalogue_kept *kept = &fault->kept[fault->n_kept++];
        struct catalogue_fault said;
        say_fault_words(&said, w, path, &err);
        kept->detail = said.detail;
        kept->where = said.where;
        kept->shipped = strcmp(used, "the shipped one") == 0;
    }
    return 1;
}

/* Adds s to the notice after a space, cut at the notice's end. */
static void append_notice(char notice[CATALOGUE_NOTICE_MAX], const char *s)
{
    size_t len = strlen(notice), k = strlen(s);
    if (!k || len + 2 >= CATALOGUE_NOTICE_MAX)
        return;
    if (len)
        notice[len++] = ' ';
    if (k > CATALOGUE_NOTICE_MAX - 1 - len)
        k = CATALOGUE_NOTICE_MAX - 1 - len;
    memcpy(notice + len, s, k);
    notice[len + k] = '\0';
}

int catalogue_files_load(struct catalogue *c, const char *data_dir, const char *etc_dir,
                         const char *assets_dir, char notice[CATALOGUE_NOTICE_MAX],
                         struct catalogue_fault *fault)
{
    notice[0] = '\0';
    if (fault)
        fault->n_kept = 0;
    catalogue_init(c);
    char said[CATALOGUE_FILES][CATALOGUE_NOTICE_MAX] = {""};
    for (int i = 0; i < CATALOGUE_FILES; i++)
        if (load_one(c, order[i], data_dir, etc_dir, assets_dir, said[i], sizeof said[i], fault) <
            0) {
            append_notice(notice, said[i]);
            return -1;
        }
    /* what was not used, each file's notice in turn (the first ones if they do not fit) */
    for (int i = 0; i < CATALOGUE_FILES; i++)
        append_notice(notice, said[i]);
    return 0;
}

void catalogue_files_stamp(struct catalogue_files_stamp *out, const char *data_dir,
                           const char *etc_dir, const char *assets_dir)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < CATALOGUE_FILES; i++) {
        char path[PATH_LEN];
        bool shipped;
        find(data_dir, etc_dir, assets_dir, file_name(order[i]), path, sizeof path, &shipped);
        struct stat sb;
        if (stat(path, &sb) != 0) {
            out->v[i][0] = -1; /* gone between find and stat: a change all the same */
            continue;
        }
        long long *v = out->v[i];
        v[0] = (long long)sb.st_dev;
        v[1] = (long long)sb.st_ino;
        v[2] = (long long)sb.st_size;
        v[3] = (long long)sb.st_mtim.tv_sec;
        v[4] = (long long)sb.st_mtim.tv_nsec;
        v[5] = (long long)sb.st_ctim.tv_nsec;
    }
}

bool catalogue_files_same(const struct catalogue_files_stamp *a,
                          const struct catalogue_files_stamp *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* One file read strictly into c (no last good copy): 0 ok, -1 with why. */
static int read_strict(struct catalogue *c, enum which w, const char *data_dir, const char *etc_dir,
                       const char *assets_dir, char why[CATALOGUE_NOTICE_MAX])
{
    char path[PATH_LEN];
    bool shipped;
    find(data_dir, etc_dir, assets_dir, file_name(w), path, sizeof path, &shipped);
    return try_file(c, w, path, why, CATALOGUE_NOTICE_MAX, NULL, file_name(w), false, NULL);
}

int catalogue_files_read(struct catalogue *c, const char *data_dir, const char *etc_dir,
                         const char *assets_dir, char why[CATALOGUE_NOTICE_MAX])
{
    why[0] = '\0';
    catalogue_init(c);
    for (int i = 0; i < CATALOGUE_FILES; i++)
        if (read_strict(c, order[i], data_dir, etc_dir, assets_dir, why) != 0)
            return -1;
    return 0;
}

int catalogue_files_read_plates(struct catalogue *c, const char *data_dir, const char *etc_dir,
                                const char *assets_dir, char why[CATALOGUE_NOTICE_MAX])
{
    why[0] = '\0';
    catalogue_init(c);
    return read_strict(c, PLATES, data_dir, etc_dir, assets_dir, why);
}
