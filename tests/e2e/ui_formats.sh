#!/usr/bin/env bash
# A translated format never reaches printf in the screens or the kiosk (STYLE: sentences are
# composed with phrase.h's substitution, so a translation's "%d" or a missing "%s" cannot
# read memory it should not). The build compiles app/ui and app/kiosk.c with
# -Wformat-nonliteral -Wformat-security and -Werror (Makefile: UI_FORMAT_WARN): this checks
# every such file compiles clean under the build's own command, and that the same command
# refuses a planted snprintf(buf, n, _("..."), ...), so the check cannot quietly stop working.
set -euo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "FAIL: $*"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the exact command make runs for a screen's object, its source and output replaced
cmd=$(make -n -B build/asan/obj/app/ui/screen_plan.o 2>/dev/null | grep -- ' -c app/ui/screen_plan.c' | head -1)
[ -n "$cmd" ] || fail "no compile command for app/ui/screen_plan.c from make -n"
case "$cmd" in *-Wformat-nonliteral*) ;; *) fail "app/ui is not compiled with -Wformat-nonliteral: $cmd" ;; esac
kiosk_cmd=$(make -n -B build/asan/obj/app/kiosk.o 2>/dev/null | grep -- ' -c app/kiosk.c' | head -1)
case "$kiosk_cmd" in *-Wformat-nonliteral*) ;; *) fail "app/kiosk.c is not compiled with -Wformat-nonliteral" ;; esac
compile() { # compile FILE: the build's command on FILE, syntax only
    local c=${cmd/ -c app\/ui\/screen_plan.c -o build\/asan\/obj\/app\/ui\/screen_plan.o/ -fsyntax-only $1}
    c=${c/-MMD -MP/}
    eval "$c"
}
n=0
for f in app/ui/*.c app/kiosk.c app/kiosk_words.c; do
    compile "$f" 2>"$work/log" || { sed 's/^/    /' "$work/log"; fail "$f: a format that is not a literal (compose it with i18n_phrase)"; }
    n=$((n + 1))
done
# planted: each way a translated format could reach printf must stop the build
i=0
for call in 'snprintf(b, sizeof b, _("Next %s"), "x");' \
    'const char *f = _("Step %d of 3"); snprintf(b, sizeof b, f, 1);' \
    'printf(_("Rest"));' \
    'fprintf(stderr, cond ? _("Note: %s") : _("Clear to lift: %s"), "x");'; do
    i=$((i + 1))
    cat >"$work/planted_$i.c" <<C
#include <stdio.h>
#include "$PWD/app/ui/i18n.h"
void planted(int cond);
void planted(int cond)
{
    char b[64];
    (void)cond;
    (void)b;
    $call
}
C
    if compile "$work/planted_$i.c" 2>"$work/log"; then
        fail "the build took a translated format to printf: $call"
    fi
    grep -q "format" "$work/log" || { cat "$work/log"; fail "planted call refused for another reason: $call"; }
done
echo "ui_formats: $n files compose no sentence with printf; $i planted calls refused"
