#!/usr/bin/env bash
# The package installed into a fresh Debian root as an operator installs it: `apt-get
# install ./rackside_VERSION_ARCH.deb` in a chroot of a debootstrap'd Debian (make debroot:
# made once under build/debroot/base and never written to; each run installs into an
# overlay of it, so every run starts from the same fresh root). apt fetches the runtime
# dependencies the package declares from Debian's archive and the maintainer scripts run
# in the root. Then: the rackside user and its groups exist, the kiosk and the backup
# timer are enabled, the config is in place as a conffile, the units pass
# `systemd-analyze verify` with the root's own systemd, and, with only what the package
# pulled in, the kiosk starts as the rackside user with the unit's command line (no
# screen and no devices here: its first frame shows the fault that names the simulated
# plate, as a fresh install must until the operator sets driver = hardware), and the
# nightly backup's script backs up a database rackside-ctl made.
# DEB_ARCH=arm64 (tests/arm64.sh) installs the arm64 package, whose libraries apt takes as
# a foreign architecture, and runs its programs in the root with a static qemu-aarch64
# (unpacked by make test-arm64): a library the package failed to depend on is missing.
# Needs root (or sudo without a password) for chroot and the overlay.
set -euo pipefail
build=${1:-build}
arch=${DEB_ARCH:-$(dpkg --print-architecture)}

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

if [ -z "${RACKSIDE_DEB_ROOT_NS:-}" ]; then
    if [ "$(id -u)" != 0 ]; then
        sudo -n true 2>/dev/null || fail "chroot and mount need root: run as root or with sudo"
        exec sudo -n env DEB_ARCH="$arch" bash "$0" "$@"
    fi
    # the fresh root, made once (debootstrap from Debian's archive)
    make --no-print-directory debroot BUILD="$build" >/tmp/rackside-debroot.$$.log 2>&1 ||
        fail "make debroot: $(tail -20 /tmp/rackside-debroot.$$.log)"
    rm -f /tmp/rackside-debroot.$$.log
    # mounts made below stay in a mount namespace of this test and go with it
    RACKSIDE_DEB_ROOT_NS=1 exec unshare --mount --propagation private --fork bash "$0" "$@"
fi

version=$(dpkg-parsechangelog -l debian/changelog -S Version)
deb=$build/deb/rackside_${version}_${arch}.deb
# tests/e2e/deb.sh builds it (and runs before this test); build it here when run alone
if [ ! -f "$deb" ]; then
    make --no-print-directory deb BUILD="$build" ARCH="$arch" >/dev/null 2>&1 || fail "make deb ARCH=$arch"
fi
base=$(realpath "$build/debroot/base")
cache=$(realpath "$build/debroot/apt-cache")
run=()
if [ "$arch" != "$(dpkg --print-architecture)" ]; then
    [ "$arch" = arm64 ] || fail "no way to run $arch programs here"
    qemu=$build/arm64/qemu-static/usr/bin/qemu-aarch64-static
    [ -x "$qemu" ] || fail "$qemu missing: make test-arm64 unpacks it"
    run=(/qemu-aarch64-static)
fi

work=$(mktemp -d "$PWD/$build/debroot/run.XXXXXX")
root=$work/root
cleanup() {
    umount -R "$root" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/upper" "$work/overlay-work" "$root"
mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/upper,workdir=$work/overlay-work" "$root"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/run"
mount --bind "$cache" "$root/var/cache/apt/archives"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# no service manager runs in a chroot; say "do not start services" as an image builder does
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cp "$deb" "$root/tmp/"
[ ${#run[@]} -eq 0 ] || cp "$qemu" "$root/qemu-aarch64-static"
in_root() { chroot "$root" "$@"; }

! in_root getent passwd rackside >/dev/null || fail "the fresh root already has a rackside user"
in_root apt-get update -qq >"$work/update.out" 2>&1 || fail "apt-get update in the root: $(tail -5 "$work/update.out")"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "/tmp/$(basename "$deb")" >"$work/install.out" 2>&1 ||
    fail "apt-get install ./$(basename "$deb") in a fresh root: $(tail -20 "$work/install.out")"
# apt's and dpkg's own warnings, and any word about rackside's scripts (an arm64 library's
# postinst that runs its own arm64 helper cannot here, with no emulator registered for
# the machine: that is Debian's script, and harmless for the test)
complaints=$(grep -E "^(W|E): |^dpkg: (warning|error)|rackside.*(warning|error|fail)" "$work/install.out" || true)
[ -z "$complaints" ] || fail "the install said: $complaints"
[ "$(in_root dpkg-query -W -f='${Status} ${Architecture}' rackside)" = "install ok installed $arch" ] ||
    fail "rackside is not installed for $arch: $(in_root dpkg-query -W -f='${Status} ${Architecture}' rackside)"
pulled=$(grep -c "^Unpacking " "$work/install.out" || true)

# what the maintainer scripts did
home=$(in_root getent passwd rackside | cut -d: -f6) || fail "no rackside user"
[ "$home" = /var/lib/rackside ] || fail "the rackside user's home is $home"
groups=" $(in_root id -nG rackside) "
for g in rackside video render input gpio plugdev audio; do
    case $groups in *" $g "*) ;; *) fail "rackside is not in group $g: $groups" ;; esac
done
for d in /var/lib/rackside /var/lib/rackside/backups; do
    owner=$(in_root stat -c '%U %a' "$d") || fail "no $d"
    [ "$owner" = "rackside 700" ] || fail "$d is $owner, not rackside's with mode 700"
done
for u in rackside.service rackside-backup.timer; do
    state=$(in_root systemctl is-enabled "$u" 2>&1) || true
    [ "$state" = enabled ] || fail "$u is '$state', not enabled"
done
cmp -s "$root/etc/rackside/rackside.conf" assets/config/rackside.conf || fail "/etc/rackside/rackside.conf is not the default"
case $(in_root dpkg-query -W -f='${Conffiles}' rackside) in
*"/etc/rackside/rackside.conf "*) ;;
*) fail "/etc/rackside/rackside.conf is not a conffile" ;;
esac
# the root's own systemd finds nothing to say about the installed units (man pages are
# checked by tests/e2e/systemd.sh: a root without man-db cannot look them up)
for u in rackside.service rackside-backup.service rackside-backup.timer; do
    in_root env SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no "$u" >"$work/verify.out" 2>&1 ||
        fail "systemd-analyze verify $u in the root: $(cat "$work/verify.out")"
    [ ! -s "$work/verify.out" ] || fail "systemd-analyze verify $u in the root: $(cat "$work/verify.out")"
done

# The kiosk starts as the rackside user with the unit's command line: no screen and no
# devices here, so its first frame is the fault for the simulated plate of the default config.
# systemd starts a service with a clean environment: nothing of this shell's (the test
# runner's RACKSIDE_ASSETS, say) may reach the installed kiosk.
clean_env=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8)
exec_line=$(sed -n 's/^ExecStart=//p' "$root/lib/systemd/system/rackside.service" "$root/usr/lib/systemd/system/rackside.service" 2>/dev/null | head -1)
read -r -a exec_argv <<<"$exec_line"
in_root runuser -u rackside -- sh -c 'echo $$ >/tmp/kiosk.pid; exec "$@"' sh \
    "${clean_env[@]}" SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy "${run[@]}" "${exec_argv[@]}" >"$work/kiosk.out" 2>&1 &
kpid=$!
for _ in $(seq 1 600); do
    grep -q "ready:" "$work/kiosk.out" && break
    kill -0 "$kpid" 2>/dev/null || break
    sleep 0.1
done
kiosk=$(cat "$root/tmp/kiosk.pid" 2>/dev/null) || fail "the kiosk did not start: $(cat "$work/kiosk.out")"
stop_kiosk() { # SIGTERM as systemd sends it, SIGKILL if it is still there 20 s later
    kill -TERM "$kiosk" 2>/dev/null || true
    for _ in $(seq 1 200); do kill -0 "$kpid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$kiosk" 2>/dev/null || true
}
grep -q "ready: first frame" "$work/kiosk.out" || { stop_kiosk; fail "the installed kiosk did not start: $(cat "$work/kiosk.out")"; }
grep -q "out of service:.*load plate is set to a simulator" "$work/kiosk.out" ||
    { stop_kiosk; fail "the kiosk's first frame is not the simulated plate's fault: $(cat "$work/kiosk.out")"; }
stop_kiosk
wait "$kpid" || fail "the installed kiosk did not stop cleanly on SIGTERM: $(tail -3 "$work/kiosk.out")"
grep -q "rackside: stopped:" "$work/kiosk.out" || fail "the kiosk did not stop through its frame loop: $(tail -3 "$work/kiosk.out")"

# the nightly backup, as its service runs it: rackside-ctl makes the database, the
# backup script copies it (RACKSIDE_CTL: an arm64 rackside-ctl runs through qemu)
ctl=/usr/bin/rackside-ctl
if [ ${#run[@]} -gt 0 ]; then
    printf '#!/bin/sh\nexec /qemu-aarch64-static /usr/bin/rackside-ctl "$@"\n' >"$root/usr/local/bin/rackside-ctl-arm64"
    chmod 755 "$root/usr/local/bin/rackside-ctl-arm64"
    ctl=/usr/local/bin/rackside-ctl-arm64
fi
in_root runuser -u rackside -- "$ctl" --data-dir /var/lib/rackside member add "Robin Park" >"$work/ctl.out" 2>&1 ||
    fail "rackside-ctl member add as rackside: $(cat "$work/ctl.out")"
in_root runuser -u rackside -- "${clean_env[@]}" RACKSIDE_CTL="$ctl" /usr/libexec/rackside/rackside-backup >"$work/backup.out" 2>&1 ||
    fail "the backup script as rackside: $(cat "$work/backup.out")"
copies=("$root"/var/lib/rackside/backups/rackside-*.db)
[ -f "${copies[0]}" ] || fail "no backup in /var/lib/rackside/backups: $(cat "$work/backup.out")"
[ "$(sqlite3 "${copies[0]}" "select count(*) from members where name = 'Robin Park'")" = 1 ] ||
    fail "the backup lacks the member rackside-ctl added"
echo "deb root ok: $deb installed into a fresh Debian root with $pulled packages from the archive"
