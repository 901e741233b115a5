/*
 * Config loader: the input is the whole file. It is written to a memory file and
 * loaded through its /proc/self/fd path, as the kiosk loads /etc/rackside/rackside.conf.
 *
 * Invariants: the error text is non-empty exactly when config_load returns -1, is
 * terminated within CONFIG_ERR_MAX, and names the file and a line the file has; every
 * number the file may set stays within the bounds config_settings() gives (a value
 * out of bounds keeps the default); string
 * settings stay terminated within their fields; drivers are sim or hardware.
 */
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../app/config.h"
#include "fuzz.h"

#define US_PER_S   1000000.0
#define ERR_PREFIX "config "
#define G_PER_KG   1000.0

/* A setting's value in the file's unit, read back from where the loader stored it. */
static double value_of(const struct config *cfg, const struct config_setting *f)
{
    const char *p = (const char *)cfg + f->offset;
    switch (f->unit) {
    case CONFIG_INT:
        return *(const int *)p;
    case CONFIG_SECONDS:
        return (double)*(const int64_t *)p / US_PER_S;
    case CONFIG_KG:
        return *(const int32_t *)p / G_PER_KG;
    case CONFIG_DOUBLE:
        return *(const double *)p;
    }
    return 0;
}

static void check_string(const char *s, size_t size, const char *name)
{
    FUZZ_CHECK(memchr(s, '\0', size) != NULL, "%s is not terminated within %zu bytes", name, size);
}

static void check_config(const struct config *cfg)
{
    const struct config_setting *settings;
    int n = config_settings(&settings);
    for (int i = 0; i < n; i++) {
        const struct config_setting *f = &settings[i];
        double v = value_of(cfg, f);
        /* grams round to the nearest gram: allow that much past a bound in kg */
        double slack = f->unit == CONFIG_KG ? 0.0005 : 0;
        FUZZ_CHECK(v >= f->min - slack && v <= f->max + slack, "%s = %.17g, outside %g..%g", f->key,
                   v, f->min, f->max);
    }
    check_string(cfg->gpio_chip, sizeof cfg->gpio_chip, "gpio_chip");
    check_string(cfg->gpio_sck, sizeof cfg->gpio_sck, "gpio_sck");
    check_string(cfg->gpio_dout_left, sizeof cfg->gpio_dout_left, "gpio_dout_left");
    check_string(cfg->gpio_dout_right, sizeof cfg->gpio_dout_right, "gpio_dout_right");
    check_string(cfg->badge_device, sizeof cfg->badge_device, "badge device");
    const enum device_driver drivers[] = {cfg->plate, cfg->bar, cfg->badge};
    for (int i = 0; i < 3; i++)
        FUZZ_CHECK(drivers[i] == DRIVER_SIM || drivers[i] == DRIVER_HARDWARE, "driver %d is %d", i,
                   drivers[i]);
}

/* Lines as an editor counts them: a last line without a newline still counts. */
static long count_lines(const uint8_t *data, size_t size)
{
    long n = 0;
    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n';
    return n + (size > 0 && data[size - 1] != '\n');
}

static void check_error_names_line(const char *err, const char *path, long lines)
{
    char prefix[96];
    snprintf(prefix, sizeof prefix, ERR_PREFIX "%s line ", path);
    if (strncmp(err, prefix, strlen(prefix)) != 0)
        return; /* a whole-file error ("cannot read it") names no line */
    long line = strtol(err + strlen(prefix), NULL, 10);
    FUZZ_CHECK(line >= 1 && line <= lines, "error names line %ld of a %ld-line file: %s", line,
               lines, err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("rackside-fuzz.conf", 0);
    FUZZ_CHECK(fd >= 0, "memfd_create failed");
    FUZZ_CHECK(size == 0 || write(fd, data, size) == (ssize_t)size, "short write");
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);

    struct config cfg;
    config_default(&cfg);
    check_config(&cfg);
    char err[CONFIG_ERR_MAX];
    memset(err, 'x', sizeof err);
    int rc = config_load(path, &cfg, err);
    close(fd);

    FUZZ_CHECK(rc == 0 || rc == -1, "config_load returned %d", rc);
    FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL, "error text is not terminated");
    FUZZ_CHECK((rc == -1) == (err[0] != '\0'), "returned %d with error text \"%s\"", rc, err);
    FUZZ_CHECK(rc == 0 || strncmp(err, ERR_PREFIX, strlen(ERR_PREFIX)) == 0,
               "error does not start with '%s': %s", ERR_PREFIX, err);
    FUZZ_CHECK(rc == 0 || strstr(err, path) != NULL, "error does not name %s: %s", path, err);
    if (rc == -1)
        check_error_names_line(err, path, count_lines(data, size));
    check_config(&cfg);
    return 0;
}
