#!/usr/bin/env bash
# The kiosk's systemd unit passes `systemd-analyze verify` without a single warning, and
# the command line it starts is one the built kiosk accepts.
#
# The unit is checked unchanged, as it will be installed: inside a temporary root that
# holds the unit in /etc/systemd/system, the built kiosk at the /usr/bin/rackside the
# unit names, and a copy of this system's own units (the targets and services it orders
# itself against). So verify checks the real ExecStart path, the real dependencies and
# every key, instead of a rewritten copy.
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
mkdir -p "$root/usr/lib/systemd" "$root/etc/systemd/system" "$root$(dirname "$exec_path")"
cp -a "$units_dir" "$root/usr/lib/systemd/system"
cp "$unit_src" "$root/etc/systemd/system/$unit"
cp "$bin" "$root$exec_path"

# verify exits 0 after many warnings (unknown keys, bad values): any output is a failure.
rc=0
systemd-analyze verify --root="$root" "$unit" >"$work/verify.out" 2>&1 || rc=$?
if [ "$rc" -ne 0 ] || [ -s "$work/verify.out" ]; then
    sed 's/^/    /' "$work/verify.out" >&2
    fail "systemd-analyze verify on $unit_src: exit $rc, $(grep -c . "$work/verify.out") line(s) of output"
fi

# Prove the check can fail: the same root without the kiosk binary must be refused.
rm "$root$exec_path"
if systemd-analyze verify --root="$root" "$unit" >"$work/neg.out" 2>&1 && [ ! -s "$work/neg.out" ]; then
    fail "verify did not notice a missing $exec_path: the check above proves nothing"
fi

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
