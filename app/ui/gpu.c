#include "gpu.h"

#include <dirent.h>
#include <string.h>

#define RENDER_NODE "renderD"

bool ui_gpu_present(const char *dri_dir)
{
    DIR *d = opendir(dri_dir);
    if (!d)
        return false;
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(d)))
        found = strncmp(e->d_name, RENDER_NODE, strlen(RENDER_NODE)) == 0;
    closedir(d);
    return found;
}
