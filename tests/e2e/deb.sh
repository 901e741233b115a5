#!/usr/bin/env bash
# The Debian package: `make deb` builds build/deb/rackside_VERSION_ARCH.deb, lintian
# finds no error in it, and installed with its maintainer scripts into a scratch root
# (dpkg --root, scripts run chrootless with DPKG_ROOT, as for a new system's image) it
# creates the rackside user and its groups, the state directory, enables the kiosk and
# the backup timer, puts binaries, units, rules, assets, licences, config and man pages
# in place, keeps an operator's config over an upgrade and on remove, and purges cleanly.
set -euo pipefail
build=${1:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

for tool in dpkg-buildpackage dh lintian systemd-sysusers systemd-tmpfiles deb-systemd-helper; do
    command -v "$tool" >/dev/null || fail "$tool not found: make deps-test installs it"
done
# DEB_ARCH=arm64 checks the cross-built package (make test-arm64 does)
arch=${DEB_ARCH:-$(dpkg --print-architecture)}
make --no-print-directory deb BUILD="$build" ARCH="$arch" >"$work/make.log" 2>&1 ||
    fail "make deb ARCH=$arch: $(tail -20 "$work/make.log")"
run=()
if [ "$arch" != "$(dpkg --print-architecture)" ]; then
    run=(qemu-aarch64 -L /)
    [ "$arch" = arm64 ] || fail "no way to run $arch programs here"
fi
version=$(dpkg-parsechangelog -l debian/changelog -S Version)
deb=$build/deb/rackside_${version}_${arch}.deb
[ -f "$deb" ] || fail "make deb did not make $deb"

lintian --fail-on error "$deb" >"$work/lintian.out" 2>&1 ||
    fail "lintian: $(cat "$work/lintian.out")"

# the runtime dependencies come from the libraries the binaries link (shlibs)
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libsdl2-2.0-0 libsqlite3-0 libgpiod libusb-1.0-0 libevdev2 libc6 fonts-dejavu-core; do
    case $depends in *"$lib"*) ;; *) fail "Depends lacks $lib: $depends" ;; esac
done
[ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ] || fail "the package is not for $arch"

root=$work/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/usr/sbin" "$root/etc"
: >"$root/var/lib/dpkg/status"
# "do not start services here": the word deb-systemd-invoke asks for before starting
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"

# The scripts start services only where systemd runs; hide it so that they touch
# nothing but the scratch root, whatever machine the test runs on.
in_scratch() {
    if [ -d /run/systemd/system ]; then
        unshare --mount sh -c 'mount -t tmpfs tmpfs /run/systemd && exec "$@"' sh "$@"
    else
        "$@"
    fi
}
dpkg_root() {
    in_scratch dpkg --root="$root" --force-script-chrootless --force-depends --force-not-root \
        --force-architecture --log=/dev/null "$@"
}
dpkg_root -i "$deb" >"$work/install.out" 2>&1 || fail "dpkg -i into a scratch root: $(cat "$work/install.out")"
status=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Status}' rackside)
[ "$status" = "install ok installed" ] || fail "rackside is '$status' after install"

# contents
for f in usr/bin/rackside usr/bin/rackside-ctl usr/libexec/rackside/rackside-backup; do
    [ -x "$root/$f" ] || fail "/$f is not installed as a program"
done
# (output kept whole before grep: grep -q quits at its match, and under pipefail the
# program's next write would then fail the check with SIGPIPE)
kiosk_help=$("${run[@]}" "$root/usr/bin/rackside" --help) || fail "the packaged kiosk does not run"
grep -q -- "--data-dir" <<<"$kiosk_help" || fail "the packaged kiosk's --help says nothing of --data-dir"
ctl_help=$("${run[@]}" "$root/usr/bin/rackside-ctl" help) || fail "the packaged rackside-ctl does not run"
grep -q "backup FILE" <<<"$ctl_help" || fail "the packaged rackside-ctl's help says nothing of backup"
file -L "$root/usr/bin/rackside" | grep -q "$([ "$arch" = arm64 ] && echo aarch64 || echo x86-64)" ||
    fail "/usr/bin/rackside is not an $arch program: $(file -L "$root/usr/bin/rackside")"
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd)
rulesdir=${unitdir%/systemd/system}/udev/rules.d
for f in "$unitdir/rackside.service" "$unitdir/rackside-backup.service" \
    "$unitdir/rackside-backup.timer" "$rulesdir/70-rackside.rules" \
    /usr/lib/sysusers.d/rackside.conf /usr/lib/tmpfiles.d/rackside.conf \
    /usr/share/rackside/fonts/LICENSE-DejaVu.txt /usr/share/doc/rackside/copyright \
    /usr/share/doc/rackside/examples/rackside.conf /usr/share/man/man1/rackside.1.gz \
    /usr/share/man/man1/rackside-ctl.1.gz /etc/rackside/rackside.conf; do
    [ -f "$root$f" ] || fail "$f is not installed"
done
for font in DejaVuSans.ttf DejaVuSans-Bold.ttf; do
    target=$(readlink -m "$root/usr/share/rackside/fonts/$font")
    [ "${target#"$root"}" = "/usr/share/fonts/truetype/dejavu/$font" ] ||
        fail "$font does not point at fonts-dejavu-core's copy: $target"
done
grep -q "Bitstream Vera" "$root/usr/share/doc/rackside/copyright" || fail "the copyright file lacks the fonts' licence"
cmp -s "$root/etc/rackside/rackside.conf" assets/config/rackside.conf || fail "/etc/rackside/rackside.conf is not the default"
conffiles=$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Conffiles}' rackside)
case $conffiles in *"/etc/rackside/rackside.conf "*) ;; *) fail "the config is not a conffile: $conffiles" ;; esac
grep -q '^ExecStart=/usr/bin/rackside ' "$root$unitdir/rackside.service" || fail "the unit does not run /usr/bin/rackside"

# what the maintainer scripts did: user, groups, state directory, enabled units
grep -q '^rackside:x:[0-9]*:[0-9]*:[^:]*:/var/lib/rackside:' "$root/etc/passwd" ||
    fail "no rackside user with home /var/lib/rackside: $(cat "$root/etc/passwd")"
for g in video render input gpio plugdev audio; do
    grep -Eq "^$g:x:[0-9]+:(.*,)?rackside(,|$)" "$root/etc/group" || fail "rackside is not in group $g"
done
uid=$(sed -n 's/^rackside:x:\([0-9]*\):.*/\1/p' "$root/etc/passwd")
for d in /var/lib/rackside /var/lib/rackside/backups; do
    [ "$(stat -c '%u %a' "$root$d")" = "$uid 700" ] || fail "$d is not the rackside user's, mode 700: $(stat -c '%u %a' "$root$d")"
done
[ -L "$root/etc/systemd/system/multi-user.target.wants/rackside.service" ] || fail "rackside.service is not enabled"
[ -L "$root/etc/systemd/system/timers.target.wants/rackside-backup.timer" ] || fail "the backup timer is not enabled"
# The postinst makes the user before the directories it owns and before enabling the
# units, and starts them through deb-systemd-invoke, which asks policy-rc.d first.
dpkg-deb -e "$deb" "$work/control"
order=$(grep -n -o 'systemd-sysusers\|systemd-tmpfiles\|deb-systemd-helper enable\|deb-systemd-invoke' \
    "$work/control/postinst" | cut -d: -f2 | uniq | tr '\n' ',')
[ "$order" = "systemd-sysusers,systemd-tmpfiles,deb-systemd-helper enable,deb-systemd-invoke," ] ||
    fail "postinst steps out of order: $order"
grep -q "deb-systemd-invoke \$_dh_action 'rackside-backup.timer' 'rackside.service'" "$work/control/postinst" ||
    fail "postinst does not start the kiosk and the timer"

# an upgrade (the same package again) keeps the operator's config, and so does remove
echo "# set by the operator" >>"$root/etc/rackside/rackside.conf"
dpkg_root -i "$deb" >"$work/upgrade.out" 2>&1 || fail "dpkg -i over itself: $(cat "$work/upgrade.out")"
grep -q "set by the operator" "$root/etc/rackside/rackside.conf" || fail "the upgrade replaced the operator's config"
dpkg_root -r rackside >"$work/remove.out" 2>&1 || fail "dpkg -r: $(cat "$work/remove.out")"
[ ! -e "$root/usr/bin/rackside" ] || fail "remove left /usr/bin/rackside"
grep -q "set by the operator" "$root/etc/rackside/rackside.conf" || fail "remove took the operator's config"
[ -d "$root/var/lib/rackside" ] || fail "remove took the database directory"
dpkg_root --purge rackside >"$work/purge.out" 2>&1 || fail "dpkg --purge: $(cat "$work/purge.out")"
[ ! -e "$root/etc/rackside/rackside.conf" ] || fail "purge left the config"
[ ! -e "$root/etc/systemd/system/multi-user.target.wants/rackside.service" ] || fail "purge left the unit enabled"
echo "deb ok: $deb"
