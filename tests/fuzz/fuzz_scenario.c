/*
 * Scenario files: the input is the whole file, written to a memory file and read through
 * its /proc/self/fd path, as `rackside --scenario FILE` reads it.
 *
 * Invariants: scenario_load gives a scenario and leaves the message empty, or gives NULL
 * with a one-line message, terminated within SCENARIO_ERR_MAX, that starts with the
 * file's path and, for a mistake in a line, names a line the file has.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../app/scenario_file.h"
#include "fuzz.h"

static int lines_in(const uint8_t *data, size_t size)
{
    int n = 1;
    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n';
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("rackside-fuzz.scenario", 0);
    FUZZ_CHECK(fd >= 0, "memfd_create failed");
    FUZZ_CHECK(size == 0 || write(fd, data, size) == (ssize_t)size, "short write");
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    char err[SCENARIO_ERR_MAX];
    memset(err, 0x55, sizeof err);
    err[0] = '\0';
    struct scenario *sc = scenario_load(path, err);
    if (sc) {
        FUZZ_CHECK(err[0] == '\0', "a scenario and a message: %.80s", err);
        scenario_free(sc);
    } else {
        FUZZ_CHECK(memchr(err, '\0', sizeof err) != NULL, "message not terminated");
        FUZZ_CHECK(err[0] != '\0', "NULL without a message");
        FUZZ_CHECK(strchr(err, '\n') == NULL, "message of more than one line: %s", err);
        size_t plen = strlen(path);
        FUZZ_CHECK(strncmp(err, path, plen) == 0, "message does not name the file: %s", err);
        if (err[plen] == ':' && err[plen + 1] >= '0' && err[plen + 1] <= '9') {
            int line = atoi(err + plen + 1);
            FUZZ_CHECK(line >= 1 && line <= lines_in(data, size), "line %d of %d: %s", line,
                       lines_in(data, size), err);
        }
    }
    close(fd);
    return 0;
}
