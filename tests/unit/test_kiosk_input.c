/*
 * No escape (issue 7): in production no key, key combination or window event quits the
 * kiosk or reaches the simulated devices; in simulation Esc and the window's close do.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <SDL.h>

#include "../../app/kiosk.h"

static SDL_Event key(SDL_Keycode sym, Uint16 mod)
{
    SDL_Event ev = {.type = SDL_KEYDOWN};
    ev.key.keysym.sym = sym;
    ev.key.keysym.mod = mod;
    return ev;
}

/* Every key SDL names, with every modifier combination a keyboard wedge could type. */
static void production_ignores_every_key(void **state)
{
    (void)state;
    static const Uint16 mods[] = {KMOD_NONE,
                                  KMOD_LCTRL,
                                  KMOD_LALT,
                                  KMOD_LCTRL | KMOD_LALT,
                                  KMOD_LGUI,
                                  KMOD_LSHIFT,
                                  KMOD_RALT | KMOD_RCTRL};
    int checked = 0;
    for (SDL_Keycode sym = 0; sym < 0x80; sym++)
        for (size_t m = 0; m < sizeof mods / sizeof mods[0]; m++) {
            SDL_Event ev = key(sym, mods[m]);
            assert_int_equal(kiosk_classify_event(true, false, &ev), KIOSK_INPUT_IGNORE);
            checked++;
        }
    for (SDL_Scancode sc = SDL_SCANCODE_CAPSLOCK; sc < SDL_NUM_SCANCODES; sc++) {
        SDL_Event ev = key(SDL_SCANCODE_TO_KEYCODE(sc), KMOD_LALT);
        assert_int_equal(kiosk_classify_event(true, false, &ev), KIOSK_INPUT_IGNORE);
        checked++;
    }
    assert_true(checked > 1000);
}

static void production_ignores_quit_events(void **state)
{
    (void)state;
    SDL_Event quit = {.type = SDL_QUIT};
    assert_int_equal(kiosk_classify_event(true, false, &quit), KIOSK_INPUT_IGNORE);
    assert_int_equal(kiosk_classify_event(false, false, &quit), KIOSK_INPUT_QUIT);
}

static void simulation_keys_only_when_simulating(void **state)
{
    (void)state;
    static const struct {
        bool production, demo;
        SDL_Keycode sym;
        enum kiosk_input want;
    } cases[] = {
        {false, false, SDLK_ESCAPE, KIOSK_INPUT_QUIT},
        {false, false, SDLK_1, KIOSK_INPUT_SIM_KEY},
        {false, false, SDLK_p, KIOSK_INPUT_SIM_KEY},
        {false, true, SDLK_ESCAPE, KIOSK_INPUT_QUIT},
        {false, true, SDLK_1, KIOSK_INPUT_IGNORE},
        {true, false, SDLK_ESCAPE, KIOSK_INPUT_IGNORE},
        {true, false, SDLK_9, KIOSK_INPUT_IGNORE},
        {true, false, SDLK_RETURN, KIOSK_INPUT_IGNORE},
        {true, false, SDLK_F4, KIOSK_INPUT_IGNORE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        SDL_Event ev = key(cases[i].sym, KMOD_NONE);
        if (kiosk_classify_event(cases[i].production, cases[i].demo, &ev) != cases[i].want)
            fail_msg("case %zu", i);
    }
}

/* Touches still work in production: that is how lifters use it. */
static void production_keeps_touch(void **state)
{
    (void)state;
    SDL_Event finger = {.type = SDL_FINGERDOWN};
    SDL_Event click = {.type = SDL_MOUSEBUTTONDOWN};
    assert_int_equal(kiosk_classify_event(true, false, &finger), KIOSK_INPUT_TOUCH);
    assert_int_equal(kiosk_classify_event(true, false, &click), KIOSK_INPUT_CLICK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(production_ignores_every_key),
        cmocka_unit_test(production_ignores_quit_events),
        cmocka_unit_test(simulation_keys_only_when_simulating),
        cmocka_unit_test(production_keeps_touch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
