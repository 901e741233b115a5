/*
 * Whether the machine has a GPU the GL renderer would use. Without one (no DRM render
 * node: a server or VM under Xvfb, a desktop with no GPU driver) Mesa draws GL on the CPU
 * with llvmpipe, which maps ~64 MB of LLVM and its driver to do what SDL's software
 * renderer does in none: the kiosk then takes the software renderer (measured under
 * Xvfb over the demo: 127 MB peak with llvmpipe).
 */
#ifndef UI_GPU_H
#define UI_GPU_H

#include <stdbool.h>

#define UI_DRI_DIR "/dev/dri"

/* True when dri_dir (normally UI_DRI_DIR) holds a render node (renderD*). */
bool ui_gpu_present(const char *dri_dir);

#endif
