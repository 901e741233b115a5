/*
 * What the kiosk itself tells staff, as kept sentences (core/phrase.h): the out-of-service
 * faults it finds (a device not answering or left on its simulator, the database, the
 * settings) and the amber notices of a kiosk running on defaults or on a catalogue's last
 * good copy. Each is an English format marked N_() with its arguments: the screen says it
 * in the kiosk's language (kiosk_words_show), the log in English (phrase_said_fill with no
 * catalogue). What another module reports (a device's or SQLite's own message, a path) is
 * quoted as it stands.
 */
#ifndef KIOSK_WORDS_H
#define KIOSK_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/phrase.h"

/* An out-of-service fault: what is wrong, where, what to do. A message quoted whole (a
 * device's or the database's own, longer than a kept argument) fills where's one "%s". */
#define KIOSK_QUOTE_MAX 320
struct kiosk_fault_words {
    struct phrase_said what, where, todo;
    char quoted[KIOSK_QUOTE_MAX]; /* "": where as kept */
};

/* section: the settings file's section of the device ("plate", "bar", "badge", "lights"). */
void kiosk_words_device_silent(struct kiosk_fault_words *w, const char *section, const char *err,
                               const char *config_path);
/* A device on its simulator in production: driver_line says whether a "driver = sim" line
 * set it; only the plate may never be simulated. */
void kiosk_words_device_simulated(struct kiosk_fault_words *w, const char *section,
                                  bool driver_line, const char *config_path);
void kiosk_words_database(struct kiosk_fault_words *w, const char *err);
void kiosk_words_no_settings(struct kiosk_fault_words *w, const char *config_path);
void kiosk_words_catalogue_store(struct kiosk_fault_words *w, const char *err);
/* The language or unit (where: one of the sentences below) and the display settings. */
void kiosk_words_lang_unit(struct kiosk_fault_words *w, const struct phrase_said *where);
void kiosk_words_display(struct kiosk_fault_words *w, const struct phrase_said *where);

/* Where a [kiosk] or --unit setting is wrong: also the notice of a simulated rack. */
void kiosk_said_bad_language(struct phrase_said *s, const char *lang, const char *config_path);
void kiosk_said_unit_clash(struct phrase_said *s, const char *unit, const char *config_path,
                           const char *file_unit);
void kiosk_said_bad_orientation(struct phrase_said *s, const char *value, const char *config_path);
void kiosk_said_bad_text_size(struct phrase_said *s, const char *value, const char *config_path);

/* The amber notices: records the disk has not taken yet; the catalogue read again. */
void kiosk_said_records_waiting(struct phrase_said *s, int pending, const char *err);
void kiosk_said_catalogue_read_again(struct phrase_said *s, int n_exercises);
/* A notice in the language in use leading why, a sentence already said in it ("Settings
 * file not used, running on the defaults: <why>"). */
enum kiosk_notice_lead {
    KIOSK_NOTICE_DEFAULTS,
    KIOSK_NOTICE_PLATES_UNUSED,
    KIOSK_NOTICE_CATALOGUE_KEPT,
};
void kiosk_words_notice(char *buf, size_t n, enum kiosk_notice_lead lead, const char *why);

/* where: msg as it stands (a message of another module's, said in no catalogue). */
void kiosk_words_quote(struct kiosk_fault_words *w, const char *msg);
/* w's where in the language in use, or in English. */
void kiosk_words_where(char *buf, size_t n, const struct kiosk_fault_words *w, bool english);

/* The fault in the language in use, for the fault screen. */
struct ui_fault;
void kiosk_words_show(struct ui_fault *f, const struct kiosk_fault_words *w);
/* The fault as the log says it (English): "what: where". */
void kiosk_words_log(char *buf, size_t n, const struct kiosk_fault_words *w);

/* The notice of the catalogue files not used (cf->kept) in the language in use: for each,
 * what is wrong, where, and which copy the rack uses instead. "" when none. */
struct catalogue_fault;
void kiosk_words_catalogue_kept(char *buf, size_t n, const struct catalogue_fault *cf);

#endif
