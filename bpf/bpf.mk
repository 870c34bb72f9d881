# SPDX-License-Identifier: GPL-2.0
#
# The CO-RE probes, their loader library and the probe-overhead benchmark.
#
# For programs that embed the probes (llmosd), link:
#   $(PROBES_OBJS)  the loader (userspace/probes.c with its flush timer,
#                   flush_ticks.c, and cpu_list.c), include "probes.h"
#   $(PROBES_LIBS)  libbpf and what it needs, static; put it last
# and make every object that includes probes.h depend on $(PROBES_SKEL).
#
# The BPF side is built against the BTF of the test kernel (not the host's):
# vmlinux.h comes from the vmlinux inside $(VMLINUZ).

PROBES_SKEL := $(BUILD)/gen/probes.skel.h
PROBES_OBJS := $(addprefix $(BUILD)/obj/userspace/,probes.o flush_ticks.o \
	cpu_list.o)
PROBES_LIBS := -lbpf -lelf -lz -lzstd

BPF_CFLAGS := -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_x86 -Wall \
	-I$(BUILD)/gen -Ibpf

$(BUILD)/gen/vmlinux: $(VMLINUZ) | $(LINUX_SRC)/.extracted
	@mkdir -p $(dir $@)
	$(LINUX_SRC)/scripts/extract-vmlinux $(VMLINUZ) >$@.tmp
	mv $@.tmp $@

$(BUILD)/gen/vmlinux.h: $(BUILD)/gen/vmlinux
	$(BPFTOOL) btf dump file $< format c >$@.tmp
	mv $@.tmp $@

$(BUILD)/obj/bpf/%.bpf.o: bpf/%.bpf.c $(BUILD)/gen/vmlinux.h bpf/events.h \
		bpf/bench/naive.h
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/gen/probes.skel.h: $(BUILD)/obj/bpf/probes.bpf.o
	$(BPFTOOL) gen skeleton $< name probes_bpf >$@.tmp
	mv $@.tmp $@

$(BUILD)/gen/naive.skel.h: $(BUILD)/obj/bpf/bench/naive.bpf.o
	$(BPFTOOL) gen skeleton $< name naive_bpf >$@.tmp
	mv $@.tmp $@

$(BUILD)/obj/userspace/probes.o: $(PROBES_SKEL)

# --- guest test programs --------------------------------------------------
PROBES_VM := $(BUILD)/tests/vm/probes
PROBE_BINS := $(PROBES_VM)/probe-dump $(PROBES_VM)/probe-bench \
	$(PROBES_VM)/syscall-seq
VM_BINS += $(PROBE_BINS)

$(BUILD)/obj/tests/vm/probes/probe-dump.o: $(PROBES_SKEL)
$(BUILD)/obj/tests/vm/probes/probe-bench.o: $(PROBES_SKEL)
$(BUILD)/obj/tests/vm/probes/naive.o: $(BUILD)/gen/naive.skel.h
-include $(wildcard $(BUILD)/obj/tests/vm/probes/*.d)

$(PROBES_VM)/probe-dump: $(BUILD)/obj/tests/vm/probes/probe-dump.o \
		$(PROBES_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(PROBES_LIBS)

$(PROBES_VM)/probe-bench: $(BUILD)/obj/tests/vm/probes/probe-bench.o \
		$(BUILD)/obj/tests/vm/probes/naive.o $(PROBES_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(PROBES_LIBS)

$(PROBES_VM)/syscall-seq: $(BUILD)/obj/tests/vm/probes/syscall-seq.o
	@mkdir -p $(dir $@)
	$(CC) $(USER_LDFLAGS) -o $@ $^

.PHONY: probes bench-probes
probes: $(PROBES_OBJS) $(PROBE_BINS)

# Overhead of the probes on a syscall-heavy loop, measured in the guest by
# tests/vm/bench/20-probes.sh; the guest's logs go to their own directory
# so that other benchmarks' boots cannot mix with them.
BENCHES += bench-probes
PROBES_BENCH_LOG := $(BUILD)/bench-probes-vm/vm/bench/out.log
bench-probes: initramfs
	@BUILD=$(BUILD)/bench-probes-vm tests/vm/run.sh --suite bench \
		--filter '*-probes' $(VMLINUZ) $(BUILD)/vm/initramfs.cpio.gz
	@mkdir -p $(BUILD)/bench
	@tr -d '\r' <$(PROBES_BENCH_LOG) | grep -v '^probes-json: '
	@tr -d '\r' <$(PROBES_BENCH_LOG) | \
		sed -n 's/^probes-json: //p' | tail -n1 >$(BUILD)/bench/probes.json
	@test -s $(BUILD)/bench/probes.json || \
		{ echo "bench-probes: no figures from the guest" >&2; exit 1; }
