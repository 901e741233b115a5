/* Stack light and buzzer port (GPIO outputs on the Pi, a state the UI shows in simulation). */
#ifndef LIGHTS_H
#define LIGHTS_H

#include <stdbool.h>

#include "../core/session.h"

struct lights {
    const char *name;
    void (*set)(struct lights *l, enum light light, bool buzzer);
    void (*close)(struct lights *l);
    enum light light; /* last set, for the on-screen indicator */
    bool buzzer;
};

static inline void lights_set(struct lights *l, enum light light, bool buzzer)
{
    l->set(l, light, buzzer);
    l->light = light;
    l->buzzer = buzzer;
}

static inline void lights_close(struct lights *l)
{
    if (l)
        l->close(l);
}

struct lights *lights_sim_new(void);

#endif
