#include <stdlib.h>

#include "lights.h"

/* Nothing to drive: lights_set() records the state the UI shows. */
static void sim_set(struct lights *l, enum light light, bool buzzer)
{
    (void)l;
    (void)light;
    (void)buzzer;
}

static void sim_close(struct lights *l)
{
    free(l);
}

struct lights *lights_sim_new(void)
{
    struct lights *l = calloc(1, sizeof(*l));
    if (!l)
        return NULL;
    *l = (struct lights){
        .name = "lights-sim", .set = sim_set, .close = sim_close, .light = LIGHT_OFF};
    return l;
}
