/*
 * The plate's calibration in the settings file: `rackside-ctl calibrate` and the kiosk's
 * Calibrate page both write it into [plate], where config_load reads it.
 */
#ifndef PLATE_CONF_H
#define PLATE_CONF_H

#include "../core/load.h"

/*
 * Sets offset_left, offset_right, g_per_count_left and g_per_count_right in [plate] of the
 * file at path (the section and keys added when missing, every other line kept), through a
 * new file renamed over it. 0 done, -1 not (errno says why; the file is as it was).
 */
int plate_conf_save(const char *path, const struct load_calibration *cal);

#endif
