/* rackside: the kiosk at the squat rack. Parses the command line and runs the kiosk. */
#include <SDL.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kiosk.h"
#include "scenario.h"
#include "ui/i18n.h"

#define DEFAULT_CONFIG "/etc/rackside/rackside.conf"
#define SYSTEM_ASSETS  "/usr/share/rackside"

/* SIGTERM (the service stopping) ends the frame loop; the only mutable global. */
static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* Installed before SDL starts, so SDL leaves these signals to us. */
static void catch_stop(bool production)
{
    struct sigaction sa = {.sa_handler = on_stop};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    if (production)
        sa.sa_handler = SIG_IGN; /* no key combination stops a production kiosk */
    sigaction(SIGINT, &sa, NULL);
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: rackside [options]\n"
            "  --data-dir DIR        database and logs (default $XDG_DATA_HOME/rackside)\n"
            "  --config FILE         settings (default " DEFAULT_CONFIG ")\n"
            "  --assets DIR          fonts and images (default: beside the program)\n"
            "  --size WxH            window size: 1280x800 (default) or 800x480\n"
            "  --fullscreen          fill the screen (always on KMSDRM)\n"
            "  --lang LANG           the lifter screens' language: en, es or de (over\n"
            "                        [kiosk] language; default en)\n"
            "  --unit UNIT           the rack's unit, kg or lb: loads, the bar and the\n"
            "                        plates (as [rack] unit; default kg)\n"
            "  --demo                play the demo scenario with nobody at the rack\n"
            "  --scenario FILE       play a scenario on a virtual clock: exit 0 when every\n"
            "                        expectation held, 1 (and the line) when one did not,\n"
            "                        2 when the file is wrong; a fresh database unless\n"
            "                        --data-dir is given\n"
            "  --start-time WHEN     with --demo/--scenario: the virtual clock starts at this\n"
            "                        local time, YYYY-MM-DDTHH:MM[:SS]\n"
            "  --controls            list the control names a scenario can press\n"
            "  --repeat N            with --demo/--scenario: play it N times in one process,\n"
            "                        each on a fresh database (memory drift, in make bench)\n"
            "  --real-time           with --demo/--scenario: play it on the real clock, with\n"
            "                        animation, and log sensor-to-pixel latency at the end\n"
            "  --screenshot-dir DIR  a PNG of every screen it passes (and of a fault)\n"
            "  --production          real devices only; a bad config, database or device\n"
            "                        is a full-screen fault (implied by --fullscreen on\n"
            "                        KMSDRM)\n"
            "  --help                this text\n");
}

static bool is_dir_with_fonts(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/fonts/DejaVuSans.ttf", dir);
    return access(path, R_OK) == 0;
}

/*
 * Assets sit beside the source tree in a checkout, and in PREFIX/share/rackside when
 * installed (found from the program's own directory, so any PREFIX works).
 */
static const char *find_assets(char *buf, size_t n)
{
    const char *env = getenv("RACKSIDE_ASSETS");
    if (env && *env)
        return env;
    static const char *const beside_program[] = {"../assets", "../share/rackside"};
    char *base = SDL_GetBasePath();
    for (size_t i = 0; base && i < sizeof beside_program / sizeof beside_program[0]; i++) {
        snprintf(buf, n, "%s%s", base, beside_program[i]);
        if (is_dir_with_fonts(buf)) {
            SDL_free(base);
            return buf;
        }
    }
    SDL_free(base);
    if (is_dir_with_fonts("assets"))
        return "assets";
    return SYSTEM_ASSETS;
}

static int parse_start(const char *arg, int64_t *wall_us)
{
    struct tm tm = {.tm_isdst = -1};
    int sec = 0;
    char extra;
    int got = sscanf(arg, "%d-%d-%dT%d:%d:%d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                     &tm.tm_min, &sec, &extra);
    if ((got != 5 && got != 6) || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
        tm.tm_mday > 31 || tm.tm_hour < 0 || tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 ||
        sec < 0 || sec > 59)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_sec = sec;
    time_t t = mktime(&tm);
    if (t == (time_t)-1)
        return -1;
    *wall_us = (int64_t)t * 1000000;
    return 0;
}

static int parse_size(const char *arg, int *w, int *h)
{
    char extra;
    if (sscanf(arg, "%dx%d%c", w, h, &extra) != 2 || *w < 320 || *h < 240 || *w > 7680 || *h > 4320)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    enum {
        OPT_DATA = 1,
        OPT_CONFIG,
        OPT_ASSETS,
        OPT_SIZE,
        OPT_FULL,
        OPT_DEMO,
        OPT_SHOTS,
        OPT_PRODUCTION,
        OPT_SCENARIO,
        OPT_START,
        OPT_CONTROLS,
        OPT_REPEAT,
        OPT_REAL_TIME,
        OPT_LANG,
        OPT_UNIT,
        OPT_HELP
    };
    static const struct option longopts[] = {
        {"data-dir", required_argument, NULL, OPT_DATA},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"assets", required_argument, NULL, OPT_ASSETS},
        {"size", required_argument, NULL, OPT_SIZE},
        {"fullscreen", no_argument, NULL, OPT_FULL},
        {"demo", no_argument, NULL, OPT_DEMO},
        {"screenshot-dir", required_argument, NULL, OPT_SHOTS},
        {"production", no_argument, NULL, OPT_PRODUCTION},
        {"scenario", required_argument, NULL, OPT_SCENARIO},
        {"start-time", required_argument, NULL, OPT_START},
        {"controls", no_argument, NULL, OPT_CONTROLS},
        {"repeat", required_argument, NULL, OPT_REPEAT},
        {"real-time", no_argument, NULL, OPT_REAL_TIME},
        {"lang", required_argument, NULL, OPT_LANG},
        {"unit", required_argument, NULL, OPT_UNIT},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };
    char assets[1024];
    struct kiosk_options opt = {
        .config_path = DEFAULT_CONFIG,
        .width = 1280,
        .height = 800,
    };
    const char *assets_arg = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_DATA:
            opt.data_dir = optarg;
            break;
        case OPT_CONFIG:
            opt.config_path = optarg;
            break;
        case OPT_ASSETS:
            assets_arg = optarg;
            break;
        case OPT_SIZE:
            if (parse_size(optarg, &opt.width, &opt.height) != 0) {
                fprintf(stderr, "rackside: --size '%s' is not WIDTHxHEIGHT (e.g. 1280x800)\n",
                        optarg);
                return 2;
            }
            break;
        case OPT_FULL:
            opt.fullscreen = true;
            break;
        case OPT_DEMO:
            opt.demo = true;
            break;
        case OPT_SHOTS:
            opt.screenshot_dir = optarg;
            break;
        case OPT_PRODUCTION:
            opt.production = true;
            break;
        case OPT_SCENARIO:
            opt.scenario = optarg;
            break;
        case OPT_START:
            if (parse_start(optarg, &opt.start_wall_us) != 0) {
                fprintf(stderr,
                        "rackside: --start-time '%s' is not a local time YYYY-MM-DDTHH:MM[:SS]\n",
                        optarg);
                return 2;
            }
            break;
        case OPT_CONTROLS:
            scenario_print_controls(stdout);
            return 0;
        case OPT_REAL_TIME:
            opt.real_time = true;
            break;
        case OPT_REPEAT: {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || n < 1 || n > 1000000) {
                fprintf(stderr, "rackside: --repeat '%s' is not a count from 1 to 1000000\n",
                        optarg);
                return 2;
            }
            opt.repeat = (int)n;
            break;
        }
        case OPT_LANG:
            if (!i18n_known(optarg)) {
                fprintf(stderr, "rackside: --lang '%s' is not one of en, es, de\n", optarg);
                return 2;
            }
            opt.lang = optarg;
            break;
        case OPT_UNIT:
            if (strcmp(optarg, "kg") != 0 && strcmp(optarg, "lb") != 0) {
                fprintf(stderr, "rackside: --unit '%s' is not kg or lb\n", optarg);
                return 2;
            }
            opt.unit = optarg;
            break;
        case OPT_HELP:
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "rackside: unexpected argument '%s' (see --help)\n", argv[optind]);
        return 2;
    }
    bool scripted = opt.demo || opt.scenario;
    if (opt.real_time && !scripted) {
        fprintf(stderr, "rackside: --real-time needs --demo or --scenario\n");
        return 2;
    }
    if (opt.repeat && !scripted) {
        fprintf(stderr, "rackside: --repeat needs --demo or --scenario\n");
        return 2;
    }
    if (opt.start_wall_us && !scripted) {
        fprintf(stderr, "rackside: --start-time needs --demo or --scenario\n");
        return 2;
    }
    if (opt.production && scripted) {
        fprintf(stderr, "rackside: --demo and --scenario play on simulated devices: not with "
                        "--production\n");
        return 2;
    }
    if (opt.demo && opt.scenario) {
        fprintf(stderr,
                "rackside: --demo plays its own scenario: give one of --demo, --scenario\n");
        return 2;
    }
    catch_stop(opt.production);
    opt.stop = &stop_requested;
    opt.assets_dir = assets_arg ? assets_arg : find_assets(assets, sizeof assets);
    return kiosk_run(&opt);
}
