#!/usr/bin/env bash
# `make install` with PREFIX and DESTDIR: every file lands where its PREFIX says, the
# installed units and scripts name the installed paths, the installed kiosk finds its
# fonts from its own directory and starts, an operator's config survives a second
# install, the man pages render without warnings and document every option and command
# the programs accept, and the release build takes CFLAGS/CPPFLAGS/LDFLAGS from outside
# without losing -Werror.
set -euo pipefail
build=${1:-build}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
unset RACKSIDE_ASSETS

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

dest=$work/dest
prefix=/opt/rs
make --no-print-directory -s install BUILD="$build" DESTDIR="$dest" PREFIX="$prefix" \
    >"$work/install.log" 2>&1 || fail "make install: $(cat "$work/install.log")"

for f in bin/rackside bin/rackside-ctl libexec/rackside/rackside-backup; do
    [ -x "$dest$prefix/$f" ] || fail "$prefix/$f is not installed as a program"
done
for f in share/rackside/fonts/DejaVuSans.ttf share/rackside/fonts/DejaVuSans-Bold.ttf \
    share/rackside/fonts/LICENSE-DejaVu.txt share/doc/rackside/examples/rackside.conf \
    share/man/man1/rackside.1 share/man/man1/rackside-ctl.1 \
    share/rackside/locale/es/LC_MESSAGES/rackside-es.mo share/rackside/locale/de/LC_MESSAGES/rackside-de.mo \
    share/rackside/catalogue/exercises.conf share/rackside/catalogue/warmup.conf \
    share/rackside/catalogue/figures.conf share/rackside/catalogue/plates.conf \
    lib/systemd/system/rackside.service lib/systemd/system/rackside-backup.service \
    lib/systemd/system/rackside-backup.timer lib/udev/rules.d/70-rackside.rules \
    lib/sysusers.d/rackside.conf lib/tmpfiles.d/rackside.conf; do
    [ -f "$dest$prefix/$f" ] || fail "$prefix/$f is not installed"
done
[ -f "$dest/etc/rackside/rackside.conf" ] || fail "/etc/rackside/rackside.conf is not installed"
cmp -s "$dest/etc/rackside/rackside.conf" assets/config/rackside.conf ||
    fail "the installed config is not the default one"

# the installed units and the backup script run the installed programs
for u in rackside.service rackside-backup.service; do
    exe=$(sed -n 's/^ExecStart=[-@:+!]*\([^ ]*\).*/\1/p' "$dest$prefix/lib/systemd/system/$u")
    case $exe in
    "$prefix"/*) [ -x "$dest$exe" ] || fail "$u runs $exe, which is not installed" ;;
    *) fail "$u runs $exe, outside PREFIX $prefix" ;;
    esac
done
grep -q "^ctl=\${RACKSIDE_CTL:-$prefix/bin/rackside-ctl}" "$dest$prefix/libexec/rackside/rackside-backup" ||
    fail "the backup script does not run $prefix/bin/rackside-ctl"
if grep -rq "/usr/bin/rackside\|/usr/libexec/rackside" "$dest$prefix/lib" "$dest$prefix/libexec"; then
    fail "an installed unit or script still names /usr/bin or /usr/libexec"
fi

# an operator's settings are kept by the next install
echo "# changed by the operator" >>"$dest/etc/rackside/rackside.conf"
make --no-print-directory -s install BUILD="$build" DESTDIR="$dest" PREFIX="$prefix" >/dev/null 2>&1 ||
    fail "second make install"
grep -q "changed by the operator" "$dest/etc/rackside/rackside.conf" ||
    fail "a second install overwrote /etc/rackside/rackside.conf"

# The installed kiosk, started from elsewhere with no RACKSIDE_ASSETS, finds the fonts
# in PREFIX/share/rackside (it cannot start without them) and draws its first frame.
(cd "$work" && exec timeout 60 "$dest$prefix/bin/rackside" --data-dir "$work/data" \
    --config "$dest/etc/rackside/rackside.conf") 2>"$work/kiosk.err" &
pid=$!
for _ in $(seq 1 300); do
    grep -q "ready:" "$work/kiosk.err" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
grep -q "ready:" "$work/kiosk.err" || fail "the installed kiosk did not start: $(cat "$work/kiosk.err")"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
[ "$status" -eq 0 ] || fail "the installed kiosk exited $status on SIGTERM"

# man pages: no groff warnings, and every option and command the programs list
for page in rackside rackside-ctl; do
    src=$dest$prefix/share/man/man1/$page.1
    LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$src" >"$work/$page.txt" 2>"$work/$page.warn" ||
        fail "man -l $page.1 failed"
    [ ! -s "$work/$page.warn" ] || fail "$page.1 has warnings: $(cat "$work/$page.warn")"
done
opts=$("$build/rackside" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
[ -n "$opts" ] || fail "rackside --help lists no options"
for o in $opts; do
    grep -qF -- "$o" "$work/rackside.txt" || fail "rackside(1) does not document $o (rackside --help lists it): add it to man/rackside.1"
done
cmds=$("$build/rackside-ctl" help | sed -n 's/^  \([a-z][a-z-]*\( [a-z][a-z]*\)\?\) .*/\1/p' |
    sed 's/ [A-Z].*//' | sort -u)
[ "$(printf '%s\n' "$cmds" | grep -c .)" -ge 8 ] || fail "could not read the commands from rackside-ctl help"
while read -r cmd; do
    grep -qF -- "$cmd" "$work/rackside-ctl.txt" || fail "rackside-ctl(1) does not document '$cmd' (rackside-ctl help lists it): add it to man/rackside-ctl.1"
done <<<"$cmds"
for o in $("$build/rackside-ctl" help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    grep -qF -- "$o" "$work/rackside-ctl.txt" || fail "rackside-ctl(1) does not document $o (rackside-ctl help lists it): add it to man/rackside-ctl.1"
done

# Flags from the environment reach the release build; the project's -Werror follows them.
line=$(CFLAGS="-O1 -fstack-protector-strong" CPPFLAGS="-D_FORTIFY_SOURCE=2" \
    make --no-print-directory -n -B BUILD="$work/flags" "$work/flags/obj/app/config.o" | grep -- ' -c ')
case $line in
*"-D_FORTIFY_SOURCE=2 -O1 -fstack-protector-strong"*"-Werror"*) ;;
*) fail "CPPFLAGS/CFLAGS from the environment are not passed before the warnings: $line" ;;
esac
line=$(LDFLAGS="-Wl,-z,now" make --no-print-directory -n -B BUILD="$work/flags" "$work/flags/rackside" |
    grep -- '-o .*/rackside$')
case $line in
*"-Wl,-z,now"*) ;;
*) fail "LDFLAGS from the environment do not reach the link: $line" ;;
esac
echo "make install ok"
