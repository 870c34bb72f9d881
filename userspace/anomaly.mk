# SPDX-License-Identifier: GPL-2.0
#
# Anomaly detection in llmosd (issue 6, Documentation/anomaly.md): the
# scoring stage linked into llmosd, the calibration tool llmos-anomaly,
# unit tests, the shipped model (`make model`) and the live-attack
# evaluation (`make eval-live`). Included at the end of userspace.mk; refers
# to the model library by path since model/model.mk comes later.

ANOMALY_SRCS := anomaly anomaly_model
ANOMALY_OBJS := $(ANOMALY_SRCS:%=$(BUILD)/obj/userspace/anomaly/%.o)
ANOMALY_MODEL_LIB := $(BUILD)/obj/model/libllmos-model.a
ANOMALY_LIBS := -lz -lm -lpthread
# The shipped model, llmosd's default (in the guest: /llmos/share).
ANOMALY_MODEL := model/default.llmos

$(ANOMALY_OBJS) $(BUILD)/obj/userspace/anomaly/anomaly_main.o \
$(BUILD)/obj/userspace/llmosd_main.o: USER_CFLAGS += -Iuserspace -Imodel
$(ANOMALY_OBJS) $(BUILD)/obj/userspace/anomaly/anomaly_main.o: \
	$(SYSCALL_TOKENS_H)
# The prediction cache's fill loop is left to the vectorizer, as in model/.
$(ANOMALY_OBJS): USER_CFLAGS += -O3

# llmosd scores with the model library.
$(BUILD)/bin/llmosd: $(ANOMALY_OBJS) $(ANOMALY_MODEL_LIB)
$(BUILD)/bin/llmosd: PROBES_LIBS += -lm -lpthread

USER_BINS += $(BUILD)/bin/llmos-anomaly
$(BUILD)/bin/llmos-anomaly: $(BUILD)/obj/userspace/anomaly/anomaly_main.o \
		$(ANOMALY_OBJS) $(BUILD)/obj/userspace/device_client.o \
		$(AGENT_LIB_OBJS) $(ANOMALY_MODEL_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(ANOMALY_LIBS)

GUEST_SHARE += $(wildcard $(ANOMALY_MODEL))

# --- unit tests ---------------------------------------------------------------
ANOMALY_TEST_OBJ := $(BUILD)/obj/tests/unit/anomaly/test_anomaly.o
$(ANOMALY_TEST_OBJ): USER_CFLAGS += -Iuserspace -Imodel
$(ANOMALY_TEST_OBJ): $(SYSCALL_TOKENS_H)

$(BUILD)/tests/unit/anomaly/test_anomaly: $(ANOMALY_TEST_OBJ) \
		$(ANOMALY_OBJS) $(BUILD)/obj/userspace/device_client.o \
		$(AGENT_LIB_OBJS) $(ANOMALY_MODEL_LIB)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lcmocka $(ANOMALY_LIBS)

UNIT_TESTS += $(BUILD)/tests/unit/anomaly/test_anomaly
# llmos-anomaly's numeric options.
UNIT_TESTS += tests/unit/anomaly/test_anomaly_cli.sh
unit: $(BUILD)/bin/llmos-anomaly

-include $(wildcard $(BUILD)/obj/userspace/anomaly/*.d \
	$(BUILD)/obj/tests/unit/anomaly/*.d)

# --- the shipped model ----------------------------------------------------------
# Records the normal workload in the test kernel, trains, quantizes,
# calibrates: scripts/make-model.sh (minutes of TCG time and training).
.PHONY: model eval-live
model: $(BUILD)/bin/llmos-train $(BUILD)/bin/llmos-anomaly module $(USER_BINS) \
		$(VM_BINS)
	scripts/make-model.sh

# --- live attacks ---------------------------------------------------------------
# The shipped model against tests/attacks and the held-out normal workload
# in the test kernel: build/eval-live.json.
eval-live: all $(VM_BINS)
	scripts/eval-live.sh

# --- benchmark ------------------------------------------------------------------
# bench-agent (userspace.mk) replays the normal workload recorded for it
# with every event scored by the shipped model, and this trace as the worst
# case.
ANOMALY_BENCH_TRACE := $(BUILD)/bench-data/agent-10k-model.trace
$(ANOMALY_BENCH_TRACE): $(BUILD)/bin/llmosctl
	@mkdir -p $(dir $@)
	$(BUILD)/bin/llmosctl trace synth --procs 10000 --syscalls 2000000 \
		--seed 2 -o $@

bench-agent: $(ANOMALY_BENCH_TRACE)
bench-agent: export BENCH_MODEL := $(wildcard $(ANOMALY_MODEL))
bench-agent: export BENCH_MODEL_TRACE := $(ANOMALY_BENCH_TRACE)
bench-agent: export BENCH_RECORDED := $(AGENT_RECORDED_TRACE)
