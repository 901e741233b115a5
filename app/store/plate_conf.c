/* The plate's calibration in [plate] of the settings file (plate_conf.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plate_conf.h"

/* Sets key = value inside [plate] of the INI text, adding the section or key if missing. */
static char *ini_set(char *text, const char *key, const char *value)
{
    size_t cap = strlen(text) + strlen(key) + strlen(value) + 64;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    out[0] = '\0';
    bool in_plate = false, done = false, seen_plate = false;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        const char *p = line + strspn(line, " \t");
        if (*p == '[') {
            if (in_plate && !done) {
                snprintf(out + strlen(out), cap - strlen(out), "%s = %s\n", key, value);
                done = true;
            }
            in_plate = strncmp(p, "[plate]", 7) == 0;
            seen_plate |= in_plate;
        } else if (in_plate && !done && strncmp(p, key, strlen(key)) == 0 &&
                   strchr(" \t=", p[strlen(key)])) {
            snprintf(out + strlen(out), cap - strlen(out), "%s = %s\n", key, value);
            done = true;
            continue;
        }
        snprintf(out + strlen(out), cap - strlen(out), "%s\n", line);
    }
    if (!done)
        snprintf(out + strlen(out), cap - strlen(out), "%s%s = %s\n",
                 seen_plate && in_plate ? "" : "\n[plate]\n", key, value);
    free(text);
    return out;
}

/* Writes the calibration into [plate] of the config file, through a new file renamed over. */
int plate_conf_save(const char *path, const struct load_calibration *cal)
{
    char *text = NULL;
    FILE *f = fopen(path, "r");
    if (f) {
        size_t cap = 0;
        ssize_t n = getdelim(&text, &cap, '\0', f);
        fclose(f);
        if (n < 0) {
            free(text);
            text = NULL;
        }
    }
    if (!text)
        text = strdup("");
    static const char *const keys[4] = {"offset_left", "offset_right", "g_per_count_left",
                                        "g_per_count_right"};
    char values[4][32];
    snprintf(values[0], sizeof values[0], "%d", cal->offset[PLATE_LEFT]);
    snprintf(values[1], sizeof values[1], "%d", cal->offset[PLATE_RIGHT]);
    snprintf(values[2], sizeof values[2], "%.9g", cal->g_per_count[PLATE_LEFT]);
    snprintf(values[3], sizeof values[3], "%.9g", cal->g_per_count[PLATE_RIGHT]);
    for (int i = 0; i < 4 && text; i++)
        text = ini_set(text, keys[i], values[i]);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.new", path);
    FILE *out = text ? fopen(tmp, "w") : NULL;
    bool ok = out && fputs(text, out) >= 0;
    ok = out && fclose(out) == 0 && ok;
    ok = ok && rename(tmp, path) == 0;
    if (!ok)
        unlink(tmp);
    free(text);
    return ok ? 0 : -1;
}
