/*
 * Window, renderer and frame loop glue: picks a renderer that works on the device,
 * dispatches to the screen being shown, decides whether a redraw is needed, maps
 * touches to actions and keeps frames for screenshots.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "../core/phrase.h"
#include "gpu.h"
#include "screens.h"
#include "ui.h"
#include "widgets.h"

#define DEFAULT_WIDTH  1280
#define DEFAULT_HEIGHT 800
#define ANIM_FRAME_US  33333 /* animations redraw at most 30 times a second */
#define US_PER_S       1000000
#define SIM_STATUS_MAX 128

struct ui {
    SDL_Window *win;
    SDL_Renderer *ren;
    bool software;
    bool keep_frames;
    bool still; /* no redraws for animation alone */
    struct canvas cv;
    SDL_Surface *frame; /* copy of the last frame, when keep_frames */
    uint64_t frames;

    /* what the last frame showed, for ui_needs_redraw */
    bool valid;
    uint64_t last_gen;
    enum screen last_screen;
    uint64_t last_timer_key;
    int64_t last_anim_us;
    int last_w, last_h;
    struct ui_sim last_sim;
    char last_status[SIM_STATUS_MAX];
    char last_notice[UI_FAULT_TEXT_MAX];
    struct ui_text_stats last_stats;
    bool fault_shown;     /* the last frame was the fault screen */
    bool rack_large_text; /* [kiosk] text_size = large: the rack's, whoever has no choice */

    /* a page turned by hand holds until the session changes (an answer moves it on) */
    int page_pending; /* -1 none */
    int page;
    uint64_t page_gen;
    enum screen page_screen;

    /* the last frame's layout, filled on request (ui_layout_texts, ui_layout_targets) */
    struct ui_text_rec layout_texts[CANVAS_MAX_TEXTS];
    struct ui_target_rec layout_targets[CANVAS_MAX_BUTTONS];
    struct ui_rect layout_plots[CANVAS_MAX_PLOTS];
};

/* The trainer's screens, laid out for text at the label size on every panel, portrait
 * included. */
static bool trainer_screen(enum screen sc)
{
    return sc == SCREEN_TRAINER_PIN || sc == SCREEN_PIN_CHANGE || sc == SCREEN_NOTE ||
           sc == SCREEN_ENROL || sc == SCREEN_TRAINER_CALIBRATE || sc == SCREEN_FLAGS ||
           sc == SCREEN_TRAINER_LOADS || sc == SCREEN_FLAG_DETAIL || sc == SCREEN_STORY;
}

static const screen_draw_fn screens[SCREEN_COUNT] = {
    [SCREEN_ATTRACT] = screen_attract,
    [SCREEN_CHECKIN] = screen_checkin,
    [SCREEN_ADVICE] = screen_advice,
    [SCREEN_WARMUP] = screen_warmup,
    [SCREEN_PLAN] = screen_plan,
    [SCREEN_SET] = screen_set,
    [SCREEN_REST] = screen_rest,
    [SCREEN_STOP] = screen_stop,
    [SCREEN_TRAINER_PIN] = screen_pin,
    [SCREEN_FLAGS] = screen_flags,
    [SCREEN_FLAG_DETAIL] = screen_flag_detail,
    [SCREEN_TRAINER_LOADS] = screen_loads,
    [SCREEN_TRAINER_CALIBRATE] = screen_calibrate,
    [SCREEN_PIN_CHANGE] = screen_pin_change,
    [SCREEN_SCREENING] = screen_screening,
    [SCREEN_STORY] = screen_story,
    [SCREEN_NOTE] = screen_note,
    [SCREEN_ENROL] = screen_enrol,
};

static bool software_driver(const char *driver)
{
    return driver && (strcasecmp(driver, "offscreen") == 0 || strcasecmp(driver, "dummy") == 0);
}

struct ui *ui_open(const struct ui_options *opt, char err[UI_ERR_MAX])
{
    struct ui *ui = calloc(1, sizeof *ui);
    if (!ui) {
        snprintf(err, UI_ERR_MAX, "out of memory");
        return NULL;
    }
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) < 0) {
        const char *driver = SDL_getenv("SDL_VIDEODRIVER");
        snprintf(err, UI_ERR_MAX,
                 "no display (SDL video%s%s: %s): start it from a desktop, on the console "
                 "(KMSDRM), or with SDL_VIDEODRIVER=offscreen",
                 driver ? " driver " : "", driver ? driver : "", SDL_GetError());
        free(ui);
        return NULL;
    }
    /* SDL falls back to an invisible driver when it finds no display: a kiosk that runs
     * where nobody can see it is a fault, unless someone asked for it (tests, --demo) */
    const char *asked = SDL_getenv("SDL_VIDEODRIVER");
    const char *found = SDL_GetCurrentVideoDriver();
    if (software_driver(found) && !(asked && strcasecmp(asked, found) == 0)) {
        snprintf(err, UI_ERR_MAX,
                 "no display: no desktop and no KMSDRM screen found; start it from a desktop, "
                 "on the console (KMSDRM), or with SDL_VIDEODRIVER=offscreen");
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        free(ui);
        return NULL;
    }
    if (TTF_Init() < 0) {
        snprintf(err, UI_ERR_MAX, "SDL_ttf: %s", TTF_GetError());
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        free(ui);
        return NULL;
    }
    IMG_Init(IMG_INIT_PNG);

    const char *driver = SDL_GetCurrentVideoDriver();
    bool kms = driver && strcasecmp(driver, "KMSDRM") == 0;
    int w = opt->width > 0 ? opt->width : DEFAULT_WIDTH;
    int h = opt->height > 0 ? opt->height : DEFAULT_HEIGHT;
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    if (opt->hidden)
        flags |= SDL_WINDOW_HIDDEN;
    else if (opt->fullscreen || kms)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    const char *asked_renderer = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    ui->software = opt->hidden || software_driver(driver) ||
                   (asked_renderer && strcasecmp(asked_renderer, "software") == 0);
    /* no GPU: GL would be llvmpipe on the CPU, ~64 MB more for nothing (gpu.h); a
     * renderer asked for by name (SDL_RENDER_DRIVER) is still taken */
    if (!ui->software && !asked_renderer && !ui_gpu_present(UI_DRI_DIR)) {
        ui->software = true;
        fprintf(stderr,
                "rackside: no GPU (no render node in %s): the software renderer "
                "draws\n",
                UI_DRI_DIR);
    }
    /* the software renderer draws into the window's own framebuffer: no GL behind it */
    if (ui->software)
        SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_DEFAULT);
    ui->win =
        SDL_CreateWindow("rackside", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!ui->win) {
        snprintf(err, UI_ERR_MAX, "window: %s", SDL_GetError());
        ui_close(ui);
        return NULL;
    }
    Uint32 rflags =
        ui->software ? SDL_RENDERER_SOFTWARE : SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC;
    ui->ren = SDL_CreateRenderer(ui->win, -1, rflags);
    if (!ui->ren && !ui->software) {
        /* no GPU driver: the software renderer still draws everything */
        ui->software = true;
        ui->ren = SDL_CreateRenderer(ui->win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!ui->ren) {
        snprintf(err, UI_ERR_MAX, "renderer: %s", SDL_GetError());
        ui_close(ui);
        return NULL;
    }
    if (opt->fullscreen || kms)
        SDL_ShowCursor(SDL_DISABLE);
    /* no copy of every frame (4 MB at 1280x800) unless screenshots are asked for
     * (ui_keep_frames) or the window is hidden, where nothing else holds the frame */
    ui->keep_frames = opt->hidden;
    if (canvas_open(&ui->cv, ui->ren, opt->assets_dir, err, UI_ERR_MAX) < 0) {
        ui_close(ui);
        return NULL;
    }
    ui->cv.px_per_mm_asked = opt->px_per_mm;
    ui->page_pending = -1;
    ui->page = -1;
    ui->cv.page = -1;
    return ui;
}

void ui_close(struct ui *ui)
{
    if (!ui)
        return;
    if (ui->cv.ren)
        canvas_close(&ui->cv);
    if (ui->frame)
        SDL_FreeSurface(ui->frame);
    if (ui->ren)
        SDL_DestroyRenderer(ui->ren);
    if (ui->win)
        SDL_DestroyWindow(ui->win);
    IMG_Quit();
    TTF_Quit();
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    free(ui);
}

static bool animating(const struct session_view *v)
{
    switch (v->screen) {
    case SCREEN_WARMUP:
        return true; /* the figure moves */
    case SCREEN_SET:
        /* tempo bar and seconds, also of a top pause the cue counts */
        return v->lift.phase != REP_PHASE_TOP || v->lift.phase_target_ms > 0;
    default:
        return false;
    }
}

static int64_t whole_seconds(int64_t us)
{
    return us >= 0 ? us / US_PER_S : -((-us + US_PER_S - 1) / US_PER_S);
}

/* Changes whenever a second shown by a timer on screen changes. */
static uint64_t timer_key(const struct session_view *v)
{
    uint64_t k = 0;
    switch (v->screen) {
    case SCREEN_WARMUP:
        k = (uint64_t)whole_seconds(v->warmup.into_us) * 100003u + (uint64_t)v->warmup.total_s;
        break;
    case SCREEN_REST:
        k = (uint64_t)whole_seconds(v->lift.rest_left_us);
        break;
    case SCREEN_ATTRACT:
        k = v->banner[0] != '\0';
        break;
    default:
        break;
    }
    return k * 131u + (uint64_t)v->idle_seconds_left;
}

/* The first time after now_us at which whole seconds counted from ref_us change. */
static int64_t next_second_from(int64_t ref_us, int64_t now_us)
{
    int64_t into = (now_us - ref_us) % US_PER_S;
    if (into < 0)
        into += US_PER_S;
    return now_us + (US_PER_S - into);
}

static int64_t earliest(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

int64_t ui_next_redraw_us(const struct ui *ui, const struct session *s)
{
    int64_t now = s->now_us;
    if (!ui->valid)
        return now;
    int64_t next = INT64_MAX;
    struct session_view view;
    session_view(s, now, &view);
    if (!ui->still && animating(&view))
        next = ui->last_anim_us + ANIM_FRAME_US;
    switch (s->screen) {
    case SCREEN_WARMUP:
        next = earliest(next, next_second_from(s->visit.warmup_step_start_us, now));
        next = earliest(next, next_second_from(s->visit.warmup_start_us, now));
        break;
    case SCREEN_REST:
        next = earliest(next, next_second_from(s->visit.rest_until_us, now));
        break;
    case SCREEN_ATTRACT:
        if (s->banner[0] && s->banner_until_us > now)
            next = earliest(next, s->banner_until_us);
        break;
    default:
        break;
    }
    if (s->idle_countdown)
        next = earliest(next, next_second_from(s->idle_logout_at_us, now));
    return next;
}

static bool sim_changed(const struct ui *ui, const struct ui_sim *sim)
{
    struct ui_sim none = {0};
    const struct ui_sim *a = sim ? sim : &none, *b = &ui->last_sim;
    const char *status = a->status ? a->status : "";
    const char *notice = a->notice ? a->notice : "";
    return a->active != b->active || a->show_help != b->show_help || a->light != b->light ||
           a->buzzer != b->buzzer || a->on_plate != b->on_plate || a->bar_held != b->bar_held ||
           a->no_trainer != b->no_trainer || a->demo_members != b->demo_members ||
           a->sound_mute != b->sound_mute ||
           strncmp(status, ui->last_status, SIM_STATUS_MAX - 1) != 0 ||
           strncmp(notice, ui->last_notice, UI_FAULT_TEXT_MAX - 1) != 0;
}

bool ui_needs_redraw(struct ui *ui, const struct session *s, const struct ui_sim *sim)
{
    if (!ui->valid)
        return true;
    struct session_view view;
    const struct session_view *v = &view;
    session_view(s, s->now_us, &view);
    int w, h;
    SDL_GetRendererOutputSize(ui->ren, &w, &h);
    if (w != ui->last_w || h != ui->last_h)
        return true;
    if (v->generation != ui->last_gen || v->screen != ui->last_screen)
        return true;
    if (timer_key(v) != ui->last_timer_key)
        return true;
    if (sim_changed(ui, sim))
        return true;
    if (!ui->still && animating(v) &&
        (v->now_us - ui->last_anim_us >= ANIM_FRAME_US || v->now_us < ui->last_anim_us))
        return true;
    return false;
}

static void keep_frame(struct ui *ui)
{
    struct canvas *cv = &ui->cv;
    if (ui->frame && (ui->frame->w != cv->w || ui->frame->h != cv->h)) {
        SDL_FreeSurface(ui->frame);
        ui->frame = NULL;
    }
    if (!ui->frame)
        ui->frame = SDL_CreateRGBSurfaceWithFormat(0, cv->w, cv->h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (ui->frame)
        SDL_RenderReadPixels(ui->ren, NULL, SDL_PIXELFORMAT_ARGB8888, ui->frame->pixels,
                             ui->frame->pitch);
}

void ui_set_large_text(struct ui *ui, bool on)
{
    if (ui->cv.large_text != on)
        ui->valid = false;
    ui->cv.large_text = on;
    ui->rack_large_text = on;
}

/* The reader's own text size from their badge to their logout, the rack's otherwise. */
static bool large_text_for(const struct ui *ui, enum text_pref pref)
{
    return pref == TEXT_PREF_LARGE ? true : pref == TEXT_PREF_NORMAL ? false : ui->rack_large_text;
}

int ui_set_portrait(struct ui *ui, char err[UI_ERR_MAX])
{
    int w, h;
    SDL_GetWindowSize(ui->win, &w, &h);
    if (h >= w)
        return 0;
    if (SDL_GetWindowFlags(ui->win) & (SDL_WINDOW_FULLSCREEN | SDL_WINDOW_FULLSCREEN_DESKTOP)) {
        snprintf(err, UI_ERR_MAX,
                 "orientation = portrait, but the display is %dx%d: turn the panel in the "
                 "display's own settings (e.g. video=...,rotate=90 on the kernel command line), "
                 "or leave orientation out",
                 w, h);
        return -1;
    }
    SDL_SetWindowSize(ui->win, h, w);
    ui->valid = false;
    return 0;
}

/* The line for staff across the top: a mute speaker first (the stop alarm is a safety
 * sound), then the kiosk's notice. */
static const char *kiosk_notice_text(const struct ui_sim *sim, char *buf, size_t len)
{
    const char *notice = sim->notice ? sim->notice : "";
    if (!sim->sound_mute)
        return notice;
    const char *args[] = {_("No sound: the stop alarm and tempo sounds are mute. Staff: check the "
                            "speaker; the kiosk tries again at each sound."),
                          notice};
    phrase_fill(buf, len, notice[0] ? "%s %s" : "%s", args, 2);
    return buf;
}

void ui_render(struct ui *ui, const struct session *s, const struct ui_sim *sim)
{
    char notice[UI_FAULT_TEXT_MAX * 2];
    struct canvas *cv = &ui->cv;
    struct ui_sim none = {0};
    if (!sim)
        sim = &none;
    struct session_view view;
    const struct session_view *v = &view;
    session_view(s, s->now_us, &view);
    cv->now_us = s->now_us; /* cached text ages on the session's clock */
    cv->unit = v->lift.unit;
    cv->plate_unit = v->lift.plate_unit;
    i18n_select(v->lang); /* the reader's own language, or the rack's */
    cv->large_text = large_text_for(ui, v->text_pref);
    canvas_begin(cv);
    if (ui->page_pending >= 0) {
        ui->page = ui->page_pending;
        ui->page_gen = s->generation;
        ui->page_screen = s->screen;
        ui->page_pending = -1;
    }
    cv->page = ui->page >= 0 && ui->page_gen == s->generation && ui->page_screen == s->screen
                   ? ui->page
                   : -1;
    ui->fault_shown = false;
    draw_fill(cv, (SDL_Rect){0, 0, cv->w, cv->h}, COL_BG);
    int strip_h = overlay_sim_strip_height(cv, sim);
    cv->area.h -= strip_h;
    /* --- gym server: the offline line takes its own room above the sim strip --- */
    int offline_h = offline_strip_height(cv, v);
    cv->area.h -= offline_h;
    SDL_Rect offline_at = {0, cv->area.y + cv->area.h, cv->w, offline_h};
    /* --- end of gym server --- */
    /* staff's notice across the top of the attract screen, the one everyone passes (lifters
     * and trainers tap in there), the screen laid out under it: a lifter's screens keep
     * their room for what is read from the rack, the trainer's for their lists and keypad
     * (at 800x480 the PIN keys would fall to 12 mm under it) */
    bool staff_reads = v->screen == SCREEN_ATTRACT;
    const char *staff = staff_reads && (sim->sound_mute || (sim->notice && sim->notice[0]))
                            ? kiosk_notice_text(sim, notice, sizeof notice)
                            : NULL;
    int staff_h = staff ? staff_notice_height(cv, staff) : 0;
    cv->area.y += staff_h;
    cv->area.h -= staff_h;
    cv->stats.notice_px = staff_h;
    /* the trainer's screens are read up close but never below the label size: text there
     * is cut rather than shrunk under it */
    cv->text_floor_px = trainer_screen(v->screen) ? type_px(cv, TYPE_LABEL) : 0;
    if ((unsigned)v->screen < SCREEN_COUNT)
        screens[v->screen](cv, v, sim);
    cv->text_floor_px = 0;
    if (staff) /* on the screen's own layer: a text of the screen under it is a fault */
        staff_notice(cv, staff, (SDL_Rect){0, 0, cv->w, staff_h});
    if (offline_h > 0) {
        cv->layer++;
        offline_strip(cv, v, offline_at);
    }
    if (strip_h > 0) {
        cv->layer++;
        overlay_sim_strip(cv, sim, (SDL_Rect){0, cv->h - strip_h, cv->w, strip_h});
    }
    if (sim->active && sim->show_help) {
        cv->layer++;
        overlay_sim_help(cv);
    }
    if (v->idle_countdown) {
        cv->layer++;
        overlay_idle(cv, v);
    }
    /* over the countdown too: a newcomer's takeover is answered there */
    if (v->notice[0]) {
        cv->layer++;
        overlay_notice(cv, v);
    }
    if (v->prefs_open) {
        cv->layer++;
        overlay_prefs(cv, v);
    }
    canvas_end(cv);
    if (ui->keep_frames)
        keep_frame(ui);
    SDL_RenderPresent(ui->ren);

    ui->frames++;
    ui->valid = true;
    ui->last_gen = v->generation;
    ui->last_screen = v->screen;
    ui->last_timer_key = timer_key(v);
    ui->last_anim_us = v->now_us;
    ui->last_w = cv->w;
    ui->last_h = cv->h;
    ui->last_sim = *sim;
    ui->last_sim.status = NULL;
    ui->last_sim.notice = NULL;
    snprintf(ui->last_status, sizeof ui->last_status, "%s", sim->status ? sim->status : "");
    snprintf(ui->last_notice, sizeof ui->last_notice, "%s", sim->notice ? sim->notice : "");
    ui->last_stats = cv->stats;
}

void ui_render_fault(struct ui *ui, const struct ui_fault *f)
{
    struct canvas *cv = &ui->cv;
    canvas_begin(cv);
    draw_fill(cv, (SDL_Rect){0, 0, cv->w, cv->h}, COL_BG);
    screen_fault(cv, f);
    canvas_end(cv);
    if (ui->keep_frames)
        keep_frame(ui);
    SDL_RenderPresent(ui->ren);
    ui->frames++;
    ui->valid = false; /* the next session frame draws in full */
    ui->last_stats = cv->stats;
    ui->fault_shown = true;
}

enum action ui_hit(struct ui *ui, int x, int y, int *arg)
{
    int ww, wh, ow, oh;
    SDL_GetWindowSize(ui->win, &ww, &wh);
    SDL_GetRendererOutputSize(ui->ren, &ow, &oh);
    /* touches come in window points; buttons were laid out in output pixels */
    if (ww > 0 && wh > 0 && (ww != ow || wh != oh)) {
        x = x * ow / ww;
        y = y * oh / wh;
    }
    if (arg)
        *arg = 0;
    SDL_Point p = {x, y};
    for (int i = ui->cv.n_buttons - 1; i >= 0; i--) {
        const struct button_rec *b = &ui->cv.buttons[i];
        if (!SDL_PointInRect(&p, &b->r))
            continue;
        if (!b->enabled)
            return ACTION_NONE; /* covered or disabled: nothing below is reachable */
        if (b->action == ACTION_TOUCH && b->arg >= UI_ARG_PAGE_BASE)
            return ACTION_TOUCH; /* a page control: the session only hears a touch */
        if (arg)
            *arg = b->arg;
        return b->action;
    }
    return ACTION_NONE;
}

enum action ui_touch(struct ui *ui, int x, int y, int *arg)
{
    enum action a = ui_hit(ui, x, y, arg);
    int ww, wh, ow, oh;
    SDL_GetWindowSize(ui->win, &ww, &wh);
    SDL_GetRendererOutputSize(ui->ren, &ow, &oh);
    if (ww > 0 && wh > 0 && (ww != ow || wh != oh)) {
        x = x * ow / ww;
        y = y * oh / wh;
    }
    SDL_Point p = {x, y};
    for (int i = ui->cv.n_buttons - 1; a == ACTION_TOUCH && i >= 0; i--) {
        const struct button_rec *b = &ui->cv.buttons[i];
        if (!SDL_PointInRect(&p, &b->r))
            continue;
        if (b->arg >= UI_ARG_PAGE_BASE) {
            ui->page_pending = b->arg - UI_ARG_PAGE_BASE;
            ui->valid = false;
        }
        break;
    }
    return a;
}

bool ui_find_button(const struct ui *ui, enum action action, int arg, int nth, int *arg_out,
                    bool *enabled)
{
    int seen = 0;
    /* the idle countdown covers the screen: only its own target is reachable */
    int from = 0;
    for (int i = ui->cv.n_buttons - 1; i >= 0; i--) {
        const struct button_rec *b = &ui->cv.buttons[i];
        if (b->r.x <= 0 && b->r.y <= 0 && b->r.w >= ui->cv.w && b->r.h >= ui->cv.h) {
            from = i;
            break;
        }
    }
    for (int i = from; i < ui->cv.n_buttons; i++) {
        const struct button_rec *b = &ui->cv.buttons[i];
        if (b->action != action)
            continue;
        if (nth > 0 ? ++seen != nth : b->arg != arg)
            continue;
        *arg_out = b->arg;
        *enabled = b->enabled;
        return true;
    }
    return false;
}

int ui_screenshot(struct ui *ui, const char *png_path, char err[UI_ERR_MAX])
{
    if (!ui->valid && !ui->fault_shown) {
        snprintf(err, UI_ERR_MAX, "no frame drawn yet");
        return -1;
    }
    if (!ui->frame) {
        if (!ui->software) {
            snprintf(err, UI_ERR_MAX, "no frame kept: call ui_keep_frames first");
            return -1;
        }
        /* the software renderer's window surface still holds the presented frame */
        keep_frame(ui);
        if (!ui->frame) {
            snprintf(err, UI_ERR_MAX, "read back: %s", SDL_GetError());
            return -1;
        }
    }
    if (IMG_SavePNG(ui->frame, png_path) < 0) {
        snprintf(err, UI_ERR_MAX, "%s: %s", png_path, IMG_GetError());
        return -1;
    }
    return 0;
}

uint64_t ui_frames_drawn(const struct ui *ui)
{
    return ui->frames;
}

void ui_invalidate(struct ui *ui)
{
    ui->valid = false;
}

void ui_keep_frames(struct ui *ui, bool on)
{
    ui->keep_frames = on;
    if (!on && ui->frame) {
        SDL_FreeSurface(ui->frame);
        ui->frame = NULL;
    }
}

void ui_animate(struct ui *ui, bool on)
{
    ui->still = !on;
}

void ui_text_stats(const struct ui *ui, struct ui_text_stats *out)
{
    *out = ui->last_stats;
}

double ui_px_per_mm(const struct ui *ui)
{
    return ui->cv.type.px_per_mm;
}

int ui_type_px(const struct ui *ui, enum type_role role)
{
    return ui->cv.type.px[role];
}

static struct ui_rect ui_rect_of(SDL_Rect r)
{
    return (struct ui_rect){r.x, r.y, r.w, r.h};
}

int ui_layout_texts(struct ui *ui, const struct ui_text_rec **out)
{
    struct canvas *cv = &ui->cv;
    for (int i = 0; i < cv->n_texts; i++) {
        const struct text_box *t = &cv->texts[i];
        struct ui_text_rec *o = &ui->layout_texts[i];
        *o = (struct ui_text_rec){ui_rect_of(t->r),
                                  ui_rect_of(t->box),
                                  t->layer,
                                  t->px,
                                  canvas_cap_px(cv, t->weight, t->px),
                                  t->key,
                                  ""};
        snprintf(o->str, sizeof o->str, "%s", t->str);
    }
    *out = ui->layout_texts;
    return cv->n_texts;
}

int ui_layout_targets(struct ui *ui, const struct ui_target_rec **out)
{
    struct ui *w = ui;
    for (int i = 0; i < ui->cv.n_buttons; i++) {
        const struct button_rec *b = &ui->cv.buttons[i];
        w->layout_targets[i] =
            (struct ui_target_rec){ui_rect_of(b->r), b->action, b->arg, b->enabled};
    }
    *out = w->layout_targets;
    return ui->cv.n_buttons;
}

int ui_layout_plots(struct ui *ui, const struct ui_rect **out)
{
    for (int i = 0; i < ui->cv.n_plots; i++)
        ui->layout_plots[i] = ui_rect_of(ui->cv.plots[i]);
    *out = ui->layout_plots;
    return ui->cv.n_plots;
}
