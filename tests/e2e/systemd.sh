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
echo "systemd unit ok"
