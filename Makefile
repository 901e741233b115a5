# rackside: `make run` builds and starts the kiosk on simulated devices,
# `make test` builds with ASan/UBSan and runs every test. Both install what they need.

CC      ?= cc
AR      ?= ar
PKG_CONFIG ?= pkg-config
BUILD   := build
PKGS    := sdl2 SDL2_ttf SDL2_image sqlite3 zlib libdeflate inih libsodium json-c libgpiod libusb-1.0 \
           libevdev glib-2.0

# Debian packages: what building and running needs, and what testing adds.
RUN_DEBS  := build-essential pkg-config libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev \
             libsqlite3-dev zlib1g-dev libdeflate-dev libinih-dev libsodium-dev libjson-c-dev libcsv-dev \
             libgpiod-dev libusb-1.0-0-dev libevdev-dev libglib2.0-dev gettext
TEST_DEBS := $(RUN_DEBS) libcmocka-dev sqlite3 xvfb xauth xdotool python3 umockdev libumockdev-dev \
             evemu-tools \
             clang libclang-rt-dev llvm systemd debhelper dpkg-dev lintian man-db strace udev file
BENCH_DEBS := $(RUN_DEBS) valgrind libcmocka-dev

PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-missing-field-initializers
CSTD    := -std=c11 -D_GNU_SOURCE
# The release build takes CFLAGS, CPPFLAGS and LDFLAGS from the environment (a distribution's
# hardening flags); the project's warnings come after them, so -Werror always holds.
CFLAGS  ?= -O2 -g
RELEASE_FLAGS = $(CPPFLAGS) $(CFLAGS)
ASAN_FLAGS    := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

# libgpiod 1.x (Debian 12) and 2.x (Debian 13) differ: one thin file per API, chosen here.
GPIOD_API = $(shell $(PKG_CONFIG) --modversion libgpiod 2>/dev/null | cut -d. -f1)
GPIOD_SRC = $(if $(filter 2,$(GPIOD_API)),app/dev/gpio_gpiod2.c,app/dev/gpio_gpiod1.c)
LIB_SRC = $(filter-out app/dev/gpio_gpiod%.c,$(wildcard app/core/*.c app/dev/*.c app/store/*.c \
            app/ui/*.c firmware/proto/*.c firmware/core/*.c)) \
          $(wildcard $(GPIOD_SRC)) app/config.c app/kiosk.c app/kiosk_words.c app/notify.c app/pixel_probe.c app/scenario.c app/wake.c \
          app/scenario_file.c app/catalogue_files.c
KIOSK_MAIN := app/main.c
CTL_SRC    := $(wildcard app/ctl/*.c)
TEST_SRC   := $(wildcard tests/unit/test_*.c)
BENCH_SRC  := $(wildcard tests/bench/bench_*.c)

.PHONY: all build run test bench deps deps-test deps-bench clean format

# keep objects make would otherwise delete as intermediates
.SECONDARY:

all: deps
	$(MAKE) --no-print-directory build

# the release binaries alone, with no package check: for packaging and machines that
# already have the build dependencies
build: $(BUILD)/rackside $(BUILD)/rackside-ctl

# --- dependencies: install missing Debian packages (through sudo when not root) ---
# apt and dpkg take one lock each and fail at once when another holds it: under make -j
# two deps-* targets (and the arm64 downloads) may run side by side, so every call that
# installs, updates or downloads waits for this lock first
APT_LOCK := flock /tmp/rackside-apt.lock
define install_debs
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  if [ -n "$$SUDO" ] && ! command -v sudo >/dev/null; then \
	    echo "missing packages:$$missing; run as root or install sudo" >&2; exit 1; \
	  fi; \
	  $(APT_LOCK) sh -c "$$SUDO apt-get update -qq && \
	    $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing"; \
	fi
endef

deps:
	$(call install_debs,$(RUN_DEBS))

deps-test:
	$(call install_debs,$(TEST_DEBS))

deps-bench:
	$(call install_debs,$(BENCH_DEBS))

# --- one object tree per flavour ---
# $(1): flavour name, $(2): output dir, $(3): compile flags, $(4): link flags
define flavour
$(2)/obj/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CSTD) $(3) $$(WARN) $$(PKG_CFLAGS) -MMD -MP -c $$< -o $$@

$(2)/librackside.a: $$(patsubst %.c,$(2)/obj/%.o,$$(LIB_SRC))
	@rm -f $$@
	$$(AR) rcs $$@ $$^

$(2)/rackside: $(2)/obj/app/main.o $(2)/librackside.a
	$$(CC) $(3) $(4) $$^ $$(PKG_LIBS) -o $$@

$(2)/rackside-ctl: $$(patsubst %.c,$(2)/obj/%.o,$$(CTL_SRC)) $(2)/librackside.a
	$$(CC) $(3) $(4) $$^ $$(PKG_LIBS) -o $$@

$(2)/tools/gen-plate: $(2)/obj/tools/gen_plate.o $(2)/librackside.a
	@mkdir -p $$(dir $$@)
	$$(CC) $(3) $$^ $$(PKG_LIBS) -o $$@

$(2)/tools/plate-eval: $(2)/obj/tools/plate_eval.o $(2)/librackside.a
	@mkdir -p $$(dir $$@)
	$$(CC) $(3) $$^ $$(PKG_LIBS) -o $$@

$(2)/tests/%: $(2)/obj/tests/unit/%.o $(2)/librackside.a
	@mkdir -p $$(dir $$@)
	$$(CC) $(3) $(4) $$^ $$(PKG_LIBS) -lcmocka -o $$@

$(2)/tools/%: $(2)/obj/tests/tools/%.o $(2)/librackside.a
	@mkdir -p $$(dir $$@)
	$$(CC) $(3) $$^ $$(PKG_LIBS) -o $$@

$(2)/bench/%: $(2)/obj/tests/bench/%.o $(2)/librackside.a
	@mkdir -p $$(dir $$@)
	$$(CC) $(3) $(4) $$^ $$(PKG_LIBS) -o $$@

# the render bench draws the layout test's own states (tests/unit/test_ui.c compiled in)
$(2)/bench/bench_render: $(2)/obj/tests/bench/bench_render.o $(2)/librackside.a
	@mkdir -p $$(dir $$@)
	$$(CC) $(3) $(4) $$^ $$(PKG_LIBS) -lcmocka -o $$@
endef

$(eval $(call flavour,build,$(BUILD),$(RELEASE_FLAGS),$(LDFLAGS)))
$(eval $(call flavour,asan,$(BUILD)/asan,$(ASAN_FLAGS)))
# the screens and the kiosk compose sentences from translated formats with phrase.h's
# substitution, never printf: a format that is not a literal stops the build
# (tests/e2e/ui_formats.sh shows the check catches one)
UI_FORMAT_WARN := -Wformat-nonliteral -Wformat-security
$(BUILD)/obj/app/ui/%.o $(BUILD)/asan/obj/app/ui/%.o $(BUILD)/obj/app/kiosk.o \
    $(BUILD)/asan/obj/app/kiosk.o $(BUILD)/obj/app/kiosk_words.o \
    $(BUILD)/asan/obj/app/kiosk_words.o: WARN += $(UI_FORMAT_WARN)

TESTS_ASAN := $(patsubst tests/unit/%.c,$(BUILD)/asan/tests/%,$(TEST_SRC))
BENCHES    := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))

run: all
	$(BUILD)/rackside $(ARGS)

# one make for everything the tests build (each part below adds to TEST_BUILD), as for the
# benches; the arm64 build is a tree of its own (test-arm64). The bench programs are built
# (not run): one that no longer compiles against the code it measures fails here, not first
# in `make bench`.
test: deps-test
	$(MAKE) --no-print-directory $(BUILD)/rackside $(BUILD)/rackside-ctl \
	  $(BUILD)/asan/rackside $(BUILD)/asan/rackside-ctl $(TESTS_ASAN) $(FUZZERS) $(TOOLS) \
	  $(BENCHES) \
	  $(BUILD)/tools/power_loss_writer $(BUILD)/tools/gen-plate $(BUILD)/tools/plate-eval \
	  $(TEST_BUILD)
	tests/run $(BUILD)

# one make for everything the benches need (each part below adds to BENCH_BUILD): separate
# makes side by side under -j2 would build the same objects and archive at once
bench: deps-bench
	$(MAKE) --no-print-directory $(BENCHES) $(BUILD)/rackside $(TOOLS) $(BENCH_BUILD)
	tests/bench/run $(BUILD)

# --- languages: assets/i18n/LANG.po, compiled by gettext's msgfmt into
# build/locale/LANG/LC_MESSAGES/rackside-LANG.mo, one text domain per language so that
# each lifter's language is a lookup, not a change of the process's environment (the kiosk
# finds them beside itself, installed under share/rackside/locale). tests/e2e/i18n.sh
# reports strings missing from a catalogue. ---
LANGS     := $(basename $(notdir $(wildcard assets/i18n/*.po)))
LOCALE_MO := $(foreach l,$(LANGS),$(BUILD)/locale/$(l)/LC_MESSAGES/rackside-$(l).mo)
.PHONY: locale
locale: $(LOCALE_MO)
define LOCALE_RULE
$(BUILD)/locale/$(1)/LC_MESSAGES/rackside-$(1).mo: assets/i18n/$(1).po
	@mkdir -p $$(dir $$@)
	msgfmt --check -o $$@ $$<
endef
$(foreach l,$(LANGS),$(eval $(call LOCALE_RULE,$(l))))
$(BUILD)/rackside $(BUILD)/asan/rackside $(BUILD)/tests/test_ui $(BUILD)/asan/tests/test_ui: \
  | $(LOCALE_MO)
build: locale
test-arm64: locale
# after the packages are in (msgfmt comes with gettext): built by test's and bench's make
TEST_BUILD  += locale
BENCH_BUILD += locale
# --- end of languages ---

# --- screenshots: every screen at both panel sizes (the layout test's states and the demo
# run through), into build/screenshots for people to look at ---
.PHONY: screenshots
screenshots: deps-test
	$(MAKE) --no-print-directory $(BUILD)/tests/test_ui $(BUILD)/rackside
	rm -rf $(BUILD)/screenshots && mkdir -p $(BUILD)/screenshots
	SDL_VIDEODRIVER=offscreen RACKSIDE_TEST_OUT=$(BUILD)/screenshots $(BUILD)/tests/test_ui >/dev/null
	for size in 1280x800 800x480 800x1280 480x800; do \
	  SDL_VIDEODRIVER=offscreen $(BUILD)/rackside --demo --size $$size \
	    --screenshot-dir $(BUILD)/screenshots/demo-$$size >/dev/null || exit 1; \
	done
	# the README's two, drawn again from the same states
	cp $(BUILD)/screenshots/set-1280x800.png $(BUILD)/screenshots/plan-deadlift-800x480.png doc/screenshots/
	@echo "screenshots: $$(find $(BUILD)/screenshots -name '*.png' | wc -l) PNGs in $(BUILD)/screenshots"

# --- tools: generated bar unit traces with ground truth (tests/gen), and the rep detector's
# accuracy on them. `make tools` builds build/tools/gen-imu and build/tools/imu-accuracy;
# the accuracy test links the same harness. ---
GEN_OBJ = $(1)/obj/tests/gen/accuracy.o
TOOLS  := $(BUILD)/tools/gen-imu $(BUILD)/tools/imu-accuracy

.PHONY: tools
tools: deps
	$(MAKE) --no-print-directory $(TOOLS)

$(BUILD)/tools/gen-imu: $(BUILD)/obj/tests/gen/gen_imu.o $(call GEN_OBJ,$(BUILD)) $(BUILD)/librackside.a
	@mkdir -p $(dir $@)
	$(CC) $(RELEASE_FLAGS) $^ $(PKG_LIBS) -o $@

$(BUILD)/tools/imu-accuracy: $(BUILD)/obj/tests/gen/imu_accuracy.o $(call GEN_OBJ,$(BUILD)) \
                             $(BUILD)/librackside.a
	@mkdir -p $(dir $@)
	$(CC) $(RELEASE_FLAGS) $^ $(PKG_LIBS) -o $@

$(BUILD)/asan/tests/test_rep_accuracy: $(BUILD)/asan/obj/tests/unit/test_rep_accuracy.o \
                                       $(call GEN_OBJ,$(BUILD)/asan) $(BUILD)/asan/librackside.a
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_FLAGS) $^ $(PKG_LIBS) -lcmocka -o $@
# --- end of tools ---

# --- records: the gym database generator (tests/gen/gen_gymdb.c), for the operator's
# benchmarks and for trying rackside-ctl on a gym's years of records:
# build/tools/gen-gymdb --out FILE [--members N --years Y --seed S]. The report's test
# opens it in Debian's chromium; the benchmarks read query plans with sqlite3. ---
TEST_DEBS  += chromium
BENCH_DEBS += chromium sqlite3

TEST_BUILD  += $(BUILD)/tools/gen-gymdb
BENCH_BUILD += $(BUILD)/tools/gen-gymdb $(BUILD)/rackside-ctl $(BUILD)/tools/records_bench
# tests/bench/startup.sh: how late a sound is when the sound device was closed
BENCH_BUILD += $(BUILD)/tools/sound_reopen

$(BUILD)/tools/gen-gymdb: $(BUILD)/obj/tests/gen/gen_gymdb.o $(BUILD)/librackside.a
	@mkdir -p $(dir $@)
	$(CC) $(RELEASE_FLAGS) $^ $(PKG_LIBS) -o $@
# --- end of records ---

# --- fuzzing: libFuzzer harnesses (tests/fuzz/fuzz_*.c) built with clang into build/fuzz/.
# `make fuzz` builds them; tests/e2e/fuzz.sh runs each for a fixed number of inputs. Only
# the parsers' sources are built (pure C, no SDL), with coverage, ASan and UBSan. ---
FUZZ_CC      ?= clang
FUZZ_FLAGS   := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
                -fno-sanitize-recover=undefined
FUZZ_LIB_SRC := $(wildcard app/core/*.c firmware/proto/*.c firmware/core/*.c) app/config.c \
                app/ctl/ctl_parse.c app/dev/hx711.c app/dev/plate_trace.c app/scenario_file.c
FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZERS      := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
FUZZ_LIBS     = $(shell pkg-config --libs zlib libdeflate inih 2>/dev/null) -lcsv -lm

.PHONY: fuzz
fuzz: deps-test
	$(MAKE) --no-print-directory $(FUZZERS)

$(BUILD)/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CSTD) $(WARN) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link \
	  $(shell pkg-config --cflags inih 2>/dev/null) -MMD -MP -c $< -o $@

$(BUILD)/fuzz/libfuzzed.a: $(patsubst %.c,$(BUILD)/fuzz/obj/%.o,$(FUZZ_LIB_SRC))
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/fuzz/%: $(BUILD)/fuzz/obj/tests/fuzz/%.o $(BUILD)/fuzz/libfuzzed.a
	$(FUZZ_CC) $(FUZZ_FLAGS) -fsanitize=fuzzer $^ $(FUZZ_LIBS) -o $@
# --- end of fuzzing ---

# --- gym server: kiosks share a gym's records through PostgreSQL (libpq). The tests run a
# throwaway cluster of Debian's server (tests/pg/cluster.sh), never the system's service. ---
PKGS       += libpq
RUN_DEBS   += libpq-dev
TEST_DEBS  += libpq-dev postgresql
BENCH_DEBS += libpq-dev
# the kiosk's side of the sync (app/sync) joins the library; the flavours' rules are made
# above, so its objects are added as prerequisites here
SYNC_SRC   := $(wildcard app/sync/*.c)
LIB_SRC    += $(SYNC_SRC)
$(BUILD)/librackside.a: $(patsubst %.c,$(BUILD)/obj/%.o,$(SYNC_SRC))
$(BUILD)/asan/librackside.a: $(patsubst %.c,$(BUILD)/asan/obj/%.o,$(SYNC_SRC))
# the tests' cluster makes a self-signed certificate; make bench times the sync lag
TEST_DEBS  += openssl
BENCH_DEBS += postgresql openssl
BENCH_BUILD += $(BUILD)/tools/sync-lag $(BUILD)/rackside-ctl

$(BUILD)/tools/sync-lag: $(BUILD)/obj/tests/bench/sync_lag.o $(BUILD)/librackside.a
	@mkdir -p $(dir $@)
	$(CC) $(RELEASE_FLAGS) $^ $(PKG_LIBS) -o $@
# --- end of gym server ---

# --- firmware: the bar unit (RP2040 + ICM-42688-P). `make firmware` builds
# build/firmware/barunit.uf2 with Debian's arm-none-eabi-gcc and newlib; mkuf2 is the
# project's own host tool that seals boot2 with its CRC and writes the UF2. The portable
# core's tests also run on an emulated Cortex-M0 (QEMU's micro:bit, semihosting). ---
FW_DEBS      := build-essential gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi
FW_TEST_DEBS := $(FW_DEBS) qemu-system-arm
FW_BUILD     := $(BUILD)/firmware
FW_CC        := arm-none-eabi-gcc
FW_OBJCOPY   := arm-none-eabi-objcopy
FW_SIZE      := arm-none-eabi-size
FW_ARCH      := -mcpu=cortex-m0plus -mthumb
FW_CFLAGS    := $(FW_ARCH) -std=c11 -D_POSIX_C_SOURCE=200809L -Os -g -ffunction-sections -fdata-sections \
                $(WARN) -Wcast-align
FW_LDFLAGS   := $(FW_ARCH) -nostartfiles -Wl,--gc-sections --specs=nano.specs --specs=nosys.specs
FW_PORTABLE  := firmware/proto/barproto.c firmware/proto/framer.c $(wildcard firmware/core/*.c)
FW_SRC       := $(FW_PORTABLE) $(wildcard firmware/rp2040/*.c)
FW_OBJ       := $(patsubst %.c,$(FW_BUILD)/obj/%.o,$(FW_SRC)) $(FW_BUILD)/obj/boot2_crc.o

.PHONY: firmware deps-firmware deps-firmware-test

deps-firmware:
	$(call install_debs,$(FW_DEBS))

# after deps-test: two apt-gets at once (make -j) would fight over the dpkg lock
deps-firmware-test: deps-test
	$(call install_debs,$(FW_TEST_DEBS))

firmware: deps-firmware
	$(MAKE) --no-print-directory $(FW_BUILD)/barunit.uf2
	$(FW_SIZE) $(FW_BUILD)/barunit.elf

# `make test` builds the firmware, its host tool and the emulated test images too.
test: deps-firmware-test
TEST_BUILD += $(FW_BUILD)/barunit.uf2 $(FW_BUILD)/mkuf2 $(FW_QEMU_TESTS)

$(FW_BUILD)/mkuf2: firmware/tools/mkuf2.c firmware/tools/uf2.c firmware/tools/uf2.h
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O2 firmware/tools/mkuf2.c firmware/tools/uf2.c -o $@

$(FW_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_CFLAGS) -MMD -MP -c $< -o $@

# boot2: assembled alone, padded to 252 bytes and sealed with the bootrom's CRC
$(FW_BUILD)/boot2.bin: firmware/rp2040/boot2.S
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_ARCH) -c $< -o $(FW_BUILD)/boot2.o
	$(FW_OBJCOPY) -O binary -j .text.boot2 $(FW_BUILD)/boot2.o $@

$(FW_BUILD)/boot2_crc.S: $(FW_BUILD)/boot2.bin $(FW_BUILD)/mkuf2
	$(FW_BUILD)/mkuf2 boot2 $< $@

$(FW_BUILD)/obj/boot2_crc.o: $(FW_BUILD)/boot2_crc.S
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_ARCH) -c $< -o $@

$(FW_BUILD)/barunit.elf: $(FW_OBJ) firmware/rp2040/barunit.ld
	$(FW_CC) $(FW_LDFLAGS) -T firmware/rp2040/barunit.ld $(FW_OBJ) \
	  -Wl,-Map=$(FW_BUILD)/barunit.map -o $@

$(FW_BUILD)/barunit.uf2: $(FW_BUILD)/barunit.elf $(FW_BUILD)/mkuf2
	$(FW_OBJCOPY) -O binary $< $(FW_BUILD)/barunit.bin
	$(FW_BUILD)/mkuf2 uf2 $(FW_BUILD)/barunit.bin $@

# The core's tests for an emulated Cortex-M0 (QEMU micro:bit, 16 KB RAM): the same test
# sources as on the host, cmocka's interface from firmware/qemu, a smaller frame queue.
FW_QEMU_ARCH    := -mcpu=cortex-m0 -mthumb
FW_QEMU_CFLAGS  := $(FW_QEMU_ARCH) -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -g $(WARN) \
                   -Wcast-align -Ifirmware/qemu -DBARUNIT_QUEUE_FRAMES=4u -DICM_MODEL_TAKEN=256u
FW_QEMU_LIB     := $(FW_PORTABLE) firmware/rp2040/crc32.c firmware/qemu/startup.c
FW_QEMU_TEST_SRC := tests/unit/test_fw_imu.c tests/unit/test_fw_usb.c
FW_QEMU_TESTS   := $(patsubst tests/unit/%.c,$(FW_BUILD)/qemu/%.elf,$(FW_QEMU_TEST_SRC))
FW_QEMU_OBJ     := $(patsubst %.c,$(FW_BUILD)/qemu/obj/%.o,$(FW_QEMU_LIB))

$(FW_BUILD)/qemu/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FW_CC) $(FW_QEMU_CFLAGS) -MMD -MP -c $< -o $@

$(FW_BUILD)/qemu/%.elf: $(FW_BUILD)/qemu/obj/tests/unit/%.o $(FW_QEMU_OBJ) firmware/qemu/microbit.ld
	$(FW_CC) $(FW_QEMU_ARCH) -nostartfiles -Wl,--gc-sections --specs=nano.specs \
	  --specs=nosys.specs -T firmware/qemu/microbit.ld $< $(FW_QEMU_OBJ) -o $@

# the UF2 tool's unit test links the tool's library
$(BUILD)/asan/tests/test_uf2: $(BUILD)/asan/obj/firmware/tools/uf2.o
$(BUILD)/tests/test_uf2: $(BUILD)/obj/firmware/tools/uf2.o
# --- end of firmware ---

# --- install and package: `make install` puts the kiosk, its assets, units and rules under
# PREFIX (default /usr/local), staged under DESTDIR; it needs only the built binaries, never
# apt-get. `make deb` builds build/deb/rackside_VERSION_ARCH.deb with debhelper (debian/),
# `make deb ARCH=arm64` cross-builds it. ---
PREFIX        ?= /usr/local
BINDIR        ?= $(PREFIX)/bin
LIBEXECDIR    ?= $(PREFIX)/libexec
DATADIR       ?= $(PREFIX)/share
DOCDIR        ?= $(DATADIR)/doc/rackside
MANDIR        ?= $(DATADIR)/man
# the kiosk reads /etc/rackside/rackside.conf by default, whatever the prefix
SYSCONFDIR    ?= /etc
UNITDIR       ?= $(PREFIX)/lib/systemd/system
UDEVRULESDIR  ?= $(PREFIX)/lib/udev/rules.d
SYSUSERSDIR   ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR   ?= $(PREFIX)/lib/tmpfiles.d
INSTALL       ?= install
UNITS         := $(wildcard systemd/*.service systemd/*.timer)

# installed files name the directories they were installed to
INSTALL_PATHS = sed -e 's|/usr/bin/rackside|$(BINDIR)/rackside|g' \
                    -e 's|/usr/libexec/rackside/|$(LIBEXECDIR)/rackside/|g' \
                    -e 's|/etc/rackside/|$(SYSCONFDIR)/rackside/|g'

.PHONY: install deb deps-deb deps-arm64 test-arm64
# what `make deb` needs besides the build dependencies
deps-deb:
	$(call install_debs,$(RUN_DEBS) debhelper dpkg-dev lintian systemd)

install: $(BUILD)/rackside $(BUILD)/rackside-ctl $(LOCALE_MO)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR)/rackside \
	  $(DESTDIR)$(DATADIR)/rackside/fonts $(DESTDIR)$(DATADIR)/rackside/catalogue \
	  $(DESTDIR)$(DOCDIR)/examples \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(UNITDIR) $(DESTDIR)$(UDEVRULESDIR) \
	  $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(SYSCONFDIR)/rackside
	$(INSTALL) -m 755 $(BUILD)/rackside $(BUILD)/rackside-ctl $(DESTDIR)$(BINDIR)/
	$(INSTALL_PATHS) systemd/rackside-backup >$(DESTDIR)$(LIBEXECDIR)/rackside/rackside-backup
	chmod 755 $(DESTDIR)$(LIBEXECDIR)/rackside/rackside-backup
	$(INSTALL) -m 644 assets/fonts/*.ttf assets/fonts/LICENSE-DejaVu.txt \
	  $(DESTDIR)$(DATADIR)/rackside/fonts/
	for l in $(LANGS); do \
	  $(INSTALL) -d $(DESTDIR)$(DATADIR)/rackside/locale/$$l/LC_MESSAGES && \
	  $(INSTALL) -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/rackside-$$l.mo \
	    $(DESTDIR)$(DATADIR)/rackside/locale/$$l/LC_MESSAGES/ || exit 1; \
	done
	$(INSTALL) -m 644 assets/config/rackside.conf $(DESTDIR)$(DOCDIR)/examples/
	$(INSTALL) -m 644 assets/catalogue/exercises.conf assets/catalogue/warmup.conf \
	  assets/catalogue/figures.conf assets/catalogue/plates.conf \
	  $(DESTDIR)$(DATADIR)/rackside/catalogue/
	$(INSTALL) -m 644 README.md $(DESTDIR)$(DOCDIR)/
	$(INSTALL) -m 644 man/rackside.1 man/rackside-ctl.1 $(DESTDIR)$(MANDIR)/man1/
	for u in $(UNITS); do \
	  $(INSTALL_PATHS) $$u >$(DESTDIR)$(UNITDIR)/$${u##*/} && chmod 644 $(DESTDIR)$(UNITDIR)/$${u##*/}; \
	done
	$(INSTALL) -m 644 systemd/udev/70-rackside.rules $(DESTDIR)$(UDEVRULESDIR)/
	$(INSTALL) -m 644 systemd/sysusers.d/rackside.conf $(DESTDIR)$(SYSUSERSDIR)/
	$(INSTALL) -m 644 systemd/tmpfiles.d/rackside.conf $(DESTDIR)$(TMPFILESDIR)/
	@# an operator's settings are never overwritten
	[ -e $(DESTDIR)$(SYSCONFDIR)/rackside/rackside.conf ] || \
	  $(INSTALL) -m 644 assets/config/rackside.conf $(DESTDIR)$(SYSCONFDIR)/rackside/

# The package is built by dpkg-buildpackage in build/deb/ARCH/src, a tree of links to these
# sources plus a copy of debian/, so each run reuses that tree's objects and only what
# changed is compiled again. ARCH=arm64 cross-builds (crossbuild-essential-arm64 and the
# arm64 -dev packages, see tests/arm64.sh).
ARCH          ?= $(shell dpkg --print-architecture)
DEB_VERSION    = $(shell dpkg-parsechangelog -l debian/changelog -S Version)
DEB_SRC_TREE   = $(BUILD)/deb/$(ARCH)/src
DEB_FILE       = $(BUILD)/deb/rackside_$(DEB_VERSION)_$(ARCH).deb
DEB_LINKS     := app assets firmware man systemd Makefile README.md

deb:
	@mkdir -p $(DEB_SRC_TREE)
	@for f in $(DEB_LINKS); do ln -sfn $(CURDIR)/$$f $(DEB_SRC_TREE)/$$f; done
	@rm -rf $(DEB_SRC_TREE)/debian && cp -a debian $(DEB_SRC_TREE)/debian
	cd $(DEB_SRC_TREE) && $(DEB_ENV) DEB_BUILD_OPTIONS="nocheck $(DEB_BUILD_OPTIONS)" \
	  dpkg-buildpackage -b --no-sign --no-pre-clean -a$(ARCH) $(DEB_PROFILES) >../build.log 2>&1 || \
	  { tail -n 40 ../build.log; echo "make deb: see $(BUILD)/deb/$(ARCH)/build.log"; exit 1; }
	mv $(BUILD)/deb/$(ARCH)/rackside_$(DEB_VERSION)_$(ARCH).deb $(DEB_FILE)
	@echo "built $(DEB_FILE)"

# arm64 on an amd64 machine: Debian's cross compiler and the arm64 -dev packages beside the
# amd64 ones (multiarch; the two must be the same versions, as they are from one mirror).
# The unit tests are cross-built and run under qemu-aarch64 by tests/arm64.sh, -O1 without
# sanitizers: the sanitized runs are the amd64 ones (ASan does not run under qemu-user;
# UBSan's arm64 runtime is only in the cross toolchain's directory, whose libc is another
# build than the loader qemu runs, and pointing the tests there made pthread_create spin).
# libumockdev0:arm64 is for test_badge_evdev; its preload library comes from the umockdev package, which cannot be
# installed beside the amd64 one, so it is unpacked under build/arm64/umockdev instead.
# libpq: Debian 12's libpq-dev is not Multi-Arch: same (it ships /usr/bin/pg_config), so
# its arm64 package cannot be installed beside the amd64 one (installing it removes the amd64
# one). The arm64 runtime, libpq5:arm64, installs beside the amd64 one as any library does;
# libpq-dev:arm64 of the same version is unpacked under build/arm64/libpq (no install), its
# libpq.so pointed at libpq5's library and its pkg-config file at the unpacked headers. Its
# own headers, not the amd64 ones: pg_config.h differs between the two (CPU features).
ARM64_DEBS  := crossbuild-essential-arm64 qemu-user dpkg-dev debhelper \
               $(foreach p,$(filter-out libpq-dev,$(filter lib%,$(RUN_DEBS))) libpq5 \
                 libcmocka-dev libumockdev0,$(p):arm64)
ARM64_BUILD := $(BUILD)/arm64
ARM64_TESTS := $(patsubst tests/unit/%.c,$(ARM64_BUILD)/tests/%,$(TEST_SRC))
ARM64_UMOCKDEV := $(ARM64_BUILD)/umockdev/usr/lib/aarch64-linux-gnu/libumockdev-preload.so.0

# after deps-test: two apt-gets at once (make -j) would fight over the dpkg lock
deps-arm64: deps-test
	@dpkg --print-foreign-architectures | grep -qx arm64 || { \
	  if [ "$$(id -u)" = 0 ]; then $(APT_LOCK) dpkg --add-architecture arm64; \
	  else $(APT_LOCK) sudo dpkg --add-architecture arm64; fi; }
	$(call install_debs,$(ARM64_DEBS))

$(ARM64_UMOCKDEV): | deps-arm64
	@rm -rf $(ARM64_BUILD)/umockdev && mkdir -p $(ARM64_BUILD)/umockdev
	cd $(ARM64_BUILD)/umockdev && $(APT_LOCK) apt-get download -qq umockdev:arm64 && \
	  dpkg-deb -x umockdev_*_arm64.deb . && rm umockdev_*_arm64.deb

# a static qemu-aarch64 to run the arm64 programs inside a chroot (tests/e2e/deb_root.sh):
# unpacked from qemu-user-static rather than installed, as installing it registers the
# emulator with the machine's kernel (binfmt_misc) for every process
ARM64_QEMU_STATIC := $(ARM64_BUILD)/qemu-static/usr/bin/qemu-aarch64-static
$(ARM64_QEMU_STATIC): | deps-arm64
	@rm -rf $(ARM64_BUILD)/qemu-static && mkdir -p $(ARM64_BUILD)/qemu-static
	cd $(ARM64_BUILD)/qemu-static && $(APT_LOCK) apt-get download -qq qemu-user-static && \
	  dpkg-deb -x qemu-user-static_*.deb . && rm qemu-user-static_*.deb

ARM64_LIBPQ    := $(ARM64_BUILD)/libpq
ARM64_LIBPQ_PC := $(ARM64_LIBPQ)/usr/lib/aarch64-linux-gnu/pkgconfig/libpq.pc
# what an arm64 build adds to its environment to find the unpacked libpq-dev
ARM64_ENV       = PKG_CONFIG_PATH=$(abspath $(dir $(ARM64_LIBPQ_PC)))

# its Requires.private (libssl, libcrypto) matter to a static link only, and would have
# pkg-config look for libssl-dev:arm64, which the kiosk's dynamic link never needs
$(ARM64_LIBPQ_PC): | deps-arm64
	@rm -rf $(ARM64_LIBPQ) && mkdir -p $(ARM64_LIBPQ)
	cd $(ARM64_LIBPQ) && v=$$(dpkg-query -W -f='$${Version}' libpq5:arm64) && \
	  $(APT_LOCK) apt-get download -qq libpq-dev:arm64=$$v && \
	  dpkg-deb -x libpq-dev_*_arm64.deb . && rm libpq-dev_*_arm64.deb
	ln -sfn /usr/lib/aarch64-linux-gnu/libpq.so.5 $(ARM64_LIBPQ)/usr/lib/aarch64-linux-gnu/libpq.so
	sed -i -e 's|^prefix=.*|prefix=$(abspath $(ARM64_LIBPQ))/usr|' -e '/^Requires.private:/d' $@

# Cross-building for arm64 on another architecture takes libpq-dev unpacked under
# build/arm64/libpq (see deps-arm64), which dpkg-checkbuilddeps cannot see: the build
# profile pkg.rackside.unpacked-libpq drops libpq-dev, and only it, from the build
# dependencies it checks.
DEB_ENV      :=
DEB_PROFILES :=
ifeq ($(ARCH),arm64)
ifneq ($(shell dpkg --print-architecture),arm64)
deb: $(ARM64_LIBPQ_PC)
DEB_ENV      = $(ARM64_ENV)
DEB_PROFILES = -Ppkg.rackside.unpacked-libpq
endif
endif

# the rep detector's accuracy test links the generator harness (as its ASan build does)
$(BUILD)/tests/test_rep_accuracy: $(BUILD)/obj/tests/unit/test_rep_accuracy.o \
                                  $(call GEN_OBJ,$(BUILD)) $(BUILD)/librackside.a
	@mkdir -p $(dir $@)
	$(CC) $(RELEASE_FLAGS) $(LDFLAGS) $^ $(PKG_LIBS) -lcmocka -o $@

test-arm64: deps-arm64 $(ARM64_UMOCKDEV) $(ARM64_LIBPQ_PC) $(ARM64_QEMU_STATIC)
	$(ARM64_ENV) $(MAKE) --no-print-directory BUILD=$(ARM64_BUILD) CC=aarch64-linux-gnu-gcc \
	  AR=aarch64-linux-gnu-ar PKG_CONFIG=aarch64-linux-gnu-pkg-config \
	  CFLAGS="-O1 -g" $(ARM64_TESTS)
	tests/arm64.sh $(ARM64_BUILD) $(BUILD)

# make test includes the arm64 build: its unit tests and the scripted demo under
# qemu-aarch64, the arm64 package checked and installed into a fresh Debian root
test: test-arm64

# A fresh Debian root to install the packages into (tests/e2e/deb_root.sh): debootstrap'd
# once under build/debroot/base from Debian's archive (this machine's release, with its
# updates and security suites, arm64 added as a foreign architecture) and never written to
# again; each test run installs into an overlay of it, so every run starts from the same
# fresh root. The packages apt downloads are kept in build/debroot/apt-cache.
DEBROOT          := $(BUILD)/debroot
DEBROOT_SUITE    := $(shell . /etc/os-release 2>/dev/null && echo $$VERSION_CODENAME)
DEBROOT_MIRROR   ?= http://deb.debian.org/debian
DEBROOT_SECURITY ?= http://deb.debian.org/debian-security
TEST_DEBS        += debootstrap

.PHONY: debroot
debroot: $(DEBROOT)/base/.ready
$(DEBROOT)/base/.ready: | deps-test
	rm -rf $(DEBROOT)/base $(DEBROOT)/base.tmp && mkdir -p $(DEBROOT)/apt-cache
	$(if $(filter 0,$(shell id -u)),,sudo) sh -c '\
	  debootstrap --variant=minbase --include=systemd --cache-dir=$(abspath $(DEBROOT))/apt-cache \
	    $(DEBROOT_SUITE) $(DEBROOT)/base.tmp $(DEBROOT_MIRROR) >$(DEBROOT)/debootstrap.log 2>&1 || \
	    { tail -n 20 $(DEBROOT)/debootstrap.log; exit 1; }; \
	  printf "deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n" \
	    $(DEBROOT_MIRROR) $(DEBROOT_SUITE) $(DEBROOT_MIRROR) $(DEBROOT_SUITE) \
	    $(DEBROOT_SECURITY) $(DEBROOT_SUITE) >$(DEBROOT)/base.tmp/etc/apt/sources.list && \
	  chroot $(DEBROOT)/base.tmp dpkg --add-architecture arm64 && \
	  cp /etc/resolv.conf $(DEBROOT)/base.tmp/etc/resolv.conf && \
	  chroot $(DEBROOT)/base.tmp apt-get update -qq && \
	  chroot $(DEBROOT)/base.tmp apt-get clean && \
	  mv $(DEBROOT)/base.tmp $(DEBROOT)/base && touch $@'

# --- end of install and package ---

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)

# (not the Debian root under build/debroot, whose *.d files are a system's, not make's, nor
# the arm64 and package trees, built by makes of their own: a make reading a .d file while
# another make's compiler writes it (in 4 KB pieces) stops at a "missing separator")
-include $(shell find $(BUILD) \( -path $(BUILD)/debroot -o -path $(BUILD)/arm64 -o -path $(BUILD)/deb \) \
           -prune -o -name '*.d' -type f -print 2>/dev/null)
