/* The kiosk's own faults and notices as kept sentences (kiosk_words.h). */
#include "kiosk_words.h"

#include <stdio.h>
#include <string.h>

#include "catalogue_files.h"
#include "ui/i18n.h"
#include "ui/ui.h"

/* Each device's sentences, whole (a device's name inside a sentence does not translate). */
static const struct device_words {
    const char *section, *silent, *check, *simulated;
} devices[] = {
    {"plate", N_("The load plate is not answering."),
     N_("Check the load plate's cable and the [plate] lines in %s. The kiosk tries again by "
        "itself."),
     N_("The load plate is set to a simulator, not the real device.")},
    {"bar", N_("The bar unit is not answering."),
     N_("Check the bar unit's cable and the [bar] lines in %s. The kiosk tries again by itself."),
     N_("The bar unit is set to a simulator, not the real device.")},
    {"badge", N_("The badge reader is not answering."),
     N_("Check the badge reader's cable and the [badge] lines in %s. The kiosk tries again by "
        "itself."),
     N_("The badge reader is set to a simulator, not the real device.")},
    {"lights", N_("The stack light is not answering."),
     N_("Check the stack light's cable and the [lights] lines in %s. The kiosk tries again by "
        "itself."),
     N_("The stack light is set to a simulator, not the real device.")},
};

static const struct device_words *device(const char *section)
{
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++)
        if (strcmp(section, devices[i].section) == 0)
            return &devices[i];
    return &devices[3];
}

/* where: fmt around msg, quoted whole (kept arguments are cut at PHRASE_ARG_MAX); a device's
 * or the database's own message is quoted alone, under the screen's WHERE. */
static void quote(struct kiosk_fault_words *w, const char *fmt, const char *msg)
{
    PHRASE_SAY(&w->where, fmt, "");
    snprintf(w->quoted, sizeof w->quoted, "%s", msg);
}

void kiosk_words_quote(struct kiosk_fault_words *w, const char *msg)
{
    quote(w, "%s", msg);
}

void kiosk_words_where(char *buf, size_t n, const struct kiosk_fault_words *w, bool english)
{
    const char *q = w->quoted;
    if (!w->quoted[0])
        english ? phrase_said_fill(buf, n, &w->where, NULL) : i18n_said(buf, n, &w->where);
    else if (english)
        phrase_fill(buf, n, w->where.fmt, &q, 1);
    else
        i18n_phrase(buf, n, w->where.fmt, &q, 1);
}

void kiosk_words_device_silent(struct kiosk_fault_words *w, const char *section, const char *err,
                               const char *config_path)
{
    phrase_said_set(&w->what, device(section)->silent, NULL, 0);
    quote(w, "%s", err);
    PHRASE_SAY(&w->todo, device(section)->check, config_path);
}

void kiosk_words_device_simulated(struct kiosk_fault_words *w, const char *section,
                                  bool driver_line, const char *config_path)
{
    w->quoted[0] = '\0';
    phrase_said_set(&w->what, device(section)->simulated, NULL, 0);
    if (driver_line)
        PHRASE_SAY(&w->where, N_("Settings file %s, section [%s]: driver = sim."), config_path,
                   section);
    else
        PHRASE_SAY(&w->where,
                   N_("Settings file %s, section [%s]: no driver line (sim by default)."),
                   config_path, section);
    if (strcmp(section, "plate") == 0)
        PHRASE_SAY(&w->todo,
                   N_("Set driver = hardware in [%s] (the plate sets each lifter's limit: it is "
                      "never simulated here). The kiosk tries again by itself."),
                   section);
    else
        PHRASE_SAY(&w->todo,
                   N_("Set driver = hardware in [%s], or allow_sim_in_production = 1 in [kiosk] "
                      "for a rack without one. The kiosk tries again by itself."),
                   section);
}

/* A fault whose what and todo take no arguments; where is said after. */
static void fixed(struct kiosk_fault_words *w, const char *what, const char *todo)
{
    w->quoted[0] = '\0';
    phrase_said_set(&w->what, what, NULL, 0);
    phrase_said_set(&w->todo, todo, NULL, 0);
}

void kiosk_words_database(struct kiosk_fault_words *w, const char *err)
{
    fixed(w, N_("The database cannot be opened: no session can be recorded."),
          N_("Staff: free disk space or fix the data directory's permissions as the message "
             "says, or put back a backup copy of the database. The kiosk tries again by "
             "itself."));
    quote(w, "%s", err);
}

void kiosk_words_no_settings(struct kiosk_fault_words *w, const char *config_path)
{
    fixed(w, N_("There is no settings file."),
          N_("Install it (assets/config/rackside.conf in the source) and set driver = hardware "
             "for each device. The kiosk tries again by itself."));
    PHRASE_SAY(&w->where, N_("%s does not exist."), config_path);
}

void kiosk_words_catalogue_store(struct kiosk_fault_words *w, const char *err)
{
    fixed(w, N_("The exercise catalogue cannot be put into the database."),
          N_("Rename the exercise the message names in the catalogue file. The kiosk tries "
             "again by itself."));
    quote(w, "%s", err);
}

void kiosk_words_lang_unit(struct kiosk_fault_words *w, const struct phrase_said *where)
{
    fixed(w, N_("The language or unit asked for cannot be used."),
          N_("Fix the setting or the command line named above. The kiosk tries again by "
             "itself."));
    w->where = *where;
}

void kiosk_words_display(struct kiosk_fault_words *w, const struct phrase_said *where)
{
    fixed(w, N_("The display settings cannot be used."),
          N_("Fix the setting named above. The kiosk tries again by itself."));
    w->where = *where;
}

void kiosk_said_bad_language(struct phrase_said *s, const char *lang, const char *config_path)
{
    PHRASE_SAY(s, N_("[kiosk] language = %s in %s is not one of en, es, de."), lang, config_path);
}

void kiosk_said_unit_clash(struct phrase_said *s, const char *unit, const char *config_path,
                           const char *file_unit)
{
    PHRASE_SAY(s, N_("--unit %s, but [rack] in %s is in %s: set [rack] unit, or leave --unit out."),
               unit, config_path, file_unit);
}

void kiosk_said_bad_orientation(struct phrase_said *s, const char *value, const char *config_path)
{
    PHRASE_SAY(s, N_("[kiosk] orientation = %s in %s is not landscape or portrait."), value,
               config_path);
}

void kiosk_said_bad_text_size(struct phrase_said *s, const char *value, const char *config_path)
{
    PHRASE_SAY(s, N_("[kiosk] text_size = %s in %s is not normal or large."), value, config_path);
}

void kiosk_said_records_waiting(struct phrase_said *s, int pending, const char *err)
{
    char n[16];
    snprintf(n, sizeof n, "%d", pending);
    if (pending == 1)
        PHRASE_SAY(s,
                   N_("1 record not saved yet (%s). Staff: free disk space or check the "
                      "storage; the kiosk keeps trying."),
                   err);
    else
        PHRASE_SAY(s,
                   N_("%2$s records not saved yet (%1$s). Staff: free disk space or check the "
                      "storage; the kiosk keeps trying."),
                   err, n);
}

void kiosk_said_catalogue_read_again(struct phrase_said *s, int n_exercises)
{
    char n[16];
    snprintf(n, sizeof n, "%d", n_exercises);
    PHRASE_SAY(s, N_("Exercise catalogue read again: %s exercises."), n);
}

void kiosk_words_notice(char *buf, size_t n, enum kiosk_notice_lead lead, const char *why)
{
    static const char *const leads[] = {
        [KIOSK_NOTICE_DEFAULTS] = N_("Settings file not used, running on the defaults: %s"),
        [KIOSK_NOTICE_PLATES_UNUSED] = N_("The rack's plates not used: %s"),
        [KIOSK_NOTICE_CATALOGUE_KEPT] = N_("%s The rack goes on with the catalogue it had."),
    };
    i18n_phrase(buf, n, leads[lead], &why, 1);
}

void kiosk_words_show(struct ui_fault *f, const struct kiosk_fault_words *w)
{
    i18n_said(f->what, sizeof f->what, &w->what);
    kiosk_words_where(f->where, sizeof f->where, w, false);
    i18n_said(f->todo, sizeof f->todo, &w->todo);
}

void kiosk_words_log(char *buf, size_t n, const struct kiosk_fault_words *w)
{
    char what[UI_FAULT_TEXT_MAX], where[UI_FAULT_TEXT_MAX];
    phrase_said_fill(what, sizeof what, &w->what, NULL);
    kiosk_words_where(where, sizeof where, w, true);
    phrase_fill(buf, n, "%s: %s", (const char *const[]){what, where}, 2);
}

void kiosk_words_catalogue_kept(char *buf, size_t n, const struct catalogue_fault *cf)
{
    buf[0] = '\0';
    size_t len = 0;
    for (int i = 0; i < cf->n_kept && len + 2 < n; i++) {
        char detail[UI_FAULT_TEXT_MAX], where[UI_FAULT_TEXT_MAX], one[2 * UI_FAULT_TEXT_MAX];
        i18n_said(detail, sizeof detail, &cf->kept[i].detail);
        i18n_said(where, sizeof where, &cf->kept[i].where);
        const char *args[] = {where, detail};
        i18n_phrase(one, sizeof one,
                    cf->kept[i].shipped
                        ? N_("%s: %s. The rack uses the shipped copy until the file is fixed.")
                        : N_("%s: %s. The rack uses its last good copy until the file is fixed."),
                    args, 2);
        len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? " " : "", one);
    }
    if (len >= n)
        buf[n - 1] = '\0';
}
