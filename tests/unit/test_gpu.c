/*
 * The GPU check that picks the software renderer where GL would be llvmpipe: a render
 * node means a GPU; a card node alone (a display controller without 3D), an empty
 * directory or none at all do not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../app/ui/gpu.h"

static void touch(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
}

static void test_gpu_present_by_render_node(void **state)
{
    (void)state;
    static const struct {
        const char *nodes[3];
        bool gpu;
    } cases[] = {
        {{"card0", "renderD128", NULL}, true}, /* a Pi 4: v3d */
        {{"renderD129", NULL, NULL}, true},
        {{"card0", "card1", NULL}, false}, /* display only, no 3D */
        {{NULL, NULL, NULL}, false},       /* empty */
        {{"by-path", "render", NULL}, false},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char dir[] = "/tmp/rackside-dri.XXXXXX";
        assert_non_null(mkdtemp(dir));
        for (int i = 0; cases[c].nodes[i]; i++)
            touch(dir, cases[c].nodes[i]);
        assert_int_equal(ui_gpu_present(dir), cases[c].gpu);
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        assert_int_equal(system(cmd), 0);
    }
    assert_false(ui_gpu_present("/nonexistent/rackside-dri"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gpu_present_by_render_node),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
