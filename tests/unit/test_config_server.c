/* [server] in the config file: off by default, and each wrong line named with file, line
 * and key, as a table of cases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../app/config.h"

static int load_text(const char *text, struct config *cfg, char err[CONFIG_ERR_MAX], char path[64])
{
    snprintf(path, 64, "/tmp/rackside-conf-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    config_default(cfg);
    int rc = config_load(path, cfg, err);
    unlink(path);
    return rc;
}

static void off_by_default(void **state)
{
    (void)state;
    struct config cfg;
    config_default(&cfg);
    assert_false(config_server_enabled(&cfg));
    assert_int_equal(cfg.server_offline_limit_s, 300);
    /* the shipped file keeps it off */
    const char *assets = getenv("RACKSIDE_ASSETS");
    char path[512], err[CONFIG_ERR_MAX];
    snprintf(path, sizeof path, "%s/config/rackside.conf", assets ? assets : "assets");
    assert_int_equal(config_load(path, &cfg, err), 0);
    assert_false(config_server_enabled(&cfg));
    assert_string_equal(cfg.server_rack, "");
}

static const struct {
    const char *text;
    const char *conn, *rack; /* when accepted */
    int offline_s;
    const char *err; /* NULL: accepted; else what the message holds after "line " */
} cases[] = {
    {"[server]\nconnection = service=rackside\nrack = Rack 1\n", "service=rackside", "Rack 1", 300,
     NULL},
    {"[server]\nconnection = host=db.gym dbname=rackside sslmode=verify-full\nrack = south-2\n"
     "offline_limit_s = 60\n",
     "host=db.gym dbname=rackside sslmode=verify-full", "south-2", 60, NULL},
    {"[server]\nconnection =\nrack =\n", "", "", 300, NULL},
    {"[server]\nconnection = service=rackside\n", NULL, NULL, 0,
     "2: [server] rack is empty but connection is set"},
    {"[server]\nrack = Rack 1\n", NULL, NULL, 0, "2: [server] connection is empty but rack is set"},
    {"[server]\nconnection = service=x\nrack = ../etc\n", NULL, NULL, 0,
     "3: [server] rack '../etc' must be"},
    {"[server]\nconnection = service=x\nrack = r\noffline_limit_s = 5\n", NULL, NULL, 0,
     "4: '5' is not a number in 10..604800 for [server] offline_limit_s"},
    {"[server]\nconnection = service=x\nrack = r\noffline_limit_s = 1e3\n", NULL, NULL, 0,
     "4: '1e3' is not a number"},
    {"[server]\nconnection = a\nconnection = b\nrack = r\n", NULL, NULL, 0,
     "3: [server] connection is set twice (first on line 2)"},
    {"[server]\nhost = db\n", NULL, NULL, 0, "2: unknown setting 'host' in [server]"},
};

static void table_of_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct config cfg;
        char err[CONFIG_ERR_MAX], path[64];
        int rc = load_text(cases[i].text, &cfg, err, path);
        if (!cases[i].err) {
            if (rc != 0)
                fail_msg("case %zu refused: %s", i, err);
            assert_string_equal(cfg.server_connection, cases[i].conn);
            assert_string_equal(cfg.server_rack, cases[i].rack);
            assert_int_equal(cfg.server_offline_limit_s, cases[i].offline_s);
            assert_int_equal(config_server_enabled(&cfg), cases[i].conn[0] != '\0');
            continue;
        }
        char want[CONFIG_ERR_MAX + 80];
        snprintf(want, sizeof want, "config %s line %s", path, cases[i].err);
        if (rc == 0 || strncmp(err, want, strlen(want)) != 0)
            fail_msg("case %zu: got \"%s\", wanted it to start \"%s\"", i, err, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(off_by_default),
        cmocka_unit_test(table_of_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
