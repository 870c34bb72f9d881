# SPDX-License-Identifier: GPL-2.0
#
# llmos: one Makefile drives the module (through Kbuild), the BPF probes, the
# userspace programs, the model, the tests and the benchmarks.
#
#   make          build everything
#   make demo     build, boot the test kernel, run llmos on real workloads
#   make check    unit tests, checkpatch, KUnit (UML, x86_64) and the VM tests
#   make bench    benchmarks: a table, and build/bench.json
#   make eval     detection on public data sets: a table, and build/eval.json
#   make model    rebuild model/default.llmos from traces recorded in the guest
#   make install  programs, model, docs, systemd unit and module (DESTDIR, PREFIX)
#
# Each part of the tree adds to the lists below from its own *.mk file.

BUILD := build
export BUILD

CC ?= cc
CLANG ?= clang
BPFTOOL ?= bpftool

USER_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -D_GNU_SOURCE -Iinclude -I$(BUILD)/gen
USER_LDFLAGS := -static
# Sanitizer build flags for tests that feed hostile input to parsers.
SAN_CFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

# Static programs run on the host and inside the guest's initramfs.
USER_BINS :=
# Static test programs for the guest only (also in /llmos/bin).
VM_BINS :=
# cmocka test programs (TAP output), run by `make unit` and `make check`.
UNIT_TESTS :=
# Files to put in the guest under /llmos/share.
GUEST_SHARE :=
# Phony targets run by `make bench`; each writes $(BUILD)/bench/NAME.json.
BENCHES :=

# Data sets beside the checkout (absent on a user's machine: tests skip).
ADFA_DIR ?= ../shared/data/adfa-ld
UNM_DIR ?= ../shared/data/unm-login-ps-inetd
export ADFA_DIR UNM_DIR

.PHONY: all module userspace tests-build unit check kunit kunit-lockdep vm demo bench \
	checkpatch initramfs install clean distclean help

all: module userspace

ifeq ($(filter clean distclean help,$(MAKECMDGOALS)),)
# Installs missing packages, then records which test kernel they gave us.
include $(BUILD)/config.mk
else
-include $(BUILD)/config.mk
endif

$(BUILD)/config.mk: scripts/deps.sh scripts/test-kernel.sh
	@mkdir -p $(BUILD)
	scripts/deps.sh
	scripts/test-kernel.sh > $@.tmp && mv $@.tmp $@

# The kernel source tree (checkpatch, syscall tables, KUnit), extracted once.
$(LINUX_SRC)/.extracted: $(LINUX_SRC_TAR) | $(BUILD)/config.mk
	tar -C $(BUILD) -xf $(LINUX_SRC_TAR)
	touch $@

# Object files for userspace: one rule for every part of the tree.
$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(SAN_CFLAGS) -MMD -MP -c $< -o $@

# Every part's fragment; tests/vm/vm.mk last, as it gathers the others'.
include kmod/kmod.mk bpf/bpf.mk userspace/userspace.mk model/model.mk \
	eval/eval.mk tests/attacks/attacks.mk tests/workloads/workloads.mk \
	tests/sched/sched.mk
UNIT_TESTS += tests/unit/check/test_tap_results.sh
UNIT_TESTS += tests/unit/install/test_install.sh
include tests/vm/vm.mk

userspace: $(USER_BINS)

# --- the module --------------------------------------------------------------
module: $(BUILD)/config.mk
	$(MAKE) -C $(KDIR) M=$(CURDIR) CONFIG_LLMOS=m modules

# --- tests -------------------------------------------------------------------
# Everything the tests run, built before any of them starts.
tests-build: all $(UNIT_TESTS) $(VM_BINS) initramfs

unit: $(UNIT_TESTS)
	@tests/run-unit.sh $(UNIT_TESTS)

checkpatch: $(LINUX_SRC)/.extracted
	@tests/checkpatch.sh $(LINUX_SRC)

kunit: $(LINUX_SRC)/.extracted
	@tests/kunit/run.sh $(LINUX_SRC) um

kunit-lockdep: $(LINUX_SRC)/.extracted
	@tests/kunit/run.sh $(LINUX_SRC) x86_64

# `make vm CASES='1*'` runs only the cases whose names match.
vm: all initramfs
	@tests/vm/run.sh --suite cases $(if $(CASES),--filter '$(CASES)') \
		$(VMLINUZ) $(BUILD)/vm/initramfs.cpio.gz

check: $(BUILD)/config.mk
	@MAKE="$(MAKE)" LINUX_SRC="$(LINUX_SRC)" VMLINUZ="$(VMLINUZ)" \
		tests/check.sh

bench: all
	@rm -rf $(BUILD)/bench && mkdir -p $(BUILD)/bench
	@rc=0; $(MAKE) -k --no-print-directory $(BENCHES) || rc=$$?; \
	scripts/merge-json.sh $(BUILD)/bench $(BUILD)/bench.json && exit $$rc

# --- install -------------------------------------------------------------------
# The programs, the shipped model where llmosd looks for it, the
# documentation, a systemd unit and the module for the test kernel's
# release ($(KVER)), under $(DESTDIR)$(PREFIX) and $(DESTDIR)/lib/modules.
# Loads nothing. The module is not signed (the headers carry no key), and
# depmod runs only without DESTDIR: a package runs it when installed.
PREFIX ?= /usr/local
INSTALL ?= install
SYSTEMD_UNIT_DIR ?= $(PREFIX)/lib/systemd/system
DOC_DIR ?= $(PREFIX)/share/doc/llmos

install: all
	$(INSTALL) -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/bin \
		$(DESTDIR)$(PREFIX)/share/llmos $(DESTDIR)$(SYSTEMD_UNIT_DIR) \
		$(DESTDIR)$(DOC_DIR)
	$(INSTALL) -m 755 $(BUILD)/bin/llmosd $(DESTDIR)$(PREFIX)/sbin/
	$(INSTALL) -m 755 $(BUILD)/bin/llmosctl $(BUILD)/bin/llmos-train \
		$(BUILD)/bin/llmos-anomaly $(DESTDIR)$(PREFIX)/bin/
	$(INSTALL) -m 644 model/default.llmos $(DESTDIR)$(PREFIX)/share/llmos/
	$(INSTALL) -m 644 README.md Documentation/*.md $(DESTDIR)$(DOC_DIR)/
	sed -e 's|@SBINDIR@|$(PREFIX)/sbin|' -e 's|@DOCDIR@|$(DOC_DIR)|' \
		userspace/llmosd.service.in >$(DESTDIR)$(SYSTEMD_UNIT_DIR)/llmosd.service
	chmod 644 $(DESTDIR)$(SYSTEMD_UNIT_DIR)/llmosd.service
	$(MAKE) -C $(KDIR) M=$(CURDIR) CONFIG_LLMOS=m CONFIG_MODULE_SIG_ALL= \
		INSTALL_MOD_STRIP=1 \
		INSTALL_MOD_PATH=$(DESTDIR) INSTALL_MOD_DIR=extra modules_install
	$(if $(DESTDIR),,depmod -a $(KVER))

demo: all initramfs
	@tests/vm/run.sh --suite demo $(VMLINUZ) $(BUILD)/vm/initramfs.cpio.gz

clean:
	$(if $(KDIR),-$(MAKE) -C $(KDIR) M=$(CURDIR) clean >/dev/null 2>&1)
	rm -rf $(BUILD)/obj $(BUILD)/san $(BUILD)/bin $(BUILD)/gen \
		$(BUILD)/tests $(BUILD)/vm $(BUILD)/check $(BUILD)/bench* \
		$(BUILD)/eval.json

# Also drops the extracted kernel source and the KUnit build folders.
distclean: clean
	rm -rf $(BUILD)

help:
	@sed -n 's/^#   //p' Makefile
