/* A plate port for when the configured plate cannot be opened: every sample is a fault. */
#ifndef PLATE_ABSENT_H
#define PLATE_ABSENT_H

#include "plate.h"

struct plate *plate_absent_new(void);

#endif
