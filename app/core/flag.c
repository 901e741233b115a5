#include <string.h>

#include "session.h"

static const struct {
    const char *id;
    const char *label;
    enum severity severity;
} flag_kinds[FLAG_KIND_COUNT] = {
    [FLAG_OVERLOAD] = {"overload", "Overload attempt", SEVERITY_STOP},
    [FLAG_RUSHED] = {"rushed", "Rushed eccentric", SEVERITY_CAUTION},
    [FLAG_MOMENTUM] = {"momentum", "Momentum (swing or bounce)", SEVERITY_CAUTION},
    [FLAG_ASYMMETRY] = {"asymmetry", "Left/right asymmetry", SEVERITY_CAUTION},
    [FLAG_VELOCITY_LOSS] = {"velocity-loss", "Velocity loss over limit", SEVERITY_CAUTION},
    [FLAG_PAIN] = {"pain", "Pain reported", SEVERITY_STOP},
    [FLAG_RED_FLAG] = {"red-flag", "Red-flag symptom", SEVERITY_STOP},
    [FLAG_WARMUP_SKIPPED] = {"warmup-skipped", "Warm-up skipped", SEVERITY_CAUTION},
    [FLAG_SET_ABANDONED] = {"set-abandoned", "Set abandoned", SEVERITY_INFO},
    [FLAG_DEVICE_FAULT] = {"device-fault", "Device fault", SEVERITY_CAUTION},
    [FLAG_PIN_LOCKOUT] = {"pin-lockout", "Trainer PIN locked out", SEVERITY_CAUTION},
    [FLAG_SCREENING] = {"screening", "Enrolment screen: needs clearance", SEVERITY_STOP},
    [FLAG_GRIND] = {"grind", "Grind: a rep too slow", SEVERITY_STOP},
};

const char *flag_kind_id(enum flag_kind kind)
{
    return (unsigned)kind < FLAG_KIND_COUNT ? flag_kinds[kind].id : "unknown";
}

const char *flag_kind_label(enum flag_kind kind)
{
    return (unsigned)kind < FLAG_KIND_COUNT ? flag_kinds[kind].label : "Unknown flag";
}

enum severity flag_kind_severity(enum flag_kind kind)
{
    return (unsigned)kind < FLAG_KIND_COUNT ? flag_kinds[kind].severity : SEVERITY_INFO;
}

const char *severity_label(enum severity sev)
{
    switch (sev) {
    case SEVERITY_INFO:
        return "info";
    case SEVERITY_CAUTION:
        return "caution";
    case SEVERITY_STOP:
        return "stop";
    }
    return "info";
}

int flag_kind_from_id(const char *id)
{
    for (int k = 0; k < FLAG_KIND_COUNT; k++)
        if (id && strcmp(id, flag_kinds[k].id) == 0)
            return k;
    return -1;
}
