#!/usr/bin/env bash
# Every string the lifter screens mark for translation (_(), N_(), C_(), dngettext and the
# plurals of i18n_plural and i18n_phrase_plural in app/ui, the kiosk and its faults and
# notices (app/kiosk_words.c), the enrol lines of
# app/core/trainer_enrol.c, the Calibrate lines of app/core/trainer_cal.c, and the problems
# the settings file and the catalogues can have: app/config.c, app/core/catalogue.c,
# app/core/plates.c, app/catalogue_files.c) is in every
# language's catalogue (assets/i18n/*.po), and each catalogue compiles. A missing string
# would show in English: this names it.
set -euo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "FAIL: $*"; exit 1; }
command -v xgettext >/dev/null || fail "xgettext not found (the gettext package)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
xgettext --from-code=UTF-8 -k -k_ -kN_ -kC_:1c,2 -kdngettext:2,3 -ki18n_plural:1,2 -ki18n_phrase_plural:3,4 --no-location \
    -o "$work/rackside.pot" app/ui/*.c app/kiosk.c app/kiosk_words.c app/core/trainer_enrol.c app/core/trainer_cal.c app/core/pin_change.c app/store/story.c \
    app/config.c app/core/catalogue.c app/core/plates.c app/catalogue_files.c
wanted=$(grep -c '^msgid ' "$work/rackside.pot")
[ "$wanted" -ge 100 ] || fail "only $wanted strings found to translate: is the extraction broken?"
pos=(assets/i18n/*.po)
[ -f "${pos[0]}" ] || fail "no catalogues in assets/i18n"
for po in "${pos[@]}"; do
    msgfmt --check -o /dev/null "$po" 2>"$work/msgfmt.log" || { cat "$work/msgfmt.log"; fail "$po does not compile"; }
    if ! msgcmp --use-untranslated "$po" "$work/rackside.pot" 2>"$work/cmp.log"; then
        grep -v "this message is not used" "$work/cmp.log" | sed 's/^/    /'
        fail "$po lacks strings the screens use (they would show in English)"
    fi
    untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
    # the header is the one entry with an empty msgid
    [ "$untranslated" -le 1 ] || fail "$po: $((untranslated - 1)) strings without a translation"
    echo "$po: all $((wanted - 1)) strings of the screens translated"
done
