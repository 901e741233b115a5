#!/usr/bin/env bash
# The kiosk's systemd units pass `systemd-analyze verify` without a single warning, and
# the command line the kiosk unit starts is one the built kiosk accepts.
#
# The units are checked as they are installed: `make install` with PREFIX=/usr into a
# temporary root that also holds a copy of this system's own units (the targets and
# services they order themselves against). So verify checks the real ExecStart paths,
# the man pages named by Documentation=, the real dependencies and every key.
set -euo pipefail
build=${1:-build}
unit_src=systemd/rackside.service
unit=$(basename "$unit_src")
bin="$build/rackside"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

command -v systemd-analyze >/dev/null || fail "systemd-analyze not found: install the systemd package"
[ -f "$unit_src" ] || fail "$unit_src not found (run from the top of the tree)"
[ -x "$bin" ] || fail "$bin not built"

exec_line=$(sed -n 's/^ExecStart=//p' "$unit_src")
[ "$(printf '%s\n' "$exec_line" | grep -c .)" -eq 1 ] || fail "expected one ExecStart= line"
exec_line=${exec_line#[-@:+!]}
read -r -a exec_argv <<<"$exec_line"
exec_path=${exec_argv[0]}
case "$exec_path" in
/*) ;;
*) fail "ExecStart= must name an absolute path, not '$exec_path'" ;;
esac

root="$work/root"
units_dir=
for d in /usr/lib/systemd/system /lib/systemd/system; do
    [ -f "$d/multi-user.target" ] && units_dir=$d && break
done
[ -n "$units_dir" ] || fail "no systemd unit directory with multi-user.target on this machine"
mkdir -p "$root/usr/lib/systemd"
cp -a "$units_dir" "$root/usr/lib/systemd/system"
make --no-print-directory -s install BUILD="$build" DESTDIR="$root" PREFIX=/usr \
    UNITDIR=/etc/systemd/system >"$work/install.log" 2>&1 || fail "make install: $(cat "$work/install.log")"
[ -x "$root$exec_path" ] || fail "the unit starts $exec_path, which make install did not put there"
installed_units=$(cd systemd && ls *.service *.timer)
# Documentation=man:... is checked by running man: point it at the installed pages
export MANPATH=$root/usr/share/man

# verify exits 0 after many warnings (unknown keys, bad values): any output is a failure.
for u in $installed_units; do
    rc=0
    systemd-analyze verify --root="$root" "$u" >"$work/verify.out" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$work/verify.out" ]; then
        sed 's/^/    /' "$work/verify.out" >&2
        fail "systemd-analyze verify on $u: exit $rc, $(grep -c . "$work/verify.out") line(s) of output"
    fi
done

# Prove the check can fail: the same root without the kiosk binary must be refused.
mv "$root$exec_path" "$work/kept"
if systemd-analyze verify --root="$root" "$unit" >"$work/neg.out" 2>&1 && [ ! -s "$work/neg.out" ]; then
    fail "verify did not notice a missing $exec_path: the check above proves nothing"
fi
mv "$work/kept" "$root$exec_path"

# Hardening: `systemd-analyze security` rates every installed service at 3.5 or less.
max_exposure=3.5
for u in $installed_units; do
    case $u in *.service) ;; *) continue ;; esac
    systemd-analyze security --offline=true --root="$root" "$u" >"$work/security.out" 2>&1 ||
        fail "systemd-analyze security on $u: $(tail -5 "$work/security.out")"
    exposure=$(sed -n "s/^→ Overall exposure level for $u: \([0-9.]*\) .*/\1/p" "$work/security.out")
    [ -n "$exposure" ] || fail "no exposure level for $u in: $(tail -3 "$work/security.out")"
    awk -v e="$exposure" -v m="$max_exposure" 'BEGIN { exit !(e <= m) }' ||
        fail "$u: exposure $exposure, above $max_exposure: $(grep '✗' "$work/security.out")"
    echo "$u: exposure $exposure"
done

# ...without taking what the kiosk needs: the notify/watchdog protocol, real-time
# priority for the plate thread, and the devices it drives.
need() { grep -q "^$1\$" "$root/etc/systemd/system/$unit" || fail "$unit lacks '$1'"; }
need "Type=notify"
need "WatchdogSec=10"
need "LimitRTPRIO=20"
need "DevicePolicy=closed"
for dev in char-drm char-input char-usb_device char-gpiochip char-alsa; do need "DeviceAllow=$dev rw"; done
if grep -q "^RestrictRealtime=yes" "$root/etc/systemd/system/$unit"; then
    fail "RestrictRealtime=yes would refuse the plate thread SCHED_FIFO"
fi
grep -q "^RestrictAddressFamilies=.*AF_NETLINK" "$root/etc/systemd/system/$unit" ||
    fail "without AF_NETLINK udev hotplug (bar unit, badge reader) cannot reach the kiosk"

# The system call filter lets through every call the kiosk makes: it is run under strace
# (start, first frame, SIGTERM) and each call it made must be in the unit's filter.
command -v strace >/dev/null || fail "strace not found: make deps-test installs it"
expand() { # the calls in a filter set, groups expanded
    systemd-analyze syscall-filter "$1" | sed -n 's/^    \([^# ][^ ]*\).*$/\1/p' | while read -r x; do
        case $x in @*) expand "$x" ;; *) echo "$x" ;; esac
    done
}
: >"$work/allow"
: >"$work/deny"
while read -r line; do
    case $line in
    "~"*) for g in ${line#\~}; do expand "$g"; done >>"$work/deny" ;;
    *) for g in $line; do case $g in @*) expand "$g" ;; *) echo "$g" ;; esac; done >>"$work/allow" ;;
    esac
done < <(sed -n 's/^SystemCallFilter=//p' "$unit_src")
sort -u -o "$work/allow" "$work/allow"
sort -u -o "$work/deny" "$work/deny"
comm -23 "$work/allow" "$work/deny" >"$work/allowed"
grep -qx sched_setscheduler "$work/allowed" || fail "the filter refuses sched_setscheduler (the plate thread)"
SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy strace -f -qq -o "$work/trace" \
    "$bin" --data-dir "$work/straced" 2>"$work/straced.err" &
spid=$!
for _ in $(seq 1 300); do
    grep -q "ready:" "$work/straced.err" 2>/dev/null && break
    sleep 0.1
done
grep -q "ready:" "$work/straced.err" || { kill "$spid"; fail "the kiosk did not start under strace"; }
kill -TERM "$(pgrep -P "$spid")"
wait "$spid" || fail "the kiosk under strace did not exit cleanly: $(tail -3 "$work/straced.err")"
grep -oE '^[0-9]+ +[a-z0-9_]+\(' "$work/trace" | sed -E 's/^[0-9]+ +//; s/\($//' | sort -u >"$work/used"
[ "$(wc -l <"$work/used")" -ge 20 ] || fail "strace saw only $(wc -l <"$work/used") system calls"
refused=$(comm -23 "$work/used" "$work/allowed" | tr '\n' ' ')
[ -z "$refused" ] || fail "the unit's SystemCallFilter would refuse: $refused"

# The kiosk parses every option the unit passes (--help last: parse them all, then stop).
if ! "$bin" "${exec_argv[@]:1}" --help >"$work/help.out" 2>&1; then
    sed 's/^/    /' "$work/help.out" >&2
    fail "the kiosk refuses the unit's command line: ${exec_argv[*]:1}"
fi
# The user and groups the unit runs with are made by sysusers.d: that file must parse
# and make the user and every supplementary group the unit names.
sysusers=systemd/sysusers.d/rackside.conf
mkdir -p "$work/sysroot/etc"
: >"$work/sysroot/etc/passwd"
: >"$work/sysroot/etc/group"
systemd-sysusers --root="$work/sysroot" --dry-run "$PWD/$sysusers" >"$work/sysusers.out" 2>&1 ||
    fail "systemd-sysusers refuses $sysusers: $(cat "$work/sysusers.out")"
if grep -qi "ignoring\|failed\|invalid" "$work/sysusers.out"; then
    fail "systemd-sysusers complains about $sysusers: $(cat "$work/sysusers.out")"
fi
for name in $(sed -n 's/^SupplementaryGroups=//p' "$unit_src") rackside; do
    grep -q "^[gum] $name \|^m rackside $name\$" "$sysusers" ||
        fail "$sysusers does not make '$name', which $unit_src needs"
done
echo "systemd units ok"
