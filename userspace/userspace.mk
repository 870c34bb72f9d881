# SPDX-License-Identifier: GPL-2.0
#
# The agent llmosd, the CLI llmosctl, their library, unit tests and the
# agent benchmark. Included by the top-level Makefile.
#
# For other parts of the tree:
#   AGENT_LIB_OBJS     trace reader/writer, syscall tokens, process table,
#                      pipeline, logging (no probes, no device); objects
#                      using them depend on $(SYSCALL_TOKENS_H)
#   AGENT_LIB_LIBS     what a program linking them links with
#   SYSCALL_TOKENS_H   $(BUILD)/gen/syscall_tokens.h (on the include path):
#                      LLMOS_NR_TOKENS, LLMOS_VOCAB_HASH, number-to-token
#                      arrays; userspace/syscall_table.h wraps it
#   SYSCALL_VOCAB      $(BUILD)/gen/syscall_vocab.txt, one token a line

SYSCALL_TBL_DIR := $(LINUX_SRC)/arch/x86/entry/syscalls
SYSCALL_TOKENS_H := $(BUILD)/gen/syscall_tokens.h
SYSCALL_VOCAB := $(BUILD)/gen/syscall_vocab.txt

# Generated from the kernel's tables; $(LINUX_SRC)/.extracted is the tree.
$(BUILD)/gen/syscall_tokens.c $(SYSCALL_TOKENS_H) $(SYSCALL_VOCAB) &: \
		scripts/gen-syscall-table.sh $(LINUX_SRC)/.extracted
	scripts/gen-syscall-table.sh $(SYSCALL_TBL_DIR)/syscall_64.tbl \
		$(SYSCALL_TBL_DIR)/syscall_32.tbl $(BUILD)/gen

$(BUILD)/obj/gen/syscall_tokens.o: $(BUILD)/gen/syscall_tokens.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@

$(BUILD)/san/gen/syscall_tokens.o: $(BUILD)/gen/syscall_tokens.c
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(SAN_CFLAGS) -c $< -o $@

# Sources by role, in userspace/.
AGENT_LIB_SRCS := log.c trace_writer.c trace_reader.c \
	syscall_table.c proc_table.c exited.c pipeline.c
# The trace format's checksums are zlib's crc32.
AGENT_LIB_LIBS := -lz
LLMOSD_SRCS := llmosd_main.c replay.c live.c agent_stats.c device_client.c \
	log_stage.c cgroup_id.c
LLMOSCTL_SRCS := llmosctl_main.c trace_dump.c import_adfa.c trace_synth.c
# What the unit tests link besides the library (they have their own main).
AGENT_TESTED_SRCS := replay.c trace_synth.c import_adfa.c trace_dump.c \
	cgroup_id.c cpu_list.c

obj = $(addprefix $(BUILD)/obj/userspace/,$(1:.c=.o))
san = $(addprefix $(BUILD)/san/userspace/,$(1:.c=.o))

AGENT_LIB_OBJS := $(call obj,$(AGENT_LIB_SRCS)) $(BUILD)/obj/gen/syscall_tokens.o
LLMOSD_OBJS := $(call obj,$(LLMOSD_SRCS)) $(AGENT_LIB_OBJS)
LLMOSCTL_OBJS := $(call obj,$(LLMOSCTL_SRCS)) $(AGENT_LIB_OBJS)
AGENT_TEST_SAN_OBJS := $(call san,$(AGENT_LIB_SRCS) $(AGENT_TESTED_SRCS)) \
	$(BUILD)/san/gen/syscall_tokens.o

# Scheduling classes and hints (issue 7): adds to the lists above.
include userspace/sched/sched.mk

# --- unit tests ---------------------------------------------------------------
# Built with the sanitizers: they feed corrupt files to the parsers.
AGENT_TESTS := trace trace_dump syscall_table proc_table exited pipeline \
	replay import_adfa device_client cgroup_id cpu_list
AGENT_TEST_OBJS := $(addprefix $(BUILD)/san/tests/unit/agent/test_, \
	$(addsuffix .o,$(AGENT_TESTS)))
AGENT_TESTLIB_OBJ := $(BUILD)/san/tests/unit/agent/agent_testlib.o
UNIT_TESTS += $(addprefix $(BUILD)/tests/unit/agent/test_,$(AGENT_TESTS))
# llmosd's command line, in replay mode only.
UNIT_TESTS += tests/unit/agent/test_llmosd_cli.sh
# llmosctl top's command line.
UNIT_TESTS += tests/unit/sched/test_llmosctl_top.sh
unit: $(BUILD)/bin/llmosd $(BUILD)/bin/llmosctl

$(AGENT_TEST_OBJS): USER_CFLAGS += -Iuserspace

$(BUILD)/tests/unit/agent/test_%: $(BUILD)/san/tests/unit/agent/test_%.o \
		$(AGENT_TESTLIB_OBJ) $(AGENT_TEST_SAN_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -o $@ $^ -lcmocka $(AGENT_LIB_LIBS)

# The device client against a fake module: its ioctl() calls land in the
# test's __wrap_ioctl.
$(BUILD)/tests/unit/agent/test_device_client: \
		$(BUILD)/san/tests/unit/agent/test_device_client.o \
		$(BUILD)/san/userspace/device_client.o
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -Wl,--wrap=ioctl -o $@ $^ -lcmocka

# Anything here may include the generated header: make it first.
$(sort $(LLMOSD_OBJS) $(LLMOSCTL_OBJS) $(AGENT_TEST_SAN_OBJS) \
	$(AGENT_TEST_OBJS)): $(SYSCALL_TOKENS_H)

-include $(wildcard $(BUILD)/obj/userspace/*.d $(BUILD)/san/userspace/*.d \
	$(BUILD)/san/tests/unit/agent/*.d)

# --- programs -----------------------------------------------------------------
USER_BINS += $(BUILD)/bin/llmosd $(BUILD)/bin/llmosctl

# The live path is the only user of the probes' loader (bpf/bpf.mk).
$(BUILD)/obj/userspace/live.o: $(PROBES_SKEL)

$(BUILD)/bin/llmosd: $(LLMOSD_OBJS) $(PROBES_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(PROBES_LIBS) $(AGENT_LIB_LIBS)

$(BUILD)/bin/llmosctl: $(LLMOSCTL_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(AGENT_LIB_LIBS)

# --- benchmark ----------------------------------------------------------------
# 10,000 processes alive at once, 50 million syscalls in batches of 1-64.
AGENT_BENCH_TRACE := $(BUILD)/bench-data/agent-10k.trace

$(AGENT_BENCH_TRACE): $(BUILD)/bin/llmosctl
	@mkdir -p $(dir $@)
	$(BUILD)/bin/llmosctl trace synth --procs 10000 --syscalls 50000000 \
		--seed 1 -o $@

# The normal workload recorded in the test kernel for the model-on figure
# (tests/vm/bench/30-agent-trace.sh, two minutes of TCG time), made once:
# later runs reuse it. Its boot's logs go to their own directory.
AGENT_RECORDED_TRACE := $(BUILD)/bench-data/agent-normal.trace
AGENT_TRACE_VM := $(BUILD)/bench-agent-vm
$(AGENT_RECORDED_TRACE):
	@$(MAKE) --no-print-directory initramfs
	@rm -rf $(AGENT_TRACE_VM)
	@BUILD=$(AGENT_TRACE_VM) tests/vm/run.sh --suite bench \
		--filter '*-agent-trace' $(VMLINUZ) $(BUILD)/vm/initramfs.cpio.gz
	@scripts/vm-files.sh $(AGENT_TRACE_VM)/vm/bench/out.log $(dir $@)

# Without the recording (a failed boot), the other figures are still kept.
.PHONY: bench-agent
BENCHES += bench-agent
bench-agent: $(BUILD)/bin/llmosd $(AGENT_BENCH_TRACE)
	@mkdir -p $(BUILD)/bench
	@rc=0; $(MAKE) --no-print-directory $(AGENT_RECORDED_TRACE) || rc=$$?; \
	scripts/bench-agent.sh $(BUILD)/bin/llmosd $(AGENT_BENCH_TRACE) \
		$(BUILD)/bench/agent.json && exit $$rc

# Anomaly detection (issue 6): the scoring stage llmosd links, and more.
include userspace/anomaly.mk
