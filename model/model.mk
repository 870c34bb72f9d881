# SPDX-License-Identifier: GPL-2.0
#
# The transformer (model/): a static library that the trainer, the agent and
# the tests link, the trainer llmos-train, unit tests and the benchmark.

MODEL_SRCS := params rng layernorm linear attention ffn sched_head loss \
	transformer quant int8_dot f32_dot kernels kernels_math net kv_cache \
	score model_file adam lr_schedule dataset trace_plain eval trace_nll \
	trace_score train errmsg sched_eval
MODEL_OBJS := $(MODEL_SRCS:%=$(BUILD)/obj/model/%.o)
MODEL_SAN_OBJS := $(MODEL_SRCS:%=$(BUILD)/san/model/%.o)
# For other parts of the tree: link $(MODEL_LIB) $(MODEL_LIBS).
MODEL_LIB := $(BUILD)/obj/model/libllmos-model.a
MODEL_SAN_LIB := $(BUILD)/san/model/libllmos-model.a
MODEL_LIBS := -lz -lm -lpthread

# The hot loops are plain C left to the vectorizer; -O3 pays for them.
$(BUILD)/obj/model/%.o $(BUILD)/san/model/%.o: USER_CFLAGS += -O3

$(MODEL_LIB): $(MODEL_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

$(MODEL_SAN_LIB): $(MODEL_SAN_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

USER_BINS += $(BUILD)/bin/llmos-train

# The trainer reads the agent's traces with the agent's own library and
# syscall token table (userspace/userspace.mk), and their scheduling labels
# with the labels reader (userspace/sched/sched.mk).
TRAIN_AGENT_OBJS := $(AGENT_LIB_OBJS) \
	$(call sched_obj,labeler.c features.c classify.c)
$(BUILD)/obj/model/trace_agent.o $(BUILD)/obj/model/train_main.o: \
	USER_CFLAGS += -Iuserspace
$(BUILD)/obj/model/trace_agent.o $(BUILD)/obj/model/train_main.o: \
	$(SYSCALL_TOKENS_H)

$(BUILD)/bin/llmos-train: $(BUILD)/obj/model/train_main.o \
		$(BUILD)/obj/model/trace_agent.o $(MODEL_LIB) $(TRAIN_AGENT_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_LDFLAGS) -o $@ $^ $(MODEL_LIBS)

# --- unit tests ----------------------------------------------------------
MODEL_TESTS := grad train int8 kvcache data
MODEL_SAN_TESTS := file

$(BUILD)/obj/tests/unit/model/%.o $(BUILD)/san/tests/unit/model/%.o: \
	USER_CFLAGS += -Imodel

$(BUILD)/tests/unit/model/test_model_%: \
		$(BUILD)/obj/tests/unit/model/test_model_%.o \
		$(BUILD)/obj/tests/unit/model/model_testlib.o $(MODEL_LIB)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lcmocka $(MODEL_LIBS)

# Parsers of hostile input run under ASan and UBSan.
$(BUILD)/tests/unit/model/san/test_model_%: \
		$(BUILD)/san/tests/unit/model/test_model_%.o \
		$(BUILD)/san/tests/unit/model/model_testlib.o $(MODEL_SAN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -o $@ $^ -lcmocka $(MODEL_LIBS)

# The trainer's data loading, with the agent's library it links.
$(BUILD)/obj/tests/unit/model/test_model_traces.o: USER_CFLAGS += -Iuserspace
$(BUILD)/obj/tests/unit/model/test_model_traces.o: $(SYSCALL_TOKENS_H)

$(BUILD)/tests/unit/model/test_model_traces: \
		$(BUILD)/obj/tests/unit/model/test_model_traces.o \
		$(BUILD)/obj/tests/unit/model/model_testlib.o \
		$(BUILD)/obj/model/trace_agent.o $(MODEL_LIB) $(TRAIN_AGENT_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lcmocka $(MODEL_LIBS)

UNIT_TESTS += $(MODEL_TESTS:%=$(BUILD)/tests/unit/model/test_model_%) \
	$(BUILD)/tests/unit/model/test_model_traces \
	$(MODEL_SAN_TESTS:%=$(BUILD)/tests/unit/model/san/test_model_%)
# llmos-train's numeric options.
UNIT_TESTS += tests/unit/model/test_train_cli.sh
unit: $(BUILD)/bin/llmos-train

# --- benchmark -----------------------------------------------------------
BENCHES += bench-model
.PHONY: bench-model

$(BUILD)/tests/bench/llmos-bench-model: $(BUILD)/obj/model/bench_main.o \
		$(MODEL_LIB)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(MODEL_LIBS)

bench-model: $(BUILD)/tests/bench/llmos-bench-model
	@mkdir -p $(BUILD)/bench
	$< $(BUILD)/bench/model.json

-include $(MODEL_OBJS:.o=.d) $(MODEL_SAN_OBJS:.o=.d) \
	$(BUILD)/obj/model/train_main.d $(BUILD)/obj/model/bench_main.d \
	$(BUILD)/obj/model/trace_agent.d \
	$(wildcard $(BUILD)/obj/tests/unit/model/*.d \
		$(BUILD)/san/tests/unit/model/*.d)

# Keep the objects of pattern-built test programs between builds.
.PRECIOUS: $(BUILD)/obj/tests/unit/model/%.o $(BUILD)/san/tests/unit/model/%.o
