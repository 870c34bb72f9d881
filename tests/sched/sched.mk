# SPDX-License-Identifier: GPL-2.0
#
# The scheduling benchmark of issue 7 (Documentation/scheduling-bench.md):
# guest programs, the static reference's rules, and `bench-sched`.

SCHED_VM := $(BUILD)/tests/sched
SCHED_OBJ := $(BUILD)/obj/tests/sched
SCHED_BINS := $(SCHED_VM)/sched-probe $(SCHED_VM)/sched-hog \
	$(SCHED_VM)/sched-io $(SCHED_VM)/sched-static $(SCHED_VM)/sched-pct
VM_BINS += $(SCHED_BINS)
GUEST_SHARE += tests/sched/sched-static.rules tests/sched/sched-agent.sh

-include $(wildcard $(SCHED_OBJ)/*.d)

$(SCHED_VM)/sched-probe: $(SCHED_OBJ)/frame_probe.o $(SCHED_OBJ)/work.o \
		$(SCHED_OBJ)/stats.o $(SCHED_OBJ)/args.o
$(SCHED_VM)/sched-hog: $(SCHED_OBJ)/hog.o $(SCHED_OBJ)/work.o \
		$(SCHED_OBJ)/args.o
$(SCHED_VM)/sched-io: $(SCHED_OBJ)/io_job.o $(SCHED_OBJ)/work.o \
		$(SCHED_OBJ)/args.o
$(SCHED_VM)/sched-static: $(SCHED_OBJ)/static_rules.o
$(SCHED_VM)/sched-pct: $(SCHED_OBJ)/pct.o $(SCHED_OBJ)/stats.o
$(SCHED_BINS):
	@mkdir -p $(dir $@)
	$(CC) $(USER_LDFLAGS) -o $@ $^

# The host side of the benchmark: its report's arithmetic.
UNIT_TESTS += tests/unit/sched/test_sched_report.sh

.PHONY: sched bench-sched
sched: $(SCHED_BINS)

# Probe latency and total work beside hogs, with and without llmos, in one
# boot of the test kernel; figures in $(BUILD)/bench/sched.json. When llmos
# fails in the guest, the other configurations' figures are still kept.
BENCHES += bench-sched
bench-sched: initramfs
	@rc=0; tests/vm/run.sh --suite bench --filter '70-sched*' $(VMLINUZ) \
		$(BUILD)/vm/initramfs.cpio.gz || rc=$$?; \
	mkdir -p $(BUILD)/bench && \
	tests/sched/report.sh $(BUILD)/vm/bench/out.log \
		$(BUILD)/bench/sched.json && exit $$rc
