#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/flag_text.h"
#include "../core/phrase.h"
#include "../core/plate_loading.h"
#include "widgets.h"

#define FONT_FLOOR_FRAC   0.026 /* text never shrinks below this share of the height */
#define FONT_FLOOR_MIN_PX 11
#define CACHE_KEEP_US     2000000    /* cached text unused this long is freed */
#define CACHE_MAX_BYTES   (8u << 20) /* and the least recently used past this much */
#define TEXEL_BYTES       4
#define CACHE_BUCKETS     1024
#define WRAP_MAX_LINES    12
#define WRAP_SLACK_PCT    3 /* kerning across spaces: leave a little room */
#define BUTTON_TEXT_OF_H  0.45
#define BUTTON_PAD_OF_H   0.12
#define CIRCLE_SEGMENTS   48
#define CAP_MEASURE_PX    200 /* the face's cap height is measured at this size */

/* Go, caution, stop and the accent come from the Okabe-Ito palette, which stays apart for
 * red-green colour blindness (bluish green, yellow and vermillion differ in lightness too);
 * every state also carries a word or a sign. */
const SDL_Color COL_BG = {16, 19, 24, 255};
const SDL_Color COL_PANEL = {30, 35, 43, 255};
const SDL_Color COL_PANEL_HI = {46, 53, 64, 255};
const SDL_Color COL_TEXT = {242, 244, 246, 255};
const SDL_Color COL_DIM = {176, 184, 194, 255};
const SDL_Color COL_FAINT = {96, 104, 116, 255};
const SDL_Color COL_GO = {0, 158, 115, 255};
const SDL_Color COL_CAUTION = {240, 228, 66, 255};
const SDL_Color COL_STOP = {213, 94, 0, 255};
const SDL_Color COL_STOP_BG = {122, 0, 0, 255};
const SDL_Color COL_ACCENT = {86, 180, 233, 255};
const SDL_Color COL_WHITE = {255, 255, 255, 255};
const SDL_Color COL_BLACK = {0, 0, 0, 255};

enum entry_kind { ENTRY_SIZE, ENTRY_TEXTURE };

struct text_entry {
    uint64_t hash;
    char *str;
    int px;
    int weight;
    enum entry_kind kind;
    uint32_t rgba;
    SDL_Texture *tex;
    int w, h;
    uint64_t used;   /* frame */
    int64_t used_us; /* the canvas's time at that frame */
    size_t bytes;    /* texture and string */
    int next;        /* bucket chain, -1 ends */
};

SDL_Color colour_severity(enum severity sev)
{
    switch (sev) {
    case SEVERITY_STOP:
        return COL_STOP;
    case SEVERITY_CAUTION:
        return COL_CAUTION;
    case SEVERITY_INFO:
        break;
    }
    return COL_ACCENT;
}

SDL_Color colour_mix(SDL_Color a, SDL_Color b, double t)
{
    if (t < 0)
        t = 0;
    if (t > 1)
        t = 1;
    SDL_Color c = {(Uint8)(a.r + (b.r - a.r) * t), (Uint8)(a.g + (b.g - a.g) * t),
                   (Uint8)(a.b + (b.b - a.b) * t), (Uint8)(a.a + (b.a - a.a) * t)};
    return c;
}

SDL_Color colour_on(SDL_Color bg)
{
    /* relative luminance, roughly: bright grounds take black text */
    double lum = 0.2126 * bg.r + 0.7152 * bg.g + 0.0722 * bg.b;
    return lum > 140 ? COL_BLACK : COL_WHITE;
}

/* ---------------------------------------------------------------- canvas */

static void rehash(struct canvas *cv)
{
    for (int i = 0; i < CACHE_BUCKETS; i++)
        cv->buckets[i] = -1;
    for (int i = 0; i < cv->cache_len; i++) {
        int k = (int)(cv->cache[i].hash % CACHE_BUCKETS);
        cv->cache[i].next = cv->buckets[k];
        cv->buckets[k] = i;
    }
}

static int cache_grow(struct canvas *cv)
{
    int cap = cv->cache_cap ? cv->cache_cap * 2 : 256;
    if (!cv->buckets && !(cv->buckets = malloc(CACHE_BUCKETS * sizeof *cv->buckets)))
        return -1;
    struct text_entry *n = realloc(cv->cache, (size_t)cap * sizeof *n);
    if (!n)
        return -1;
    cv->cache = n;
    cv->cache_cap = cap;
    rehash(cv);
    return 0;
}

static void font_size(struct canvas *cv, int weight, int px);

int canvas_cap_px(struct canvas *cv, int weight, int px)
{
    int minx, maxx, miny, maxy, adv;
    font_size(cv, weight, px);
    if (TTF_GlyphMetrics(cv->font[weight], 'H', &minx, &maxx, &miny, &maxy, &adv) != 0)
        return 0;
    return maxy;
}

/*
 * A font from its file mapped read-only: FreeType reads a glyph's outline and hinting at
 * every new text and size, and through a file each read was an fseek and a read (some
 * 14,000 system calls a scenario run, an eighth of its CPU); from the mapping they are
 * copies. Only the pages read are resident, shared with the page cache. NULL with
 * SDL's error set.
 */
static TTF_Font *font_open_mapped(struct canvas *cv, int weight, const char *path, int px)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        SDL_SetError("%s", strerror(errno));
        return NULL;
    }
    struct stat sb;
    void *map = MAP_FAILED;
    if (fstat(fd, &sb) == 0 && sb.st_size > 0)
        map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    int saved = errno;
    close(fd);
    if (map == MAP_FAILED) {
        SDL_SetError("%s", sb.st_size > 0 ? strerror(saved) : "empty file");
        return NULL;
    }
    SDL_RWops *rw = SDL_RWFromConstMem(map, (int)sb.st_size);
    TTF_Font *font = rw ? TTF_OpenFontRW(rw, 1, px) : NULL;
    if (!font) {
        munmap(map, (size_t)sb.st_size);
        return NULL;
    }
    cv->font_map[weight] = map;
    cv->font_map_len[weight] = (size_t)sb.st_size;
    return font;
}

int canvas_open(struct canvas *cv, SDL_Renderer *ren, const char *assets_dir, char *err,
                size_t err_len)
{
    static const char *const files[FONT_WEIGHTS] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"};
    memset(cv, 0, sizeof *cv);
    cv->ren = ren;
    for (int i = 0; i < FONT_WEIGHTS; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/fonts/%s", assets_dir ? assets_dir : "assets", files[i]);
        cv->font[i] = font_open_mapped(cv, i, path, 24);
        if (!cv->font[i]) {
            snprintf(err, err_len, "font %s: %s (reinstall the assets or pass --assets DIR)", path,
                     TTF_GetError());
            canvas_close(cv);
            return -1;
        }
        cv->font_px[i] = 24;
    }
    cv->cap_of_em = canvas_cap_px(cv, FONT_BOLD, CAP_MEASURE_PX) / (double)CAP_MEASURE_PX;
    if (cache_grow(cv) < 0) {
        snprintf(err, err_len, "out of memory");
        canvas_close(cv);
        return -1;
    }
    return 0;
}

static void entry_free(struct text_entry *e)
{
    free(e->str);
    if (e->tex)
        SDL_DestroyTexture(e->tex);
}

void canvas_close(struct canvas *cv)
{
    for (int i = 0; i < cv->cache_len; i++)
        entry_free(&cv->cache[i]);
    free(cv->cache);
    free(cv->buckets);
    cv->cache = NULL;
    cv->buckets = NULL;
    cv->cache_len = cv->cache_cap = 0;
    cv->cache_bytes = 0;
    for (int i = 0; i < FONT_WEIGHTS; i++) {
        if (cv->font[i])
            TTF_CloseFont(cv->font[i]);
        cv->font[i] = NULL;
        if (cv->font_map[i])
            munmap(cv->font_map[i], cv->font_map_len[i]);
        cv->font_map[i] = NULL;
    }
}

void canvas_begin(struct canvas *cv)
{
    SDL_GetRendererOutputSize(cv->ren, &cv->w, &cv->h);
    cv->area = (SDL_Rect){0, 0, cv->w, cv->h};
    type_scale_make(&cv->type, cv->w, cv->h, cv->px_per_mm_asked, cv->cap_of_em, cv->large_text);
    cv->layer = 0;
    cv->n_buttons = 0;
    cv->n_texts = 0;
    cv->n_plots = 0;
    memset(&cv->stats, 0, sizeof cv->stats);
    cv->frame++;
}

static bool rects_meet(SDL_Rect a, SDL_Rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Not drawn this frame, and unused past the keep time (or the clock went back). */
static bool entry_stale(const struct canvas *cv, const struct text_entry *e)
{
    return e->used != cv->frame &&
           (cv->now_us - e->used_us > CACHE_KEEP_US || cv->now_us < e->used_us);
}

/* The least recently used entry not drawn this frame, -1 none. */
static int entry_oldest(const struct canvas *cv)
{
    int oldest = -1;
    for (int i = 0; i < cv->cache_len; i++) {
        const struct text_entry *e = &cv->cache[i];
        if (e->used != cv->frame && (oldest < 0 || e->used < cv->cache[oldest].used))
            oldest = i;
    }
    return oldest;
}

/*
 * Evicts by time, then by bytes. Time, not frames: a screen that redraws once a second
 * (the rest countdown) would otherwise keep every second's number for minutes. Bytes:
 * a burst of new text (a long list scrolled) cannot grow the cache without bound.
 */
static void cache_evict(struct canvas *cv)
{
    int kept = 0;
    for (int i = 0; i < cv->cache_len; i++) {
        struct text_entry *e = &cv->cache[i];
        if (entry_stale(cv, e)) {
            cv->cache_bytes -= e->bytes;
            entry_free(e);
            continue;
        }
        cv->cache[kept++] = *e;
    }
    bool changed = kept != cv->cache_len;
    cv->cache_len = kept;
    int oldest;
    while (cv->cache_bytes > CACHE_MAX_BYTES && (oldest = entry_oldest(cv)) >= 0) {
        cv->cache_bytes -= cv->cache[oldest].bytes;
        entry_free(&cv->cache[oldest]);
        cv->cache[oldest] = cv->cache[--cv->cache_len];
        changed = true;
    }
    if (changed)
        rehash(cv);
}

void canvas_end(struct canvas *cv)
{
    for (int i = 0; i < cv->n_texts; i++)
        for (int j = i + 1; j < cv->n_texts; j++)
            if (cv->texts[i].layer == cv->texts[j].layer &&
                rects_meet(cv->texts[i].r, cv->texts[j].r))
                cv->stats.overlaps++;
    cache_evict(cv);
    cv->stats.cache_entries = cv->cache_len;
    cv->stats.cache_bytes = cv->cache_bytes;
}

bool canvas_portrait(const struct canvas *cv)
{
    return cv->h > cv->w;
}

int canvas_px(const struct canvas *cv, double frac)
{
    /* of the short side: a portrait panel keeps the landscape's margins and strokes */
    int px = (int)lround((cv->w < cv->h ? cv->w : cv->h) * frac);
    return px < 1 ? 1 : px;
}

int type_px(const struct canvas *cv, enum type_role role)
{
    return cv->type.px[role];
}

/* Each step down of the key number where a screen leaves lines out: about 8 %. */
#define KEY_STEP_NUM 12
#define KEY_STEP_DEN 13

int draw_key_fitted(struct canvas *cv, screen_body_fn body, const void *ctx)
{
    int full = cv->type.px[TYPE_KEY];
    /* the 10"'s key holds its size (28 mm, read from 3 m); the 7"'s gives way, down to a
     * floor, where its lines would not fit beside it */
    int least = type_scale_large_fits(cv->w, cv->h) ? full : cv->type.key_least_px;
    int n_texts = cv->n_texts, n_buttons = cv->n_buttons;
    struct ui_text_stats stats = cv->stats;
    int key = full, best_key = full, best_omitted = -1;
    bool settled = false; /* drawn the last time, at best_key */
    for (;;) {
        cv->type.px[TYPE_KEY] = key;
        body(cv, ctx);
        if (settled)
            break;
        /* a rep number with no clear place counts as a line left out here too */
        int omitted =
            cv->stats.omitted - stats.omitted + (cv->stats.marks_unplaced - stats.marks_unplaced);
        if (best_omitted < 0 || omitted < best_omitted) {
            best_omitted = omitted;
            best_key = key;
        }
        int next = key * KEY_STEP_NUM / KEY_STEP_DEN;
        bool last = omitted == 0 || next < least;
        /* done when all fits, or (not all fits even at the floor) at the largest size that
         * left out the least */
        if (last && key == best_key)
            break;
        /* lay it all out again: forget what this pass drew */
        cv->n_texts = n_texts;
        cv->n_buttons = n_buttons;
        cv->stats = stats;
        draw_fill(cv, cv->area, COL_BG);
        settled = last;
        key = last ? best_key : next;
    }
    cv->type.px[TYPE_KEY] = full;
    return key;
}

int target_px(const struct canvas *cv)
{
    return cv->type.target_px;
}

int mm_px(const struct canvas *cv, double mm)
{
    int px = (int)lround(mm * cv->type.px_per_mm);
    return px < 1 ? 1 : px;
}

/* ---------------------------------------------------------------- rectangles */

SDL_Rect rect_cut_top(SDL_Rect *r, int h)
{
    if (h > r->h)
        h = r->h;
    SDL_Rect out = {r->x, r->y, r->w, h};
    r->y += h;
    r->h -= h;
    return out;
}

SDL_Rect rect_cut_bottom(SDL_Rect *r, int h)
{
    if (h > r->h)
        h = r->h;
    SDL_Rect out = {r->x, r->y + r->h - h, r->w, h};
    r->h -= h;
    return out;
}

SDL_Rect rect_cut_left(SDL_Rect *r, int w)
{
    if (w > r->w)
        w = r->w;
    SDL_Rect out = {r->x, r->y, w, r->h};
    r->x += w;
    r->w -= w;
    return out;
}

SDL_Rect rect_cut_right(SDL_Rect *r, int w)
{
    if (w > r->w)
        w = r->w;
    SDL_Rect out = {r->x + r->w - w, r->y, w, r->h};
    r->w -= w;
    return out;
}

SDL_Rect rect_inset(SDL_Rect r, int d)
{
    SDL_Rect out = {r.x + d, r.y + d, r.w - 2 * d, r.h - 2 * d};
    if (out.w < 0)
        out.w = 0;
    if (out.h < 0)
        out.h = 0;
    return out;
}

SDL_Rect rect_column(SDL_Rect r, int n, int i, int gap)
{
    /* the rounding shared out, a pixel at most to a column, so the columns reach the edge
     * (the last one taking it all made the 26th bar of a plot three times as wide) */
    int x0 = r.x + i * (r.w + gap) / n;
    int x1 = r.x + (i + 1) * (r.w + gap) / n - gap;
    return (SDL_Rect){x0, r.y, x1 - x0, r.h};
}

SDL_Rect rect_row(SDL_Rect r, int n, int i, int gap)
{
    int h = (r.h - gap * (n - 1)) / n;
    int y0 = r.y + i * (h + gap);
    int y1 = i == n - 1 ? r.y + r.h : y0 + h;
    return (SDL_Rect){r.x, y0, r.w, y1 - y0};
}

SDL_Rect rect_centre(SDL_Rect r, int w, int h)
{
    return (SDL_Rect){r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, w, h};
}

/* ---------------------------------------------------------------- shapes */

static void set_colour(struct canvas *cv, SDL_Color c)
{
    SDL_SetRenderDrawBlendMode(cv->ren, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(cv->ren, c.r, c.g, c.b, c.a);
}

void draw_fill(struct canvas *cv, SDL_Rect r, SDL_Color c)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    set_colour(cv, c);
    SDL_RenderFillRect(cv->ren, &r);
}

void draw_frame(struct canvas *cv, SDL_Rect r, int thick, SDL_Color c)
{
    if (thick * 2 >= r.w || thick * 2 >= r.h) {
        draw_fill(cv, r, c);
        return;
    }
    draw_fill(cv, (SDL_Rect){r.x, r.y, r.w, thick}, c);
    draw_fill(cv, (SDL_Rect){r.x, r.y + r.h - thick, r.w, thick}, c);
    draw_fill(cv, (SDL_Rect){r.x, r.y + thick, thick, r.h - 2 * thick}, c);
    draw_fill(cv, (SDL_Rect){r.x + r.w - thick, r.y + thick, thick, r.h - 2 * thick}, c);
}

void draw_panel(struct canvas *cv, SDL_Rect r, SDL_Color fill, SDL_Color border)
{
    draw_fill(cv, r, fill);
    draw_frame(cv, r, canvas_px(cv, 0.004), border);
}

void draw_disc(struct canvas *cv, int cx, int cy, int r, SDL_Color c)
{
    set_colour(cv, c);
    for (int dy = -r; dy <= r; dy++) {
        int dx = (int)lround(sqrt((double)r * r - (double)dy * dy));
        SDL_RenderDrawLine(cv->ren, cx - dx, cy + dy, cx + dx, cy + dy);
    }
}

void draw_line(struct canvas *cv, int x0, int y0, int x1, int y1, int thick, SDL_Color c)
{
    if (thick <= 1) {
        set_colour(cv, c);
        SDL_RenderDrawLine(cv->ren, x0, y0, x1, y1);
        return;
    }
    set_colour(cv, c);
    /* stack strokes across the minor axis so diagonals leave no gaps */
    bool mostly_flat = abs(x1 - x0) >= abs(y1 - y0);
    double len = hypot(x1 - x0, y1 - y0);
    double slant = len > 0 ? len / (mostly_flat ? abs(x1 - x0) : abs(y1 - y0)) : 1;
    int n = (int)lround(thick * (slant > 0 ? slant : 1));
    if (n < 1)
        n = 1;
    for (int i = 0; i < n; i++) {
        int o = i - n / 2;
        if (mostly_flat)
            SDL_RenderDrawLine(cv->ren, x0, y0 + o, x1, y1 + o);
        else
            SDL_RenderDrawLine(cv->ren, x0 + o, y0, x1 + o, y1);
    }
    /* round caps make joints of a stick figure look like joints */
    draw_disc(cv, x0, y0, thick / 2, c);
    draw_disc(cv, x1, y1, thick / 2, c);
}

void draw_ring(struct canvas *cv, int cx, int cy, int r, int thick, SDL_Color c)
{
    for (int i = 0; i < CIRCLE_SEGMENTS; i++) {
        double a0 = 2 * M_PI * i / CIRCLE_SEGMENTS, a1 = 2 * M_PI * (i + 1) / CIRCLE_SEGMENTS;
        draw_line(cv, cx + (int)lround(r * cos(a0)), cy + (int)lround(r * sin(a0)),
                  cx + (int)lround(r * cos(a1)), cy + (int)lround(r * sin(a1)), thick, c);
    }
}

void draw_polygon(struct canvas *cv, const SDL_FPoint *pts, int n, SDL_Color c)
{
    enum { POLY_MAX = 32 };
    if (n < 3 || n > POLY_MAX)
        return;
    SDL_Vertex v[POLY_MAX];
    int idx[(POLY_MAX - 2) * 3];
    for (int i = 0; i < n; i++)
        v[i] = (SDL_Vertex){pts[i], c, {0, 0}};
    for (int i = 0; i < n - 2; i++) {
        idx[i * 3] = 0;
        idx[i * 3 + 1] = i + 1;
        idx[i * 3 + 2] = i + 2;
    }
    SDL_RenderGeometry(cv->ren, NULL, v, n, idx, (n - 2) * 3);
}

void draw_progress(struct canvas *cv, SDL_Rect r, double frac, SDL_Color fill)
{
    if (frac < 0)
        frac = 0;
    if (frac > 1)
        frac = 1;
    draw_fill(cv, r, COL_PANEL_HI);
    draw_fill(cv, (SDL_Rect){r.x, r.y, (int)lround(r.w * frac), r.h}, fill);
    draw_frame(cv, r, canvas_px(cv, 0.003), COL_FAINT);
}

void draw_tick(struct canvas *cv, SDL_Rect r, int thick, SDL_Color c)
{
    int x0 = r.x + r.w / 8, y0 = r.y + r.h * 11 / 20;
    int x1 = r.x + r.w * 2 / 5, y1 = r.y + r.h * 4 / 5;
    int x2 = r.x + r.w * 7 / 8, y2 = r.y + r.h / 5;
    draw_line(cv, x0, y0, x1, y1, thick, c);
    draw_line(cv, x1, y1, x2, y2, thick, c);
}

/* ---------------------------------------------------------------- text cache */

static uint64_t hash_key(const char *s, int px, int weight, enum entry_kind kind, uint32_t rgba)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    uint64_t extra[4] = {(uint64_t)px, (uint64_t)weight, (uint64_t)kind, rgba};
    for (int i = 0; i < 4; i++)
        h = (h ^ extra[i]) * 1099511628211ULL;
    return h;
}

static void font_size(struct canvas *cv, int weight, int px)
{
    if (cv->font_px[weight] != px) {
        TTF_SetFontSize(cv->font[weight], px);
        cv->font_px[weight] = px;
    }
}

static uint32_t pack_rgba(SDL_Color c)
{
    return (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a;
}

static struct text_entry *cache_find(struct canvas *cv, const char *str, int px, int weight,
                                     enum entry_kind kind, uint32_t rgba, uint64_t *hash_out)
{
    uint64_t h = hash_key(str, px, weight, kind, rgba);
    *hash_out = h;
    for (int i = cv->buckets[h % CACHE_BUCKETS]; i >= 0; i = cv->cache[i].next) {
        struct text_entry *e = &cv->cache[i];
        if (e->hash == h && e->px == px && e->weight == weight && e->kind == kind &&
            e->rgba == rgba && strcmp(e->str, str) == 0) {
            e->used = cv->frame;
            e->used_us = cv->now_us;
            return e;
        }
    }
    return NULL;
}

static struct text_entry *cache_add(struct canvas *cv, uint64_t h, const char *str, int px,
                                    int weight, enum entry_kind kind, uint32_t rgba)
{
    if (cv->cache_len == cv->cache_cap && cache_grow(cv) < 0)
        return NULL;
    char *copy = strdup(str);
    if (!copy)
        return NULL;
    int i = cv->cache_len++;
    struct text_entry *e = &cv->cache[i];
    *e = (struct text_entry){.hash = h,
                             .str = copy,
                             .px = px,
                             .weight = weight,
                             .kind = kind,
                             .rgba = rgba,
                             .used = cv->frame,
                             .used_us = cv->now_us,
                             .bytes = strlen(str) + 1};
    cv->cache_bytes += e->bytes;
    e->next = cv->buckets[h % CACHE_BUCKETS];
    cv->buckets[h % CACHE_BUCKETS] = i;
    return e;
}

/* Size of str at px, measured once and cached. */
static void measure(struct canvas *cv, const char *str, int px, int weight, int *w, int *h)
{
    uint64_t hash;
    struct text_entry *e = cache_find(cv, str, px, weight, ENTRY_SIZE, 0, &hash);
    if (!e) {
        int mw = 0, mh = 0;
        font_size(cv, weight, px);
        if (*str)
            TTF_SizeUTF8(cv->font[weight], str, &mw, &mh);
        else
            mh = TTF_FontHeight(cv->font[weight]);
        e = cache_add(cv, hash, str, px, weight, ENTRY_SIZE, 0);
        if (!e) {
            *w = mw;
            *h = mh;
            return;
        }
        e->w = mw;
        e->h = mh;
    }
    *w = e->w;
    *h = e->h;
}

int text_width(struct canvas *cv, const char *str, int px, enum font_weight weight)
{
    int w, h;
    measure(cv, str, px, weight, &w, &h);
    return w;
}

static SDL_Texture *text_texture(struct canvas *cv, const char *str, int px, int weight,
                                 SDL_Color c, int *w, int *h)
{
    uint64_t hash;
    uint32_t rgba = pack_rgba(c);
    struct text_entry *e = cache_find(cv, str, px, weight, ENTRY_TEXTURE, rgba, &hash);
    if (e) {
        *w = e->w;
        *h = e->h;
        return e->tex;
    }
    font_size(cv, weight, px);
    SDL_Surface *surf = TTF_RenderUTF8_Blended(cv->font[weight], str, c);
    if (!surf)
        return NULL;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(cv->ren, surf);
    int sw = surf->w, sh = surf->h;
    SDL_FreeSurface(surf);
    if (!tex)
        return NULL;
    e = cache_add(cv, hash, str, px, weight, ENTRY_TEXTURE, rgba);
    if (!e) {
        SDL_DestroyTexture(tex);
        return NULL;
    }
    e->tex = tex;
    size_t tex_bytes = (size_t)sw * (size_t)sh * TEXEL_BYTES;
    e->bytes += tex_bytes;
    cv->cache_bytes += tex_bytes;
    e->w = *w = sw;
    e->h = *h = sh;
    return tex;
}

static void note_text(struct canvas *cv, SDL_Rect r, SDL_Rect box, const char *str, int px,
                      int weight)
{
    cv->stats.drawn++;
    if (r.x < 0 || r.y < 0 || r.x + r.w > cv->w || r.y + r.h > cv->h)
        cv->stats.outside++;
    if (cv->n_texts < CANVAS_MAX_TEXTS) {
        struct text_box *t = &cv->texts[cv->n_texts++];
        *t = (struct text_box){r, box, cv->layer, px, weight, cv->drawing_key, ""};
        snprintf(t->str, sizeof t->str, "%s", str);
    }
}

static int floor_px(const struct canvas *cv, int px)
{
    if (cv->text_floor_px > 0) /* cut rather than shrink below it */
        return px > cv->text_floor_px ? cv->text_floor_px : px;
    int f = canvas_px(cv, FONT_FLOOR_FRAC);
    if (f < FONT_FLOOR_MIN_PX)
        f = FONT_FLOOR_MIN_PX;
    return px < f ? px : f;
}

/* A size asked below the screen's floor is raised to it. */
static int floored(const struct canvas *cv, int px)
{
    return px < cv->text_floor_px ? cv->text_floor_px : px;
}

/* Largest size <= px at which str fits w x h; the floor when nothing fits. */
static int fit_px(struct canvas *cv, const char *str, int px, int weight, int w, int h, bool *fits)
{
    int lo = floor_px(cv, px);
    int tw, th;
    measure(cv, str, px, weight, &tw, &th);
    while (px > lo && (tw > w || th > h)) {
        /* text scales about linearly with size: jump close, then step down */
        int guess = px - 1;
        if (tw > w && tw > 0)
            guess = (int)((double)px * w / tw);
        if (th > h && th > 0) {
            int gh = (int)((double)px * h / th);
            if (gh < guess)
                guess = gh;
        }
        if (guess >= px)
            guess = px - 1;
        px = guess < lo ? lo : guess;
        measure(cv, str, px, weight, &tw, &th);
    }
    *fits = tw <= w && th <= h;
    return px;
}

/* Cuts str (UTF-8) so that str + "…" fits in w; writes into out. */
static void ellipsize(struct canvas *cv, const char *str, int px, int weight, int w, char *out,
                      size_t out_len)
{
    static const char dots[] = "\xE2\x80\xA6";
    size_t n = strlen(str);
    size_t lo = 0, hi = n;
    /* binary search on byte length, then back off to a character boundary */
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        while (mid > 0 && ((unsigned char)str[mid] & 0xC0) == 0x80)
            mid--;
        if (mid <= lo) {
            hi = lo;
            break;
        }
        snprintf(out, out_len, "%.*s%s", (int)mid, str, dots);
        if (text_width(cv, out, px, weight) <= w)
            lo = mid;
        else
            hi = mid - 1;
    }
    while (lo > 0 && ((unsigned char)str[lo] & 0xC0) == 0x80)
        lo--;
    while (lo > 0 && str[lo - 1] == ' ')
        lo--;
    snprintf(out, out_len, "%.*s%s", (int)lo, str, dots);
}

static SDL_Rect blit_text(struct canvas *cv, SDL_Rect box, const char *str, int px, int weight,
                          SDL_Color c, enum align align)
{
    int tw, th;
    SDL_Texture *tex = text_texture(cv, str, px, weight, c, &tw, &th);
    if (!tex)
        return (SDL_Rect){box.x, box.y, 0, 0};
    int x = box.x;
    if (align == ALIGN_CENTER)
        x = box.x + (box.w - tw) / 2;
    else if (align == ALIGN_RIGHT)
        x = box.x + box.w - tw;
    SDL_Rect dst = {x, box.y + (box.h - th) / 2, tw, th};
    SDL_RenderCopy(cv->ren, tex, NULL, &dst);
    note_text(cv, dst, box, str, px, weight);
    return dst;
}

SDL_Rect draw_text(struct canvas *cv, SDL_Rect box, const char *str, int px,
                   enum font_weight weight, SDL_Color c, enum align align)
{
    if (!str || !*str || box.w <= 0 || box.h <= 0)
        return (SDL_Rect){box.x, box.y, 0, 0};
    bool fits;
    px = floored(cv, px);
    int asked = px;
    px = fit_px(cv, str, px, weight, box.w, box.h, &fits);
    if (px < asked)
        cv->stats.shrunk++;
    if (fits)
        return blit_text(cv, box, str, px, weight, c, align);
    cv->stats.ellipsized++;
    char cut[512];
    ellipsize(cv, str, px, weight, box.w, cut, sizeof cut);
    return blit_text(cv, box, cut, px, weight, c, align);
}

/* Room above the cap height and below the baseline a key number keeps, per em. */
#define KEY_PAD_OF_EM 0.05

static int key_pad(int px)
{
    return (int)(px * KEY_PAD_OF_EM) + 1;
}

int key_line_px(struct canvas *cv, int px)
{
    return canvas_cap_px(cv, FONT_BOLD, px) + 2 * key_pad(px);
}

/*
 * A key number is drawn cropped to its ink band (cap height to baseline plus a little), so
 * its box need not hold the font's whole line height: the key strings have no descenders.
 */
SDL_Rect draw_key_text(struct canvas *cv, SDL_Rect box, const char *str, SDL_Color c,
                       enum align align)
{
    return draw_big_text(cv, box, str, TYPE_KEY, c, align);
}

SDL_Rect draw_big_text(struct canvas *cv, SDL_Rect box, const char *str, enum type_role role,
                       SDL_Color c, enum align align)
{
    int px = type_px(cv, role);
    if (!str || !*str || box.w <= 0 || box.h <= 0)
        return (SDL_Rect){box.x, box.y, 0, 0};
    while (px > 1 && (text_width(cv, str, px, FONT_BOLD) > box.w || key_line_px(cv, px) > box.h))
        px = px * 49 / 50 < px - 1 ? px * 49 / 50 : px - 1;
    if (px < type_px(cv, role))
        cv->stats.shrunk++;
    int tw, th;
    SDL_Texture *tex = text_texture(cv, str, px, FONT_BOLD, c, &tw, &th);
    if (!tex)
        return (SDL_Rect){box.x, box.y, 0, 0};
    font_size(cv, FONT_BOLD, px);
    int ascent = TTF_FontAscent(cv->font[FONT_BOLD]);
    int band = key_line_px(cv, px);
    int top = ascent - canvas_cap_px(cv, FONT_BOLD, px) - key_pad(px);
    if (top < 0)
        top = 0;
    if (top + band > th)
        band = th - top;
    SDL_Rect src = {0, top, tw, band};
    int x = box.x;
    if (align == ALIGN_CENTER)
        x = box.x + (box.w - tw) / 2;
    else if (align == ALIGN_RIGHT)
        x = box.x + box.w - tw;
    SDL_Rect dst = {x, box.y + (box.h - band) / 2, tw, band};
    SDL_RenderCopy(cv->ren, tex, &src, &dst);
    cv->drawing_key = role == TYPE_KEY;
    note_text(cv, dst, box, str, px, FONT_BOLD);
    cv->drawing_key = false;
    return dst;
}

struct wrap_layout {
    int n;
    int start[WRAP_MAX_LINES], len[WRAP_MAX_LINES];
    int line_h;
    bool overflow; /* more text than WRAP_MAX_LINES lines or a word wider than the box */
};

/* The signs a line may start with that say what follows ("\xE2\x9A\xA0 Rushed", "\xE2\x86\x91
 * Unrack"): a sign alone at a line's end would be read as a fault of its own. */
static const char *const wrap_signs[] = {
    "\xE2\x9A\xA0", /* warning */
    "\xE2\x9C\x93", /* tick */
    "\xE2\x9C\x97", /* cross */
    "\xE2\x86\x91", /* up */
    "\xE2\x86\x93", /* down */
    "\xE2\x97\x80", /* back */
    "\xE2\x96\xB6", /* on */
};

/* Whether the len bytes at p are signs only (one or more of wrap_signs). */
static bool sign_word(const char *p, size_t len)
{
    if (len == 0)
        return false;
    while (len > 0) {
        size_t k = 0;
        for (size_t i = 0; i < sizeof wrap_signs / sizeof wrap_signs[0] && !k; i++) {
            size_t n = strlen(wrap_signs[i]);
            if (n <= len && memcmp(p, wrap_signs[i], n) == 0)
                k = n;
        }
        if (!k)
            return false;
        p += k;
        len -= k;
    }
    return true;
}

/* Whether the len bytes at p are a number: an optional "(", "+", "-" or minus sign, then
 * digits with any "." or "," between them, ending in a digit ("0,30", "100", "(3.0"). */
static bool number_word(const char *p, size_t len)
{
    if (len > 0 && (*p == '(' || *p == '+' || *p == '-')) {
        p++;
        len--;
    } else if (len >= 3 && memcmp(p, "\xE2\x88\x92", 3) == 0) {
        p += 3;
        len -= 3;
    }
    if (len == 0 || !isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[len - 1]))
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)p[i]) && p[i] != '.' && p[i] != ',')
            return false;
    return true;
}

/* The length of the word at p without any closing punctuation after it ("kg," is 2). */
static size_t bare_word_len(const char *p)
{
    size_t len = 0;
    while (p[len] && p[len] != ' ' && p[len] != '\n')
        len++;
    while (len > 0 && strchr(",.;:)!?", p[len - 1]))
        len--;
    return len;
}

/* Whether the len bytes at p are one of the n words. */
static bool word_in(const char *const *words, size_t n, const char *p, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(words[i]) == len && memcmp(p, words[i], len) == 0)
            return true;
    return false;
}

/* The units a number keeps on its line ("0,30 m/s", "100 kg", "44 %"), with any closing
 * punctuation after them ("kg,", "s)"). */
static bool unit_word(const char *p)
{
    static const char *const units[] = {"kg", "lb", "g",   "m/s", "m", "cm", "mm",
                                        "s",  "ms", "min", "h",   "%", "mg", "\xC2\xB0/s"};
    return word_in(units, sizeof units / sizeof units[0], p, bare_word_len(p));
}

/* Whether the word at p is a number, with any closing punctuation after it ("3", "2,"). */
static bool number_at(const char *p)
{
    size_t len = bare_word_len(p);
    const char *nbsp = strstr(p, "\xC2\xA0"); /* "0.23 m/s" joined by a no-break space */
    if (nbsp && (size_t)(nbsp - p) < len)
        len = (size_t)(nbsp - p);
    return number_word(p, len);
}

/* The words that keep the number after them on their line: the times sign of "100 kg × 5",
 * the rep's name in "rep 9" in each language ("Rep. 3", "Wdh. 2"), and the set summary's
 * labels ("mean 0.23 m/s": "mean" at a line's end and "0.23" below read as two things). */
static bool before_number_word(const char *p, size_t len)
{
    static const char *const words[] = {
        "\xC3\x97", "rep",   "Rep",   "rep.",   "Rep.",   "reps",  "Reps",           "Wdh.",
        "Wdh",      "Best",  "best",  "mean",   "Mean",   "Mejor", "mejor",          "media",
        "Media",    "Beste", "beste", "Mittel", "mittel", "Loss",  "P\xC3\xA9rdida", "Verlust",
        "tempo",    "Tempo", "ritmo"};
    return word_in(words, sizeof words / sizeof words[0], p, len);
}

/* The end of the word at p: a sign keeps its first word with it, so a wrapped line never
 * ends in a sign whose words begin the next, a number keeps its unit ("0,30" at a line's
 * end and "m/s" at the next one's start read as two things), and "×" or "rep" keeps the
 * number after it ("Next: 100 kg ×" over "5" reads as two things): non-breaking joins. */
static const char *wrap_word_end(const char *p)
{
    const char *end = p;
    while (*end && *end != ' ' && *end != '\n')
        end++;
    while ((sign_word(p, (size_t)(end - p)) ||
            (number_word(p, (size_t)(end - p)) && end[0] == ' ' && unit_word(end + 1)) ||
            (before_number_word(p, (size_t)(end - p)) && end[0] == ' ' && number_at(end + 1))) &&
           end[0] == ' ' && end[1] && end[1] != ' ' && end[1] != '\n') {
        p = end + 1;
        end = p;
        while (*end && *end != ' ' && *end != '\n')
            end++;
    }
    return end;
}

/* Greedy word wrap of str at px into width w. */
static void wrap(struct canvas *cv, const char *str, int px, int weight, int w,
                 struct wrap_layout *out)
{
    int space_w, word_h;
    measure(cv, " ", px, weight, &space_w, &word_h);
    out->n = 0;
    out->line_h =
        word_h + word_h / 16 + 1; /* a little leading; glyphs may exceed the font height */
    out->overflow = false;
    int limit = w - w * WRAP_SLACK_PCT / 100;
    const char *p = str;
    int line_w = 0;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *end = wrap_word_end(p);
        char word[256];
        snprintf(word, sizeof word, "%.*s", (int)(end - p), p);
        int ww, wh;
        measure(cv, word, px, weight, &ww, &wh);
        if (ww > limit && strchr(word, ' ')) { /* a sign and its word wider than a line */
            end = strchr(p, ' ');
            snprintf(word, sizeof word, "%.*s", (int)(end - p), p);
            measure(cv, word, px, weight, &ww, &wh);
        }
        bool fresh = out->n == 0 || line_w == -1;
        if (!fresh && line_w + space_w + ww <= limit) {
            out->len[out->n - 1] = (int)(end - str) - out->start[out->n - 1];
            line_w += space_w + ww;
        } else {
            if (out->n == WRAP_MAX_LINES) {
                out->overflow = true;
                return;
            }
            out->start[out->n] = (int)(p - str);
            out->len[out->n] = (int)(end - p);
            out->n++;
            line_w = ww;
            if (ww > limit)
                out->overflow = true;
        }
        p = end;
        if (*p == '\n') {
            line_w = -1; /* forced break */
            p++;
        }
    }
}

int text_wrap_lines(struct canvas *cv, const char *str, int px, enum font_weight weight, int w)
{
    struct wrap_layout lay;
    wrap(cv, str, px, weight, w, &lay);
    return lay.overflow ? WRAP_MAX_LINES + 1 : lay.n;
}

int text_wrap_split(struct canvas *cv, const char *str, int px, enum font_weight weight, int w,
                    char *out, size_t len)
{
    struct wrap_layout lay;
    wrap(cv, str, px, weight, w, &lay);
    size_t used = 0;
    if (len > 0)
        out[0] = '\0';
    for (int i = 0; i < lay.n && used < len; i++) {
        int k = snprintf(out + used, len - used, "%s%.*s", i ? "\n" : "", lay.len[i],
                         str + lay.start[i]);
        used += k > 0 ? (size_t)k : 0;
    }
    return lay.overflow ? WRAP_MAX_LINES + 1 : lay.n;
}

int text_line_px(struct canvas *cv, int px, enum font_weight weight)
{
    int space_w, h;
    measure(cv, " ", px, weight, &space_w, &h);
    return h + h / 16 + 1;
}

static int wrap_impl(struct canvas *cv, SDL_Rect box, const char *str, int px, int weight,
                     SDL_Color c, enum align align, bool vcentre)
{
    if (!str || !*str || box.w <= 0 || box.h <= 0)
        return 0;
    px = floored(cv, px);
    int lo = floor_px(cv, px), asked = px;
    struct wrap_layout lay;
    for (;;) {
        wrap(cv, str, px, weight, box.w, &lay);
        if ((!lay.overflow && lay.n * lay.line_h <= box.h) || px <= lo)
            break;
        int next = px * 19 / 20;
        px = next < px ? next : px - 1;
        if (px < lo)
            px = lo;
    }
    if (px < asked)
        cv->stats.shrunk++;
    int lines = lay.n;
    int max_lines = lay.line_h > 0 ? box.h / lay.line_h : 0;
    if (max_lines < 1)
        max_lines = 1;
    bool cut = lay.overflow || lines > max_lines;
    if (lines > max_lines)
        lines = max_lines;
    int used = lines * lay.line_h;
    int y = box.y + (vcentre && used < box.h ? (box.h - used) / 2 : 0);
    for (int i = 0; i < lines; i++) {
        char line[512];
        int len = lay.len[i];
        /* the last line shows there was more */
        if (cut && i == lines - 1)
            len = (int)strlen(str + lay.start[i]);
        snprintf(line, sizeof line, "%.*s", len, str + lay.start[i]);
        SDL_Rect lb = {box.x, y, box.w, lay.line_h};
        if (cut && i == lines - 1) {
            cv->stats.ellipsized++;
            char shortened[512];
            ellipsize(cv, line, px, weight, box.w, shortened, sizeof shortened);
            blit_text(cv, lb, text_width(cv, line, px, weight) <= box.w ? line : shortened, px,
                      weight, c, align);
        } else {
            blit_text(cv, lb, line, px, weight, c, align);
        }
        y += lay.line_h;
    }
    return used;
}

int draw_text_wrap(struct canvas *cv, SDL_Rect box, const char *str, int px,
                   enum font_weight weight, SDL_Color c, enum align align)
{
    return wrap_impl(cv, box, str, px, weight, c, align, false);
}

/* ---------------------------------------------------------------- buttons */

void canvas_add_plot(struct canvas *cv, SDL_Rect r)
{
    if (cv->n_plots < CANVAS_MAX_PLOTS)
        cv->plots[cv->n_plots++] = r;
}

void canvas_add_target(struct canvas *cv, SDL_Rect r, enum action action, int arg, bool enabled)
{
    if (cv->n_buttons < CANVAS_MAX_BUTTONS)
        cv->buttons[cv->n_buttons++] = (struct button_rec){r, action, arg, enabled};
}

void draw_button(struct canvas *cv, SDL_Rect r, const char *label, enum button_style style,
                 enum action action, int arg, bool enabled)
{
    /* keypad digits and OK read from further away than sentences */
    int px = type_px(cv, strlen(label) <= 3 ? TYPE_TITLE : TYPE_BODY);
    draw_button_px(cv, r, label, px, style, action, arg, enabled);
}

/* The side padding of a w x h button: a share of its smaller side, no more than a
 * finger-high button's (a taller button of wrapped lines keeps its width for them). */
static int button_pad(const struct canvas *cv, int w, int h)
{
    int side = h < w ? h : w;
    if (side > target_px(cv))
        side = target_px(cv);
    return (int)(side * BUTTON_PAD_OF_H);
}

void draw_button_px(struct canvas *cv, SDL_Rect r, const char *label, int px,
                    enum button_style style, enum action action, int arg, bool enabled)
{
    SDL_Color fill = COL_PANEL_HI, border = COL_FAINT, text = COL_TEXT;
    int border_px = canvas_px(cv, 0.004);
    switch (style) {
    case BUTTON_PLAIN:
        border = COL_DIM;
        break;
    case BUTTON_PRIMARY:
        fill = COL_GO;
        border = COL_GO;
        break;
    case BUTTON_DANGER:
        fill = COL_STOP;
        border = COL_WHITE;
        break;
    case BUTTON_SELECTED:
        fill = COL_ACCENT;
        border = COL_WHITE;
        border_px = canvas_px(cv, 0.008);
        break;
    case BUTTON_QUIET:
        fill = COL_BG;
        border = COL_DIM;
        text = COL_DIM;
        break;
    }
    if (!enabled) {
        fill = COL_PANEL;
        border = COL_FAINT;
        text = COL_FAINT;
    } else if (style != BUTTON_QUIET && style != BUTTON_PLAIN) {
        text = colour_on(fill);
    }
    draw_fill(cv, r, fill);
    draw_frame(cv, r, border_px, border);
    int pad = button_pad(cv, r.w, r.h);
    /* the text keeps the plain border's inset even inside a selected button's thicker
     * frame: line boxes carry leading, the ink stays clear of the frame */
    int text_inset = canvas_px(cv, 0.004);
    SDL_Rect in = {r.x + pad, r.y + text_inset, r.w - 2 * pad, r.h - 2 * text_inset};
    int px_h = (int)(r.h * BUTTON_TEXT_OF_H);
    if (px > px_h)
        px = px_h;
    /* a screen's floor holds for its buttons too: wrapped or in the regular face, not cut */
    if (px < cv->text_floor_px)
        px = cv->text_floor_px;
    /* one line when it fits at most a little smaller (never below the label size: a long
     * word in another language wraps rather than shrinking), else two lines */
    int least = px * 4 / 5 > type_px(cv, TYPE_LABEL) ? px * 4 / 5 : type_px(cv, TYPE_LABEL);
    if (least > px)
        least = px;
    bool one_word = !strchr(label, ' ');
    if (one_word && text_width(cv, label, least, FONT_BOLD) > in.w) {
        /* one long word in a narrow button (a portrait row, another language): the regular
         * face on the button's whole inside keeps the label size where bold would shrink */
        SDL_Rect wide = {r.x + 2 * border_px, in.y, r.w - 4 * border_px, in.h};
        if (text_width(cv, label, least, FONT_REGULAR) <= wide.w) {
            draw_text(cv, wide, label, least, FONT_REGULAR, text, ALIGN_CENTER);
            canvas_add_target(cv, r, action, arg, enabled);
            return;
        }
    }
    if (text_width(cv, label, least, FONT_BOLD) <= in.w || one_word) {
        /* step down to the size that fits, never past least when least fits */
        while (px > least && text_width(cv, label, px, FONT_BOLD) > in.w)
            px--;
        draw_text(cv, in, label, px, FONT_BOLD, text, ALIGN_CENTER);
    } else { /* two lines at the label size, the smallest a lifter reads */
        int wpx = px < type_px(cv, TYPE_LABEL) ? px : type_px(cv, TYPE_LABEL);
        /* lines the bold face would cut: the regular face where it holds them */
        enum font_weight face = FONT_BOLD;
        if (text_wrap_lines(cv, label, wpx, FONT_BOLD, in.w) * text_line_px(cv, wpx, FONT_BOLD) >
                in.h &&
            text_wrap_lines(cv, label, wpx, FONT_REGULAR, in.w) *
                    text_line_px(cv, wpx, FONT_REGULAR) <=
                in.h)
            face = FONT_REGULAR;
        wrap_impl(cv, in, label, wpx, face, text, ALIGN_CENTER, true);
    }
    canvas_add_target(cv, r, action, arg, enabled);
}

int button_width(struct canvas *cv, const char *label, int share_w, int most_w)
{
    int need = text_width(cv, label, type_px(cv, TYPE_LABEL), FONT_BOLD) +
               2 * (int)(target_px(cv) * BUTTON_PAD_OF_H) + mm_px(cv, 2);
    int w = need > share_w ? need : share_w;
    return w < most_w ? w : most_w;
}

int button_height(struct canvas *cv, const char *label, int w)
{
    int px = type_px(cv, TYPE_LABEL), t = target_px(cv);
    /* one word: draw_button_px sets it in the regular face across the button's inside (the
     * thicker frame of a chosen button taken off) */
    if (!strchr(label, ' ') &&
        text_width(cv, label, px, FONT_REGULAR) <= w - 4 * canvas_px(cv, 0.008))
        return t;
    int in_w = w - 2 * button_pad(cv, w, t);
    int lines_bold = text_wrap_lines(cv, label, px, FONT_BOLD, in_w);
    int lines_reg = text_wrap_lines(cv, label, px, FONT_REGULAR, in_w);
    int bold = lines_bold * text_line_px(cv, px, FONT_BOLD);
    int reg = lines_reg * text_line_px(cv, px, FONT_REGULAR);
    /* as draw_button_px sets it: the lines inside the text inset, the border clear */
    int h = (bold < reg ? bold : reg) + 2 * canvas_px(cv, 0.004) + 2;
    return h > t ? h : t;
}

int button_least_width(struct canvas *cv, const char *label, int h)
{
    int t = target_px(cv);
    int hi = button_width(cv, label, t, 1 << 20), lo = t;
    if (button_height(cv, label, lo) <= h)
        return lo;
    if (button_height(cv, label, hi) > h)
        return hi; /* one line is the least it takes */
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (button_height(cv, label, mid) <= h)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

int button_rows_pack(struct canvas *cv, const char *const labels[], int n, int w, int gap,
                     int first_of_row[])
{
    int rows = 0, used = 0, t = target_px(cv);
    for (int i = 0; i < n; i++) {
        int need = button_least_width(cv, labels[i], t);
        if (rows == 0 || used + gap + need > w) {
            first_of_row[rows++] = i;
            used = need;
        } else
            used += gap + need;
    }
    first_of_row[rows] = n;
    return rows;
}

void button_row_widths(struct canvas *cv, const char *const labels[], int n, int w, int gap,
                       int out[])
{
    int t = target_px(cv), least_sum = 0, extra_sum = 0, room = w - gap * (n - 1);
    int need[16], least[16];
    for (int i = 0; i < n && i < 16; i++) {
        need[i] = button_width(cv, labels[i], t, room);
        least[i] = button_least_width(cv, labels[i], t);
        if (least[i] > need[i])
            need[i] = least[i];
        least_sum += least[i];
        extra_sum += need[i] - least[i];
    }
    int need_sum = least_sum + extra_sum;
    for (int i = 0; i < n && i < 16; i++) {
        if (need_sum <= room) /* all on one line each, the room left shared out */
            out[i] = need[i] + (room - need_sum) / n;
        else if (least_sum <= room) /* each whole, what is over given by what it lacks */
            out[i] = least[i] + (extra_sum > 0 ? (int)((int64_t)(need[i] - least[i]) *
                                                       (room - least_sum) / extra_sum)
                                               : 0);
        else /* more than the row holds: in proportion (the layout test says so) */
            out[i] = least[i] * room / least_sum;
    }
}

/* ---------------------------------------------------------------- plots */

#define VEL_SCALE_MIN_MMPS 800 /* the axis reaches at least 0.8 m/s */
#define VEL_BARS_MIN       5   /* bars keep this width until more reps than this */
#define LABEL_GAP_MM       2.5
#define VEL_LABEL_ROWS_MAX 3 /* room between two speed labels side by side */
/* A plot too short or narrow for every rep's speed: one row of speeds, the bars, the rep
 * numbers, the speeds drawn where they fit (the last rep's and the best first) */
#define VEL_THIN_ROWS 3

void draw_stripes(struct canvas *cv, SDL_Rect r, SDL_Color c)
{
    int step = canvas_px(cv, 0.02);
    int thick = step / 3 > 1 ? step / 3 : 1;
    SDL_Rect old;
    SDL_bool clipped = SDL_RenderIsClipEnabled(cv->ren);
    SDL_RenderGetClipRect(cv->ren, &old);
    SDL_RenderSetClipRect(cv->ren, &r);
    for (int x = r.x - r.h; x < r.x + r.w; x += step)
        draw_line(cv, x, r.y + r.h, x + r.h, r.y, thick, c);
    SDL_RenderSetClipRect(cv->ren, clipped ? &old : NULL);
}

/* The rep numbers under the bars: where each goes (its span and row) at one size. */
struct rep_marks {
    int px, rows, margin; /* margin: the bars give it up each side, so end numbers centre */
    int x0[SET_MAX_REPS], x1[SET_MAX_REPS], row[SET_MAX_REPS];
    bool worded[SET_MAX_REPS]; /* "3 rushed" where that fits, else "3" */
};

/* The number rep i is said by. */
static int rep_no(const struct rep_result *reps, int i)
{
    return reps && reps[i].index > 0 ? reps[i].index : i + 1;
}

/* What was wrong with a rep in the plot's word ("" when nothing was). */
static const char *rep_fault_word(const struct rep_result *r)
{
    return r->rushed && r->momentum ? _("rushed+swing")
           : r->rushed              ? _("rushed")
           : r->momentum            ? _("swing")
                                    : "";
}

/* A rep's mark: its number, with the word when worded. */
static void rep_mark_text(const struct rep_result *reps, int i, bool worded, char *out, size_t n)
{
    if (worded)
        snprintf(out, n, "%d %s", rep_no(reps, i), rep_fault_word(&reps[i]));
    else
        snprintf(out, n, "%d", rep_no(reps, i));
}

/* The bars' box once the marks' margin is given up: the columns the bars and marks share. */
static SDL_Rect marks_inner(SDL_Rect box, int margin)
{
    return (SDL_Rect){box.x + margin, box.y, box.w - 2 * margin, box.h};
}

/* Each number's span centred under its bar, the bars giving up margin each side; a number
 * at the plot's edge moves in to stay inside. */
static void marks_spans(struct canvas *cv, SDL_Rect box, const struct rep_result *reps, int n,
                        int slots, int px, int margin, struct rep_marks *m)
{
    SDL_Rect inner = marks_inner(box, margin);
    int gap = inner.w / slots / 5;
    /* a span is the number and the room kept to its neighbours: at the plot's ends that
     * room may lie outside it, the number itself inside */
    int edge = mm_px(cv, LABEL_GAP_MM) / 2;
    m->px = px;
    m->margin = margin;
    for (int i = 0; i < n; i++) {
        char no[32];
        rep_mark_text(reps, i, false, no, sizeof no);
        int w = text_width(cv, no, px, FONT_BOLD) + mm_px(cv, LABEL_GAP_MM);
        SDL_Rect col = rect_column(inner, slots, i, gap);
        int x0 = col.x + col.w / 2 - w / 2;
        if (x0 + w > box.x + box.w + edge)
            x0 = box.x + box.w + edge - w;
        if (x0 < box.x - edge)
            x0 = box.x - edge;
        m->x0[i] = x0;
        m->x1[i] = x0 + w;
        m->worded[i] = false;
    }
}

/* The fewest rows taken in turn (rep 1, 4, 7 on the first of three, 2, 5, 8 on the
 * second...) that keep every number clear of the others in its row. */
static int marks_rows_in_turn(struct rep_marks *m, int n)
{
    int rows = 1;
    for (bool clear = false; !clear && rows < n; rows += !clear) {
        clear = true;
        for (int i = 0; i < n && clear; i++)
            for (int j = i + rows; j < n && clear; j += rows)
                clear = m->x1[i] <= m->x0[j] || m->x1[j] <= m->x0[i];
    }
    for (int i = 0; i < n; i++)
        m->row[i] = i % rows;
    return m->rows = rows;
}

/* Each number on the first row where it keeps clear of those before it: the fewest rows
 * when the numbers differ in width (1-9 narrower than 10-30) or an end one moved in. */
static int marks_rows_first_clear(struct rep_marks *m, int n)
{
    int end[SET_MAX_REPS];
    m->rows = 0;
    for (int i = 0; i < n; i++) {
        int r = 0;
        while (r < m->rows && end[r] > m->x0[i])
            r++;
        if (r == m->rows)
            m->rows++;
        end[r] = m->x1[i];
        m->row[i] = r;
    }
    return m->rows;
}

/*
 * Places the numbers of n reps (reps may be NULL: numbered 1..n) under the bars in box at px,
 * in the fewest rows: taken in turn where that is as few, the bars giving up a margin each side
 * (at least margin_min) so the end numbers centre under them where that is as few; a flagged
 * rep's word joins its number where it keeps clear. Returns the rows taken.
 */
static int rep_marks_place(struct canvas *cv, SDL_Rect box, const struct rep_result *reps, int n,
                           int slots, int px, int margin_min, struct rep_marks *m)
{
    if (n > SET_MAX_REPS)
        n = SET_MAX_REPS;
    char no[32];
    snprintf(no, sizeof no, "%d", rep_no(reps, n - 1) > n ? rep_no(reps, n - 1) : n);
    /* the margin that centres the widest number under its end bar, inside the plot */
    int widest = text_width(cv, no, px, FONT_BOLD);
    int centred = (widest - box.w / slots + 1) / 2;
    if (centred < margin_min || 2 * centred >= box.w)
        centred = margin_min;
    /* the candidates in order of preference: the fewest rows wins, the first of equals */
    static struct rep_marks best; /* (the UI runs on one thread) */
    best.rows = 0;
    for (int k = 0; k < 4; k++) {
        marks_spans(cv, box, reps, n, slots, px, k % 2 == 0 ? centred : margin_min, m);
        int rows = k < 2 ? marks_rows_in_turn(m, n) : marks_rows_first_clear(m, n);
        if (best.rows == 0 || rows < best.rows)
            best = *m;
    }
    *m = best;
    /* the words, where one fits its bar's column and keeps clear of the numbers in its row */
    SDL_Rect inner = marks_inner(box, m->margin);
    int gap = inner.w / slots / 5;
    for (int i = 0; reps && i < n; i++) {
        if (!*rep_fault_word(&reps[i]))
            continue;
        rep_mark_text(reps, i, true, no, sizeof no);
        int w = text_width(cv, no, px, FONT_BOLD) + mm_px(cv, LABEL_GAP_MM);
        SDL_Rect col = rect_column(inner, slots, i, gap);
        int x0 = col.x + col.w / 2 - w / 2;
        bool clear = w <= col.w + mm_px(cv, LABEL_GAP_MM) && x0 >= box.x && x0 + w <= box.x + box.w;
        for (int k = 0; k < n && clear; k++)
            clear = k == i || m->row[k] != m->row[i] || x0 + w <= m->x0[k] || m->x1[k] <= x0;
        if (clear) {
            m->x0[i] = x0;
            m->x1[i] = x0 + w;
            m->worded[i] = true;
        }
    }
    return m->rows;
}

/* The least size a rep number may take: secondary text's floor in the text size (a 4 mm
 * cap, 5 mm in the larger text). */
static int rep_mark_least_px(struct canvas *cv)
{
    double cap_mm = type_scale_label_cap_mm(cv->large_text);
    int px = (int)ceil((mm_px(cv, cap_mm) + 1) / cv->cap_of_em);
    return px < type_px(cv, TYPE_LABEL) ? px : type_px(cv, TYPE_LABEL);
}

/* The height rows of rep numbers at px take: a line for the first, and under it each row as
 * far below the one over it as the numbers keep apart in a row, less a little (the digits
 * have no descenders: MARK_ROW_GAP_MM between one row's digits and the next's). */
#define MARK_ROW_GAP_MM 2.0
static int marks_h(struct canvas *cv, int px, int rows)
{
    int line = px * 6 / 5;
    int pitch = canvas_cap_px(cv, FONT_BOLD, px) + mm_px(cv, MARK_ROW_GAP_MM);
    if (pitch > line)
        pitch = line;
    return rows > 0 ? line + (rows - 1) * pitch : 0;
}

/*
 * The rep numbers under the bars in box with room_h for them and the bars: in the fewest rows
 * at the label size, else at the least size, that leave the bars half a row (the least size
 * when none does; one row at the label size in a short line left the bars a sliver). Returns
 * the rows the room holds: fewer than m->rows when it does not hold them all.
 */
static int rep_marks_layout(struct canvas *cv, SDL_Rect box, const struct rep_result *reps, int n,
                            int slots, int room_h, int margin_min, struct rep_marks *m)
{
    int bars_h = type_px(cv, TYPE_LABEL) * 6 / 5 / 2;
    int sizes[2] = {type_px(cv, TYPE_LABEL), rep_mark_least_px(cv)};
    for (int k = 0; k < 2; k++) {
        int rows = rep_marks_place(cv, box, reps, n, slots, sizes[k], margin_min, m);
        if (room_h - marks_h(cv, sizes[k], rows) >= bars_h)
            return rows;
    }
    int held = 1;
    while (held < m->rows && room_h - marks_h(cv, m->px, held + 1) >= bars_h)
        held++;
    return held;
}

/* Rows of speed labels the bars of n reps need over them in width w (a label wider than its
 * column is staggered); 0: they do not fit in box_h at all. */
static int speed_label_rows(struct canvas *cv, int w, int box_h, int n)
{
    int px = type_px(cv, TYPE_LABEL);
    int row_h = px * 6 / 5;
    int slots = n > VEL_BARS_MIN ? n : VEL_BARS_MIN;
    int col_w = w / slots;
    int label_w = text_width(cv, "0,00", px, FONT_BOLD) + mm_px(cv, LABEL_GAP_MM);
    int rows = 1;
    if (label_w > col_w) {
        /* staggered: the bars give up a margin each side so the end labels centre over
         * them, and the labels of one row, rows columns apart, must keep clear there */
        int pitch = (w - (label_w - col_w)) / slots;
        rows = (label_w + pitch - 1) / (pitch > 0 ? pitch : 1);
        if (pitch <= 0)
            rows = VEL_LABEL_ROWS_MAX + 1;
    }
    if (box_h < row_h * 4 || rows > VEL_LABEL_ROWS_MAX || box_h < row_h * (rows + 3))
        return 0;
    return rows;
}

int velocity_bars_min_h(struct canvas *cv, int w, int n)
{
    /* a narrow plot shows the speeds it has room for (draw_velocity_bars_titled), but every
     * rep's number: crowded, they take rows in turn */
    int row_h = type_px(cv, TYPE_LABEL) * 6 / 5;
    if (n <= 0)
        return row_h * 3;
    static struct rep_marks m; /* (the UI runs on one thread) */
    int mark_rows =
        rep_marks_place(cv, (SDL_Rect){0, 0, w, row_h}, NULL, n,
                        n > VEL_BARS_MIN ? n : VEL_BARS_MIN, rep_mark_least_px(cv), 0, &m);
    return row_h * (VEL_THIN_ROWS + mark_rows - 1);
}

bool velocity_bars_fit(struct canvas *cv, SDL_Rect box, int n)
{
    return n <= 0 || box.h >= velocity_bars_min_h(cv, box.w, n);
}

/* The speeds over a crowded plot, in one row: the last rep's and the best first, then the
 * others from the last back, each only where it keeps clear of those drawn. */
static void thin_speeds(struct canvas *cv, SDL_Rect box, SDL_Rect labels,
                        const struct rep_result *reps, int n, int slots, int gap, int px)
{
    int order[SET_MAX_REPS], k = 0, best = n - 1;
    for (int i = 0; i < n; i++)
        if (reps[i].mean_conc_mmps > reps[best].mean_conc_mmps)
            best = i;
    order[k++] = n - 1;
    if (best != n - 1)
        order[k++] = best;
    for (int i = n - 2; i >= 0 && k < SET_MAX_REPS; i--)
        if (i != best)
            order[k++] = i;
    int taken_x0[SET_MAX_REPS], taken_x1[SET_MAX_REPS], n_taken = 0;
    for (int o = 0; o < k; o++) {
        int i = order[o];
        char v[16];
        i18n_fixed(v, sizeof v, reps[i].mean_conc_mmps / 1000.0, 2);
        SDL_Rect col = rect_column(box, slots, i, gap);
        int w = text_width(cv, v, px, FONT_BOLD) + mm_px(cv, LABEL_GAP_MM);
        int x0 = col.x + col.w / 2 - w / 2;
        if (x0 < labels.x) /* the end bars' speeds stay inside the plot */
            x0 = labels.x;
        if (x0 + w > labels.x + labels.w)
            x0 = labels.x + labels.w - w;
        bool clear = x0 >= labels.x;
        for (int t = 0; t < n_taken && clear; t++)
            clear = x0 + w <= taken_x0[t] || taken_x1[t] <= x0;
        if (!clear)
            continue;
        taken_x0[n_taken] = x0;
        taken_x1[n_taken++] = x0 + w;
        draw_text(cv, (SDL_Rect){x0, labels.y, w, labels.h}, v, px, FONT_BOLD, COL_TEXT,
                  ALIGN_CENTER);
    }
}

/* The speeds a plot's bars rise over: from floor_mmps at the baseline to top_mmps. */
struct bar_scale {
    int32_t floor_mmps, top_mmps;
};

/* A bar's height in box_h for a speed on the scale. */
static int bar_height(int box_h, int32_t mmps, struct bar_scale sc)
{
    int32_t v = mmps > sc.floor_mmps ? mmps - sc.floor_mmps : 0;
    return (int)((int64_t)box_h * v / (sc.top_mmps - sc.floor_mmps));
}

/* A strip has no speeds over its bars and half a row for them: its scale starts below the
 * slowest rep (a tenth under it, down to a step of the floor) and ends a little over the
 * fastest, so a rep 10 % slower stands a fifth of the strip lower; the floor is said at the
 * baseline's left. */
#define STRIP_FLOOR_STEP_MMPS 50
static struct bar_scale strip_scale(const struct rep_result *reps, int n)
{
    int32_t lo = INT32_MAX, hi = 0;
    for (int i = 0; i < n; i++) {
        int32_t v = reps[i].mean_conc_mmps > 0 ? reps[i].mean_conc_mmps : 0;
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
    }
    struct bar_scale sc = {lo * 9 / 10 / STRIP_FLOOR_STEP_MMPS * STRIP_FLOOR_STEP_MMPS,
                           hi * 21 / 20};
    if (sc.top_mmps <= sc.floor_mmps)
        sc.top_mmps = sc.floor_mmps + STRIP_FLOOR_STEP_MMPS;
    return sc;
}

/* The width the floor's figure takes at the strip's left ("0.45" and a gap). */
static int strip_gutter_w(struct canvas *cv, int px)
{
    return text_width(cv, "0,00", px, FONT_BOLD) + mm_px(cv, LABEL_GAP_MM);
}

/* The bars of n reps in box over their numbers as m places them (rows under held counted as
 * left out); returns the bars' own box. */
static SDL_Rect bars_and_marks(struct canvas *cv, SDL_Rect box, const struct rep_result *reps,
                               int n, int slots, struct bar_scale sc, const struct rep_marks *m,
                               int held)
{
    int mark_h = m->px * 6 / 5,
        pitch = held > 1 ? (marks_h(cv, m->px, held) - mark_h) / (held - 1) : 0;
    SDL_Rect marks = rect_cut_bottom(&box, marks_h(cv, m->px, held));
    box = marks_inner(box, m->margin);
    int gap = box.w / slots / 5;
    draw_fill(cv, (SDL_Rect){box.x, box.y + box.h - 1, box.w, 1}, COL_FAINT);
    for (int i = 0; i < n && i < SET_MAX_REPS; i++) {
        const struct rep_result *r = &reps[i];
        bool fault = *rep_fault_word(r);
        SDL_Rect col = rect_column(box, slots, i, gap);
        int h = bar_height(box.h, r->mean_conc_mmps, sc);
        SDL_Rect bar = {col.x, box.y + box.h - h, col.w, h};
        draw_fill(cv, bar, fault ? COL_CAUTION : COL_ACCENT);
        if (fault)
            draw_stripes(cv, bar, COL_BG);
        if (m->row[i] >= held) {
            cv->stats.marks_unplaced++; /* a rep the plot cannot tell apart: the test counts it */
            continue;
        }
        char mark[32];
        rep_mark_text(reps, i, m->worded[i], mark, sizeof mark);
        SDL_Rect at = {m->x0[i], marks.y + m->row[i] * pitch, m->x1[i] - m->x0[i], mark_h};
        draw_text(cv, at, mark, m->px, FONT_BOLD, fault ? COL_CAUTION : COL_DIM, ALIGN_CENTER);
    }
    return box;
}

#define VEL_LINES_MAX 4 /* a strip wraps into at most this many lines of bars */

/* The bars' least height in a strip: half a row. */
static int strip_bars_h(struct canvas *cv)
{
    return type_px(cv, TYPE_LABEL) * 6 / 5 / 2;
}

/* Reps numbered 1..SET_MAX_REPS and nothing else: what a layout is sized for before them. */
static const struct rep_result *numbered_reps(void)
{
    static struct rep_result r[SET_MAX_REPS];
    for (int i = 0; i < SET_MAX_REPS; i++)
        r[i].index = i + 1;
    return r;
}

/* The least height of the strip of n reps in width w in lines of fewer bars (rep 1-10 over
 * 11-20): each line its bars over its numbers' rows at the least size, the lines of one height
 * (the tallest's), as strip_fit shares the strip out. */
static int strip_lines_h(struct canvas *cv, int w, const struct rep_result *reps, int n, int lines)
{
    static struct rep_marks m; /* (the UI runs on one thread) */
    int per = (n + lines - 1) / lines, slots = per > VEL_BARS_MIN ? per : VEL_BARS_MIN;
    int px = rep_mark_least_px(cv), tallest = 0;
    for (int l = 0; l < lines && l * per < n; l++) {
        int k = l * per, cnt = n - k < per ? n - k : per;
        int rows = rep_marks_place(cv, (SDL_Rect){0, 0, w, px}, reps + k, cnt, slots, px, 0, &m);
        int h = marks_h(cv, px, rows) + strip_bars_h(cv);
        tallest = h > tallest ? h : tallest;
    }
    return lines * tallest;
}

/* The strip: the bars over their numbers, no speeds over them, on the strip's scale with its
 * floor said at the baseline's left; in lines of fewer, wider bars (reps 1-10 over 11-20)
 * where one line cannot number every rep (numbers still without a row are counted). */
/* The strip's lines in plot: how many (lines, per line, line_h) and each line's numbers (m,
 * held); false when no number of lines holds every number over bars half a row tall (then one
 * line, the numbers with no row counted as left out). */
static bool strip_fit(struct canvas *cv, SDL_Rect plot, const struct rep_result *reps, int n,
                      struct rep_marks *m, int *held, int *lines, int *per, int *line_h)
{
    for (*lines = 1; *lines <= VEL_LINES_MAX; (*lines)++) {
        *per = (n + *lines - 1) / *lines;
        *line_h = plot.h / *lines; /* (a line's numbers keep it apart from the next) */
        bool fit = true;
        for (int l = 0; l < *lines && l * *per < n; l++) {
            int k = l * *per, cnt = n - k < *per ? n - k : *per;
            SDL_Rect line = {plot.x, plot.y + l * *line_h, plot.w, *line_h};
            held[l] =
                rep_marks_layout(cv, line, reps + k, cnt, *per > VEL_BARS_MIN ? *per : VEL_BARS_MIN,
                                 *line_h, 0, &m[l]);
            fit = fit && held[l] >= m[l].rows &&
                  *line_h - marks_h(cv, m[l].px, m[l].rows) >= strip_bars_h(cv);
        }
        if (fit)
            return true;
        if (n <= 1)
            break;
    }
    *lines = 1;
    *per = n;
    *line_h = plot.h;
    held[0] =
        rep_marks_layout(cv, plot, reps, n, n > VEL_BARS_MIN ? n : VEL_BARS_MIN, plot.h, 0, &m[0]);
    return false;
}

/* The strip: the bars over their numbers, no speeds over them, on the strip's scale with its
 * floor said at the baseline's left; in lines of fewer, wider bars (reps 1-10 over 11-20)
 * where one line cannot number every rep. Where the floor's figure would cost a rep its
 * number (a narrow plot), the bars stand on a scale from 0 without it, as the full plot's. */
static void draw_strip(struct canvas *cv, SDL_Rect box, const struct rep_result *reps, int n,
                       int32_t top)
{
    static struct rep_marks m[VEL_LINES_MAX]; /* (the UI runs on one thread) */
    int held[VEL_LINES_MAX], lines, per, line_h;
    struct bar_scale sc = strip_scale(reps, n);
    int gutter = strip_gutter_w(cv, rep_mark_least_px(cv));
    SDL_Rect plot = {box.x + gutter, box.y, box.w - gutter, box.h};
    if (!strip_fit(cv, plot, reps, n, m, held, &lines, &per, &line_h)) {
        gutter = 0;
        plot = box;
        sc = (struct bar_scale){0, top};
        strip_fit(cv, plot, reps, n, m, held, &lines, &per, &line_h);
    }
    SDL_Rect first = {0, 0, 0, 0};
    for (int l = 0; l < lines && l * per < n; l++) {
        int k = l * per, cnt = n - k < per ? n - k : per;
        SDL_Rect line = {plot.x, plot.y + l * line_h, plot.w, line_h};
        SDL_Rect bars = bars_and_marks(cv, line, reps + k, cnt,
                                       per > VEL_BARS_MIN ? per : VEL_BARS_MIN, sc, &m[l], held[l]);
        if (l == 0)
            first = bars;
    }
    if (gutter == 0)
        return;
    /* the floor, level with the first line's baseline */
    char v[16];
    i18n_fixed(v, sizeof v, sc.floor_mmps / 1000.0, 2);
    int px = m[0].px, label_h = px * 6 / 5, base = first.y + first.h;
    int y = base - label_h / 2 < box.y ? box.y : base - label_h / 2;
    SDL_Rect at = {box.x, y, gutter - mm_px(cv, LABEL_GAP_MM) / 2, label_h};
    draw_text(cv, at, v, px, FONT_BOLD, COL_DIM, ALIGN_RIGHT);
    draw_fill(cv, (SDL_Rect){at.x + at.w, base - 1, first.x - at.x - at.w, 1}, COL_FAINT);
}

int velocity_bars_least_h(struct canvas *cv, int w, int n)
{
    int row_h = type_px(cv, TYPE_LABEL) * 6 / 5;
    if (n <= 0)
        return row_h * 3 / 2;
    if (n > SET_MAX_REPS)
        n = SET_MAX_REPS;
    /* one strip, or the strip in lines: the least of them */
    int least = strip_lines_h(cv, w, numbered_reps(), n, 1);
    for (int lines = 2; lines <= VEL_LINES_MAX; lines++) {
        int h = strip_lines_h(cv, w, numbered_reps(), n, lines);
        least = h < least ? h : least;
    }
    return least > row_h * 3 / 2 ? least : row_h * 3 / 2;
}

bool velocity_bars_numbered(struct canvas *cv, SDL_Rect box, int n)
{
    int title_h = type_px(cv, TYPE_LABEL) * 6 / 5;
    return n <= 0 || box.h - title_h >= velocity_bars_least_h(cv, box.w, n);
}

void draw_velocity_bars(struct canvas *cv, SDL_Rect box, const struct rep_result *reps, int n)
{
    draw_velocity_bars_titled(cv, box, reps, n, true);
}

void draw_velocity_bars_titled(struct canvas *cv, SDL_Rect box, const struct rep_result *reps,
                               int n, bool titled)
{
    int px = type_px(cv, TYPE_LABEL);
    int row_h = px * 6 / 5;
    if (titled) {
        /* before the first rep a narrow box gives the title two rows rather than shrink it */
        const char *what = _("Speed per rep, m/s");
        int rows = n <= 0 && text_width(cv, what, px, FONT_REGULAR) > box.w &&
                           text_wrap_lines(cv, what, px, FONT_REGULAR, box.w) == 2 &&
                           box.h >= 2 * text_line_px(cv, px, FONT_REGULAR) + 2 * row_h
                       ? 2
                       : 1;
        if (rows == 2)
            draw_text_wrap(cv, rect_cut_top(&box, 2 * text_line_px(cv, px, FONT_REGULAR)), what, px,
                           FONT_REGULAR, COL_DIM, ALIGN_LEFT);
        else
            draw_text(cv, rect_cut_top(&box, row_h), what, px, FONT_REGULAR, COL_DIM, ALIGN_LEFT);
    }
    if (n <= 0) {
        draw_panel(cv, box, COL_PANEL, COL_PANEL_HI);
        /* a narrow box wraps the words rather than shrinking them under the label size */
        SDL_Rect in = rect_inset(box, canvas_px(cv, 0.01));
        const char *empty = _("Reps appear here");
        if (text_width(cv, empty, px, FONT_REGULAR) <= in.w ||
            text_wrap_lines(cv, empty, px, FONT_REGULAR, in.w) *
                    text_line_px(cv, px, FONT_REGULAR) >
                in.h)
            draw_text(cv, in, empty, px, FONT_REGULAR, COL_FAINT, ALIGN_CENTER);
        else
            draw_text_wrap(cv, in, empty, px, FONT_REGULAR, COL_FAINT, ALIGN_CENTER);
        return;
    }
    int32_t top = VEL_SCALE_MIN_MMPS;
    for (int i = 0; i < n; i++)
        if (reps[i].mean_conc_mmps > top)
            top = reps[i].mean_conc_mmps;
    top = top * 23 / 20;
    int slots = n > VEL_BARS_MIN ? n : VEL_BARS_MIN;
    int gap = box.w / slots / 5;
    /* a speed label wider than its column is staggered over as many rows as it needs (rep
     * 1 on the first, rep 2 on the second, ...), so labels never run into each other
     * ("0.230.23"); past VEL_LABEL_ROWS_MAX rows, or with no room, the bars go without */
    /* a short box keeps the bars and their numbers: the speeds go before the bars do */
    int col_w = box.w / slots;
    int label_w = text_width(cv, "0,00", px, FONT_BOLD) + mm_px(cv, LABEL_GAP_MM);
    int label_rows = speed_label_rows(cv, box.w, box.h, n);
    /* where every speed does not fit, one row of them: the last rep's and the best first,
     * then the others from the last back, each where it does not touch one drawn */
    bool thin = label_rows == 0 && box.h >= row_h * VEL_THIN_ROWS;
    if (thin)
        label_rows = 1;
    bool with_values = label_rows > 0;
    if (box.h < row_h * 3 / 2) {
        cv->stats.omitted += n; /* each rep's speed */
        return; /* no room for a plot at all: the set's flags and numbers still show */
    }
    /* under three rows (the larger text's portrait set): a compact strip, the bars over their
     * numbers, the speeds said by the bars' heights (the last rep's is the figure over it) */
    /* every rep's number under its bar, in as many rows as they need; where the box holds
     * too few, the speeds give up their rows first (staggered, then one row, then none) */
    struct rep_marks m;
    int held;
    for (;;) {
        int margin = label_rows > 1 && label_w > col_w ? (label_w - col_w) / 2 : 0;
        held = rep_marks_layout(cv, box, reps, n, slots, box.h - row_h * label_rows, margin, &m);
        if (held >= m.rows || label_rows == 0)
            break;
        label_rows = label_rows > 1 ? 1 : 0;
        thin = label_rows == 1;
        with_values = label_rows > 0;
    }
    /* no row for the speeds: the strip */
    if (label_rows == 0) {
        draw_strip(cv, box, reps, n, top);
        return;
    }
    struct bar_scale sc = {0, top};
    SDL_Rect labels = rect_cut_top(&box, row_h * label_rows);
    box = bars_and_marks(cv, box, reps, n, slots, sc, &m, held);
    gap = box.w / slots / 5;
    for (int i = 0; i < n && with_values && !thin; i++) {
        SDL_Rect col = rect_column(box, slots, i, gap);
        int bar_y = box.y + box.h - bar_height(box.h, reps[i].mean_conc_mmps, sc);
        char v[16];
        i18n_fixed(v, sizeof v, reps[i].mean_conc_mmps / 1000.0, 2);
        int lw = label_rows * (col.w + gap);
        SDL_Rect lab = {col.x + col.w / 2 - lw / 2, bar_y - row_h, lw, row_h};
        if (label_rows > 1) /* fixed rows, one rep in each in turn */
            lab.y = labels.y + (i % label_rows) * row_h;
        else if (lab.y < labels.y)
            lab.y = labels.y;
        draw_text(cv, lab, v, px, FONT_BOLD, COL_TEXT, ALIGN_CENTER);
    }
    if (thin)
        thin_speeds(cv, box, labels, reps, n, slots, gap, px);
}

/* A flag's words with its severity in words too: a sign for caution, STOP for stop. */
static void severity_line(enum severity sev, const char *said, char *out, size_t n)
{
    if (sev == SEVERITY_STOP)
        snprintf(out, n, "%s: %s", _("STOP"), said);
    else if (sev == SEVERITY_CAUTION)
        snprintf(out, n, "\xE2\x9A\xA0 %s", said);
    else
        snprintf(out, n, "%s", said);
}

void set_flag_line(const struct canvas *cv, const struct raised_flag *f, char *out, size_t n)
{
    char said[NOTE_MAX_LEN + 64];
    /* what was flagged and what was seen, in the reader's words (core/flag_text.h) */
    struct flag_words words;
    i18n_flag_words(&words, cv->unit);
    flag_sentence(f, &words, said, sizeof said);
    severity_line(f->severity, said, out, n);
}

/* The same said short, what was seen kept ("⚠ Rep 2: down 1.5 s of 3"). */
static void set_flag_line_short(const struct canvas *cv, const struct raised_flag *f, char *out,
                                size_t n)
{
    char said[NOTE_MAX_LEN + 64];
    struct flag_words words;
    i18n_flag_words(&words, cv->unit);
    flag_sentence_short(f, &words, said, sizeof said);
    severity_line(f->severity, said, out, n);
}

/* The short word the plot marks a rep with, for the kinds that have one (else NULL). */
static const char *kind_word(enum flag_kind kind)
{
    return kind == FLAG_RUSHED ? _("rushed") : kind == FLAG_MOMENTUM ? _("swing") : NULL;
}

/* The lines by kind as one, each kind after a " · " (its sign or STOP kept), in the colour of
 * the most severe: the least room a set's flags can take. */
static void join_lines(struct flag_lines *l)
{
    char all[sizeof l->text[0]] = "";
    size_t len = 0;
    enum severity sev = SEVERITY_INFO;
    for (int i = 0; i < l->n; i++) {
        int w = snprintf(all + len, sizeof all - len, "%s%s", i ? " \xC2\xB7 " : "", l->text[i]);
        if (w < 0 || (size_t)w >= sizeof all - len)
            break; /* (not reached: a kind's words are short, a set's reps few) */
        len += (size_t)w;
        if (l->severity[i] > sev)
            sev = l->severity[i];
    }
    snprintf(l->text[0], sizeof l->text[0], "%s", all);
    l->severity[0] = sev;
    l->n = l->n > 0 ? 1 : 0;
}

int set_flag_lines(const struct canvas *cv, const struct raised_flag *flags, int n,
                   enum flag_form form, struct flag_lines *out)
{
    out->n = 0;
    if (form == FLAG_FORM_COUNT) {
        /* the shortest that still says there are flags: how many, at the most severe's */
        enum severity sev = SEVERITY_INFO;
        for (int i = 0; i < n; i++)
            if (flags[i].severity > sev)
                sev = flags[i].severity;
        char no[12], said[64];
        i18n_int(no, sizeof no, n);
        i18n_phrase_plural(said, sizeof said, "%s flag", "%s flags", (unsigned long)n,
                           (const char *[]){no}, 1);
        severity_line(sev, said, out->text[0], sizeof out->text[0]);
        out->severity[0] = sev;
        out->n = n > 0 ? 1 : 0;
        return out->n;
    }
    if (form == FLAG_FORM_JOINED) {
        set_flag_lines(cv, flags, n, FLAG_FORM_BY_KIND, out);
        join_lines(out);
        return out->n;
    }
    if (form != FLAG_FORM_BY_KIND) {
        for (int i = 0; i < n && out->n < FLAG_LINES_MAX; i++) {
            struct raised_flag named = flags[i];
            if (form == FLAG_FORM_NAMED)
                named.says = 0; /* the kind's label and rep (core/flag_text.h) */
            if (form == FLAG_FORM_SHORT)
                set_flag_line_short(cv, &named, out->text[out->n], sizeof out->text[0]);
            else
                set_flag_line(cv, &named, out->text[out->n], sizeof out->text[0]);
            out->severity[out->n++] = flags[i].severity;
        }
        return out->n;
    }
    /* one line per kind, in the order the kinds were first raised, with every rep it was
     * raised on: "⚠ Rushed eccentric, rep 2, 5, 7" */
    struct flag_words words;
    i18n_flag_words(&words, cv->unit);
    bool done[SET_MAX_FLAGS] = {false};
    for (int i = 0; i < n && i < SET_MAX_FLAGS && out->n < FLAG_LINES_MAX; i++) {
        if (done[i])
            continue;
        char reps[FLAG_LINE_LEN / 2] = "";
        size_t len = 0;
        enum severity sev = flags[i].severity;
        for (int j = i; j < n && j < SET_MAX_FLAGS; j++) {
            if (flags[j].kind != flags[i].kind)
                continue;
            done[j] = true;
            if (flags[j].severity > sev)
                sev = flags[j].severity;
            bool seen = false; /* a rep said once */
            for (int k = i; k < j && !seen; k++)
                seen = flags[k].kind == flags[i].kind && flags[k].rep == flags[j].rep;
            if (flags[j].rep <= 0 || seen || len + 16 >= sizeof reps)
                continue;
            char no[12];
            i18n_int(no, sizeof no, flags[j].rep);
            len += (size_t)snprintf(reps + len, sizeof reps - len, "%s%s", len ? ", " : "", no);
        }
        struct raised_flag kind = {.kind = flags[i].kind, .severity = sev};
        char said[FLAG_LINE_LEN], label[NOTE_MAX_LEN];
        /* the label alone, in the plot's own word where the kind has one */
        const char *word = kind_word(flags[i].kind);
        if (word)
            snprintf(label, sizeof label, "%s", word);
        else
            flag_sentence(&kind, &words, label, sizeof label);
        snprintf(said, sizeof said, "%s", label);
        if (reps[0]) {
            const char *fmt = words.phrase[FLAG_PHRASE_LABEL_REP];
            if (!fmt || phrase_arity(fmt) != phrase_arity(flag_phrases_en[FLAG_PHRASE_LABEL_REP]))
                fmt = flag_phrases_en[FLAG_PHRASE_LABEL_REP];
            phrase_fill(said, sizeof said, fmt, (const char *[]){label, reps}, 2);
        }
        severity_line(sev, said, out->text[out->n], sizeof out->text[0]);
        out->severity[out->n++] = sev;
    }
    return out->n;
}

int set_flags_h(struct canvas *cv, const struct flag_lines *l, int w, int line_px)
{
    int line_h = text_line_px(cv, line_px, FONT_BOLD), gap = line_px / 4, h = 0;
    for (int i = 0; i < l->n; i++)
        h += (i ? gap : 0) + text_wrap_lines(cv, l->text[i], line_px, FONT_BOLD, w) * line_h;
    return h;
}

enum flag_form set_flags_form(struct canvas *cv, const struct raised_flag *flags, int n, int w,
                              int h, int line_px)
{
    struct flag_lines l;
    for (int form = FLAG_FORM_SAID; form < FLAG_FORM_COUNT; form++) {
        set_flag_lines(cv, flags, n, (enum flag_form)form, &l);
        if (set_flags_h(cv, &l, w, line_px) <= h)
            return (enum flag_form)form;
    }
    return FLAG_FORM_COUNT;
}

int draw_set_flags(struct canvas *cv, SDL_Rect box, const struct raised_flag *flags, int n,
                   int line_px)
{
    /* what each flag saw where every sentence fits; else each flag's name and rep; else a
     * line per kind with its reps, so none is left out for a longer sentence */
    struct flag_lines l;
    enum flag_form form = set_flags_form(cv, flags, n, box.w, box.h, line_px);
    set_flag_lines(cv, flags, n, form, &l);
    int line_h = text_line_px(cv, line_px, FONT_BOLD);
    if (n > 0 && form == FLAG_FORM_COUNT &&
        text_wrap_lines(cv, l.text[0], line_px, FONT_BOLD, box.w) * line_h > box.h) {
        /* not even the count fits the box: it is said on one line all the same, over what
         * is under it, for a flag is never dropped without a word */
        cv->stats.omitted += 1;
        draw_text(cv, (SDL_Rect){box.x, box.y, box.w, line_h}, l.text[0], line_px, FONT_BOLD,
                  colour_severity(l.severity[0]), ALIGN_LEFT);
        return 1;
    }
    int gap = line_px / 4;
    int y = box.y;
    int drawn = 0;
    for (int i = 0; i < l.n; i++) {
        char *line = l.text[i];
        /* a long one wraps rather than shrinking below the secondary size */
        int lines = text_wrap_lines(cv, line, line_px, FONT_BOLD, box.w);
        bool room_after = y + lines * line_h + gap + line_h <= box.y + box.h;
        if (y + lines * line_h > box.y + box.h || (i < l.n - 1 && !room_after)) {
            cv->stats.omitted += l.n - i; /* said as "+ N more", or not at all */
            if (y + line_h > box.y + box.h)
                break;
            char more[12], said[64];
            i18n_int(more, sizeof more, l.n - i);
            i18n_phrase_plural(said, sizeof said, "+ %s more flag", "+ %s more flags",
                               (unsigned long)(l.n - i), (const char *[]){more}, 1);
            draw_text(cv, (SDL_Rect){box.x, y, box.w, line_h}, said, line_px, FONT_BOLD,
                      COL_CAUTION, ALIGN_LEFT);
            drawn++;
            break;
        }
        SDL_Rect r = {box.x, y, box.w, lines * line_h};
        SDL_Color c = colour_severity(l.severity[i]);
        if (lines == 1)
            draw_text(cv, r, line, line_px, FONT_BOLD, c, ALIGN_LEFT);
        else
            draw_text_wrap(cv, r, line, line_px, FONT_BOLD, c, ALIGN_LEFT);
        y += lines * line_h + gap;
        drawn++;
    }
    return drawn;
}

/* ---------------------------------------------------------------- shared pieces */

int header_px(const struct canvas *cv)
{
    return type_px(cv, TYPE_TITLE) * 5 / 4 + canvas_px(cv, 0.004);
}

void draw_header(struct canvas *cv, SDL_Rect *area, const char *title, const char *who)
{
    int title_px = type_px(cv, TYPE_TITLE);
    int m = canvas_px(cv, 0.03);
    bool has_who = who && *who;
    /* a narrow panel (portrait) whose title and name do not share a line: the name goes
     * on a line of its own under the title, rather than either shrinking */
    int title_w = text_width(cv, title, title_px, FONT_BOLD);
    int who_w = has_who ? text_width(cv, who, type_px(cv, TYPE_BODY), FONT_REGULAR) : 0;
    int avail = area->w - 2 * m;
    bool two_rows =
        canvas_portrait(cv) && has_who && (title_w + who_w + m > avail || title_w > avail * 3 / 5);
    int bar_h =
        header_px(cv) + (two_rows ? text_line_px(cv, type_px(cv, TYPE_BODY), FONT_REGULAR) : 0);
    SDL_Rect bar = rect_cut_top(area, bar_h);
    draw_fill(cv, bar, COL_PANEL);
    draw_fill(cv,
              (SDL_Rect){bar.x, bar.y + bar.h - canvas_px(cv, 0.004), bar.w, canvas_px(cv, 0.004)},
              COL_FAINT);
    SDL_Rect in = {bar.x + m, bar.y, bar.w - 2 * m, bar.h - canvas_px(cv, 0.004)};
    SDL_Rect right;
    if (two_rows) {
        right = rect_cut_bottom(&in, in.h - header_px(cv) + canvas_px(cv, 0.004));
        if (title_w > in.w) /* still too long: two lines at the label size */
            title_px = type_px(cv, TYPE_LABEL);
    } else {
        /* the name gets what it needs beyond two fifths when the title leaves it */
        int right_w = has_who ? in.w * 2 / 5 : 0;
        if (has_who && who_w > right_w)
            right_w = who_w < in.w - title_w - m ? who_w : in.w - title_w - m;
        if (has_who && right_w < in.w * 2 / 5)
            right_w = in.w * 2 / 5;
        /* a long title takes what the name does not need rather than being cut */
        if (has_who && title_w > in.w - right_w - m && title_w + m + who_w <= in.w)
            right_w = in.w - title_w - m;
        right = rect_cut_right(&in, right_w);
    }
    draw_text(cv, in, title, title_px, FONT_BOLD, COL_TEXT, ALIGN_LEFT);
    if (who && *who)
        draw_text(cv, right, who, type_px(cv, TYPE_BODY), FONT_REGULAR, COL_DIM, ALIGN_RIGHT);
}

bool header_holds(struct canvas *cv, int w, const char *title, const char *who)
{
    int m = canvas_px(cv, 0.03), avail = w - 2 * m;
    int title_w = text_width(cv, title, type_px(cv, TYPE_TITLE), FONT_BOLD);
    int who_w = who && *who ? text_width(cv, who, type_px(cv, TYPE_BODY), FONT_REGULAR) : 0;
    if (canvas_portrait(cv)) /* the name on a row of its own when they do not share one */
        return title_w <= avail && who_w <= avail;
    return title_w + (who_w > 0 ? m + who_w : 0) <= avail;
}

const char *display_name(char *buf, size_t len, const char *full)
{
    if (!full)
        full = "";
    while (*full == ' ')
        full++;
    size_t first = strcspn(full, " ");
    const char *last = strrchr(full, ' ');
    while (last && last[1] == '\0') { /* trailing spaces */
        const char *p = last;
        while (p > full && *p == ' ')
            p--;
        last = p > full ? memrchr(full, ' ', (size_t)(p - full)) : NULL;
    }
    if (!last || last < full + first) {
        snprintf(buf, len, "%.*s", (int)first, full);
        return buf;
    }
    /* the initial is the last name's first character, whole (UTF-8) */
    const char *init = last + 1;
    size_t n = 1;
    while (init[n] && ((unsigned char)init[n] & 0xC0) == 0x80)
        n++;
    snprintf(buf, len, "%.*s %.*s.", (int)first, full, (int)n, init);
    return buf;
}

void format_kg(char *buf, size_t len, int32_t g)
{
    if (g % 1000 == 0)
        snprintf(buf, len, "%d kg", (int)(g / 1000));
    else if (g % 100 == 0)
        snprintf(buf, len, "%.1f kg", g / 1000.0);
    else
        snprintf(buf, len, "%.2f kg", g / 1000.0);
}

/* A plate reading: grams are noise, so show it to 0.1 kg. */
void format_measured_kg(char *buf, size_t len, int32_t g)
{
    int32_t rounded = (int32_t)((g >= 0 ? g + 50 : g - 50) / 100 * 100);
    format_kg(buf, len, rounded);
}

void format_clock(char *buf, size_t len, int seconds)
{
    if (seconds < 0)
        seconds = 0;
    snprintf(buf, len, "%d:%02d", seconds / 60, seconds % 60);
}

void format_of_total(char *buf, size_t len, int total)
{
    char n[16];
    i18n_int(n, sizeof n, total);
    i18n_phrase(buf, len, N_("of %s"), (const char *const[]){n}, 1);
}

/* A reading this close to a load the plates make is shown as that load. */
#define MEASURED_SNAP_G 250

void format_bar_kg(char *buf, size_t len, int32_t g, int32_t bar_g)
{
    struct loading_plates ps;
    plate_set_default_kg(&ps);
    format_measured_kg(buf, len, plate_loading_snap_g(&ps, bar_g, g, MEASURED_SNAP_G));
}

void format_load(const struct canvas *cv, char *buf, size_t len, int32_t g)
{
    i18n_load(buf, len, g, cv->unit);
}

void format_load_number(const struct canvas *cv, char *buf, size_t len, int32_t g)
{
    i18n_load_number(buf, len, g, cv->unit);
}

void format_bar_load(const struct canvas *cv, char *buf, size_t len, int32_t g,
                     const struct loading_plates *ps, int32_t bar_g)
{
    int32_t snapped = plate_loading_snap_g(ps, bar_g, g, MEASURED_SNAP_G);
    /* off the plates' loads, grams are noise: kg to 0.1 (lb are shown to 0.1 anyway) */
    if (snapped == g && cv->unit == RACK_KG)
        snapped = (int32_t)((g >= 0 ? g + 50 : g - 50) / 100 * 100);
    format_load(cv, buf, len, snapped);
}

void format_time_of_day(char *buf, size_t len, int64_t t_wall_us)
{
    time_t t = (time_t)(t_wall_us / 1000000);
    struct tm tm;
    if (localtime_r(&t, &tm))
        strftime(buf, len, "%H:%M", &tm);
    else
        snprintf(buf, len, "--:--");
}

/* ---------------------------------------------------------------- plot series */

/* Series colours for per-rep traces: clear of the go, caution and stop colours (a rushed
 * rep is caution yellow in the chart beside it) and of each other for red-green colour
 * blindness (Okabe-Ito's sky blue, reddish purple and blue, and white); each series also
 * carries a marker shape and its number, so colour is never the only cue. */
static const SDL_Color series_colours[PLOT_SERIES_COLOURS] = {
    {86, 180, 233, 255},  /* sky blue */
    {204, 121, 167, 255}, /* reddish purple */
    {235, 235, 235, 255}, /* white */
    {0, 114, 178, 255},   /* blue */
};

SDL_Color plot_series_colour(int i)
{
    return series_colours[(i < 0 ? -i : i) % PLOT_SERIES_COLOURS];
}

int plot_series_marker_shape(int i)
{
    return ((i < 0 ? -i : i) / PLOT_SERIES_COLOURS) % PLOT_SERIES_MARKERS;
}

void plot_series_marker(struct canvas *cv, int x, int y, int r, int i, SDL_Color c)
{
    switch (plot_series_marker_shape(i)) {
    case 0:
        draw_disc(cv, x, y, r, c);
        break;
    case 1:
        draw_fill(cv, (SDL_Rect){x - r, y - r, 2 * r, 2 * r}, c);
        break;
    case 2: {
        SDL_FPoint t[3] = {{(float)x, (float)(y - r)},
                           {(float)(x + r), (float)(y + r)},
                           {(float)(x - r), (float)(y + r)}};
        draw_polygon(cv, t, 3, c);
        break;
    }
    default: {
        SDL_FPoint d[4] = {{(float)x, (float)(y - r)},
                           {(float)(x + r), (float)y},
                           {(float)x, (float)(y + r)},
                           {(float)(x - r), (float)y}};
        draw_polygon(cv, d, 4, c);
        break;
    }
    }
}

/* ---------------------------------------------------------------- button grids */

/* The height of row `row` of a grid of cols columns in width w. */
static int grid_row_h(struct canvas *cv, const struct grid_button *b, int n, int w, int cols,
                      int row)
{
    int gap = canvas_px(cv, 0.012), col_w = (w - gap * (cols - 1)) / cols, h = target_px(cv);
    for (int i = row * cols; i < (row + 1) * cols && i < n; i++) {
        int need = button_height(cv, b[i].label, col_w);
        h = need > h ? need : h;
    }
    return h;
}

int button_grid_h(struct canvas *cv, const struct grid_button *b, int n, int w, int cols)
{
    int gap = canvas_px(cv, 0.012), h = 0;
    for (int row = 0; row * cols < n; row++)
        h += (row > 0 ? gap : 0) + grid_row_h(cv, b, n, w, cols, row);
    return h;
}

int button_grid_cols(struct canvas *cv, const struct grid_button *b, int n, int w)
{
    int best = 1, best_h = 0;
    for (int cols = n; cols >= 1; cols--) {
        int h = button_grid_h(cv, b, n, w, cols);
        if (cols == n || h < best_h) {
            best = cols;
            best_h = h;
        }
    }
    return best;
}

int draw_button_grid(struct canvas *cv, SDL_Rect box, const struct grid_button *b, int n, int cols)
{
    int gap = canvas_px(cv, 0.012), y = box.y;
    for (int row = 0; row * cols < n; row++) {
        int h = grid_row_h(cv, b, n, box.w, cols, row);
        for (int i = row * cols; i < (row + 1) * cols && i < n; i++)
            draw_button_px(cv, rect_column((SDL_Rect){box.x, y, box.w, h}, cols, i % cols, gap),
                           b[i].label, type_px(cv, TYPE_LABEL), b[i].style, b[i].action, b[i].arg,
                           b[i].enabled);
        y += h + gap;
    }
    return y - gap - box.y;
}
