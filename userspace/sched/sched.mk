# SPDX-License-Identifier: GPL-2.0
#
# userspace/sched/: scheduling classes, hints, overrides, labels and
# `llmosctl top` (Documentation/scheduling.md). Included by
# userspace/userspace.mk after its object lists are set and before its
# link rules.

SCHED_CORE_SRCS := features.c classify.c policy.c overrides.c intent.c \
	state_file.c
SCHED_LLMOSD_SRCS := $(SCHED_CORE_SRCS) stage.c model_prior.c
SCHED_LLMOSCTL_SRCS := $(SCHED_CORE_SRCS) labeler.c top.c
# What the unit tests link (with AGENT_TEST_SAN_OBJS).
SCHED_TESTED_SRCS := $(SCHED_CORE_SRCS) stage.c labeler.c top.c

sched_obj = $(addprefix $(BUILD)/obj/userspace/sched/,$(1:.c=.o))
sched_san = $(addprefix $(BUILD)/san/userspace/sched/,$(1:.c=.o))

# model_prior.c uses the model library, which userspace/anomaly.mk links
# into llmosd (after these objects) with -lm.
LLMOSD_OBJS += $(call sched_obj,$(SCHED_LLMOSD_SRCS))
# llmosctl links no libm: features.c computes its own logarithm.
LLMOSCTL_OBJS += $(call sched_obj,$(SCHED_LLMOSCTL_SRCS))

# --- unit tests ---------------------------------------------------------------
SCHED_TESTS := features classify policy overrides intent stage state
SCHED_TEST_SAN_OBJS := $(call sched_san,$(SCHED_TESTED_SRCS)) \
	$(BUILD)/san/userspace/device_client.o
UNIT_TESTS += $(addprefix $(BUILD)/tests/unit/sched/test_sched_,$(SCHED_TESTS))

$(BUILD)/san/tests/unit/sched/%.o: USER_CFLAGS += -Iuserspace

$(BUILD)/tests/unit/sched/test_sched_%: \
		$(BUILD)/san/tests/unit/sched/test_sched_%.o \
		$(SCHED_TEST_SAN_OBJS) $(AGENT_TEST_SAN_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -o $@ $^ -lcmocka -lm $(AGENT_LIB_LIBS)

$(call sched_obj,$(SCHED_LLMOSD_SRCS) $(SCHED_LLMOSCTL_SRCS)) \
$(SCHED_TEST_SAN_OBJS) \
$(addprefix $(BUILD)/san/tests/unit/sched/test_sched_, \
	$(addsuffix .o,$(SCHED_TESTS))): $(SYSCALL_TOKENS_H)

-include $(wildcard $(BUILD)/obj/userspace/sched/*.d \
	$(BUILD)/san/userspace/sched/*.d $(BUILD)/san/tests/unit/sched/*.d)
