/* A thin line at the bottom of every screen while the rack is offline from the gym's
 * server: small and calm (the rack keeps working), and it says what it means for the
 * lifter. On the trainer's flags page, while in touch, the same line says when records
 * wait, refused by the server. The core decides (view.server); this only draws it. */
#include <stdio.h>

#include "screens.h"

#define OFFLINE_PAD_FRAC 0.006

int offline_strip_height(struct canvas *cv, const struct session_view *v)
{
    if (!v->server.enabled || (!v->server.offline && v->server.refused <= 0))
        return 0;
    int px = type_px(cv, TYPE_LABEL);
    return text_line_px(cv, px, FONT_REGULAR) + 2 * canvas_px(cv, OFFLINE_PAD_FRAC);
}

void offline_strip(struct canvas *cv, const struct session_view *v, SDL_Rect strip)
{
    char text[160];
    char n[24];
    const char *args[1] = {n};
    int64_t min = v->server.age_s / 60;
    if (!v->server.offline) { /* in touch, but records wait for the operator's fix */
        i18n_int(n, sizeof n, v->server.refused);
        i18n_phrase_plural(text, sizeof text,
                           "%s record refused by the gym server: see server status",
                           "%s records refused by the gym server: see server status",
                           (unsigned long)v->server.refused, args, 1);
    } else if (v->server.age_s < 0) {
        snprintf(text, sizeof text, "%s",
                 _("Offline: not yet in touch with the gym server. No step up."));
    } else if (min < 120) {
        i18n_int(n, sizeof n, (long)min);
        i18n_phrase(text, sizeof text, "Offline %s min: no step up till the server is back.", args,
                    1);
    } else {
        i18n_int(n, sizeof n, (long)(min / 60));
        i18n_phrase(text, sizeof text, "Offline %s h: no step up till the server is back.", args,
                    1);
    }
    draw_fill(cv, strip, COL_PANEL);
    SDL_Rect in = rect_inset(strip, canvas_px(cv, OFFLINE_PAD_FRAC));
    draw_text(cv, in, text, type_px(cv, TYPE_LABEL), FONT_REGULAR, COL_DIM, ALIGN_CENTER);
}
