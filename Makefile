# rackside: `make run` builds and starts the kiosk on simulated devices,
# `make test` builds with ASan/UBSan and runs every test. Both install what they need.

CC      ?= cc
BUILD   := build
PKGS    := sdl2 SDL2_ttf SDL2_image sqlite3 zlib inih libsodium json-c libgpiod libusb-1.0 libevdev

# Debian packages: what building and running needs, and what testing adds.
RUN_DEBS  := build-essential pkg-config libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev \
             libsqlite3-dev zlib1g-dev libinih-dev libsodium-dev libjson-c-dev libcsv-dev \
             libgpiod-dev libusb-1.0-0-dev libevdev-dev
TEST_DEBS := $(RUN_DEBS) libcmocka-dev sqlite3 xvfb xauth python3 umockdev libumockdev-dev \
             evemu-tools \
             clang libclang-rt-dev llvm systemd
BENCH_DEBS := $(RUN_DEBS) valgrind

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-missing-field-initializers
CSTD    := -std=c11 -D_GNU_SOURCE
RELEASE_FLAGS := -O2 -g
ASAN_FLAGS    := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

# libgpiod 1.x (Debian 12) and 2.x (Debian 13) differ: one thin file per API, chosen here.
GPIOD_API = $(shell pkg-config --modversion libgpiod 2>/dev/null | cut -d. -f1)
GPIOD_SRC = $(if $(filter 2,$(GPIOD_API)),app/dev/gpio_gpiod2.c,app/dev/gpio_gpiod1.c)
LIB_SRC = $(filter-out app/dev/gpio_gpiod%.c,$(wildcard app/core/*.c app/dev/*.c app/store/*.c \
            app/ui/*.c firmware/proto/*.c firmware/core/*.c)) \
          $(wildcard $(GPIOD_SRC)) app/config.c app/demo.c app/kiosk.c
KIOSK_MAIN := app/main.c
CTL_SRC    := $(wildcard app/ctl/*.c)
TEST_SRC   := $(wildcard tests/unit/test_*.c)
BENCH_SRC  := $(wildcard tests/bench/bench_*.c)

.PHONY: all run test bench deps deps-test deps-bench clean format

# keep objects make would otherwise delete as intermediates
.SECONDARY:

all: deps
	$(MAKE) --no-print-directory $(BUILD)/rackside $(BUILD)/rackside-ctl

# --- dependencies: install missing Debian packages (through sudo when not root) ---
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
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

deps:
	$(call install_debs,$(RUN_DEBS))

deps-test:
	$(call install_debs,$(TEST_DEBS))

deps-bench:
	$(call install_debs,$(BENCH_DEBS))

# --- one object tree per flavour ---
# $(1): flavour name, $(2): output dir, $(3): extra flags
define flavour
$(2)/obj/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CSTD) $$(WARN) $(3) $$(PKG_CFLAGS) -MMD -MP -c $$< -o $$@

$(2)/librackside.a: $$(patsubst %.c,$(2)/obj/%.o,$$(LIB_SRC))
	@rm -f $$@
	ar rcs $$@ $$^

$(2)/rackside: $(2)/obj/app/main.o $(2)/librackside.a
	$$(CC) $(3) $$^ $$(PKG_LIBS) -o $$@

$(2)/rackside-ctl: $$(patsubst %.c,$(2)/obj/%.o,$$(CTL_SRC)) $(2)/librackside.a
	$$(CC) $(3) $$^ $$(PKG_LIBS) -o $$@

$(2)/tests/%: $(2)/obj/tests/unit/%.o $(2)/librackside.a
	@mkdir -p $$(dir $$@)
	$$(CC) $(3) $$^ $$(PKG_LIBS) -lcmocka -o $$@

$(2)/bench/%: $(2)/obj/tests/bench/%.o $(2)/librackside.a
	@mkdir -p $$(dir $$@)
	$$(CC) $(3) $$^ $$(PKG_LIBS) -o $$@
endef

$(eval $(call flavour,build,$(BUILD),$(RELEASE_FLAGS)))
$(eval $(call flavour,asan,$(BUILD)/asan,$(ASAN_FLAGS)))

TESTS_ASAN := $(patsubst tests/unit/%.c,$(BUILD)/asan/tests/%,$(TEST_SRC))
BENCHES    := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRC))

run: all
	$(BUILD)/rackside $(ARGS)

test: deps-test
	$(MAKE) --no-print-directory $(BUILD)/rackside $(BUILD)/rackside-ctl \
	  $(BUILD)/asan/rackside $(BUILD)/asan/rackside-ctl $(TESTS_ASAN) $(FUZZERS) $(TOOLS)
	tests/run $(BUILD)

bench: deps-bench
	$(MAKE) --no-print-directory $(BENCHES) $(BUILD)/rackside
	tests/bench/run $(BUILD)

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

# --- fuzzing: libFuzzer harnesses (tests/fuzz/fuzz_*.c) built with clang into build/fuzz/.
# `make fuzz` builds them; tests/e2e/fuzz.sh runs each for a fixed number of inputs. Only
# the parsers' sources are built (pure C, no SDL), with coverage, ASan and UBSan. ---
FUZZ_CC      ?= clang
FUZZ_FLAGS   := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
                -fno-sanitize-recover=undefined
FUZZ_LIB_SRC := $(wildcard app/core/*.c firmware/proto/*.c firmware/core/*.c) app/config.c
FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZERS      := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRC))
FUZZ_LIBS     = $(shell pkg-config --libs zlib inih 2>/dev/null) -lm

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

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
