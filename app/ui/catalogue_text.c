#include "catalogue_text.h"

#include "i18n.h"

const char *ui_catalogue_text(const char *plain, const struct catalogue_text *t, int n)
{
    const char *own = catalogue_text_in(plain, t, n, i18n_current());
    return own != plain ? own : _(plain);
}
