# SPDX-License-Identifier: GPL-2.0
#
# The public-benchmark evaluation (eval/): `make eval` prints a table and
# writes $(BUILD)/eval.json; see Documentation/evaluation.md.
#
#   make eval                          train (or reuse), score, report
#   make eval EVAL_TRAIN_OPTS='--steps 4000 --d-model 128'
#   make eval EVAL_MODEL=FILE          score this model, no training
#   make eval EVAL_BACKWARD=0          the forward model alone
#   make eval EVAL_REQUIRE_MODEL=1     fail if the transformer row is missing
#
# The harness runs on the host only: nothing here goes into the guest.

EVAL_SRCS := seqtab tracefile split metrics stide ngram
EVAL_OBJS := $(EVAL_SRCS:%=$(BUILD)/obj/eval/%.o)
EVAL_SAN_OBJS := $(EVAL_SRCS:%=$(BUILD)/san/eval/%.o)
EVAL_BIN := $(BUILD)/tests/eval/llmos-eval

# The split: seed of the file-name hash, share of validation that calibrates.
EVAL_SEED ?= 1
EVAL_CALIB_FRAC ?= 0.3
# The transformer's recipe (extra options of `llmos-train train`) and of
# `llmos-train score`; the cached model in $(BUILD)/eval/ is keyed by them.
# Chosen on a development split (Documentation/evaluation.md): the default
# model with a cosine learning-rate schedule, scored by the position-
# weighted mean NLL. One training thread keeps the model reproducible.
EVAL_TRAIN_OPTS ?= --threads 1 --schedule cosine --lr 2e-3 --warmup 200 \
	--held-out 0
EVAL_SCORE_OPTS ?= --position-tau 5
# Also train a backward model (the same recipe on reversed traces) and
# score each call by the larger surprise of the two (llmos-train score
# --backward). With EVAL_MODEL, EVAL_BACKWARD_MODEL names the backward one.
EVAL_BACKWARD ?= 1
EVAL_BACKWARD_MODEL ?=
# Scoring processes run at once.
EVAL_JOBS ?= 2
EVAL_MODEL ?=
EVAL_REQUIRE_MODEL ?= 0
# UNM smoke check: baselines always; the transformer (three more trainings)
# only with EVAL_UNM_TRANSFORMER=1.
EVAL_UNM ?= 1
EVAL_UNM_TRANSFORMER ?= 0
EVAL_UNM_TRAIN_OPTS ?= $(EVAL_TRAIN_OPTS)

.PHONY: eval eval-llmos-train

$(EVAL_BIN): $(BUILD)/obj/eval/eval_main.o $(EVAL_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lm

# A trainer that does not build leaves the baselines running: the failure
# is recorded for eval/run.sh, which reports the transformer row missing.
eval-llmos-train:
	@mkdir -p $(BUILD)/eval
	@if $(MAKE) --no-print-directory $(BUILD)/bin/llmos-train \
			>$(BUILD)/eval/build-llmos-train.log 2>&1; then \
		rm -f $(BUILD)/eval/llmos-train.broken; \
	else \
		touch $(BUILD)/eval/llmos-train.broken; \
	fi

eval: $(EVAL_BIN) eval-llmos-train
	@BUILD='$(BUILD)' ADFA_DIR='$(ADFA_DIR)' UNM_DIR='$(UNM_DIR)' \
	EVAL_BIN='$(EVAL_BIN)' \
	LLMOS_TRAIN='$(BUILD)/bin/llmos-train' \
	EVAL_SEED='$(EVAL_SEED)' EVAL_CALIB_FRAC='$(EVAL_CALIB_FRAC)' \
	EVAL_TRAIN_OPTS='$(EVAL_TRAIN_OPTS)' \
	EVAL_SCORE_OPTS='$(EVAL_SCORE_OPTS)' EVAL_JOBS='$(EVAL_JOBS)' \
	EVAL_MODEL='$(EVAL_MODEL)' EVAL_BACKWARD='$(EVAL_BACKWARD)' \
	EVAL_BACKWARD_MODEL='$(EVAL_BACKWARD_MODEL)' \
	EVAL_REQUIRE_MODEL='$(EVAL_REQUIRE_MODEL)' EVAL_UNM='$(EVAL_UNM)' \
	EVAL_UNM_TRANSFORMER='$(EVAL_UNM_TRANSFORMER)' \
	EVAL_UNM_TRAIN_OPTS='$(EVAL_UNM_TRAIN_OPTS)' \
	eval/run.sh

# --- unit tests ----------------------------------------------------------
# Under ASan/UBSan: the split and trace readers parse files.
EVAL_TESTS := metrics baselines split

$(BUILD)/san/tests/unit/eval/%.o: USER_CFLAGS += -Ieval

$(BUILD)/tests/unit/eval/test_eval_%: \
		$(BUILD)/san/tests/unit/eval/test_eval_%.o $(EVAL_SAN_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -o $@ $^ -lcmocka -lm

UNIT_TESTS += $(EVAL_TESTS:%=$(BUILD)/tests/unit/eval/test_eval_%)

# The score of `llmos-train score` (model/trace_score.c, trace_nll.c), with
# the model library and its tests' tiny models.
$(BUILD)/obj/tests/unit/eval/test_eval_trace_score.o: \
	USER_CFLAGS += -Imodel -Itests/unit/model

$(BUILD)/tests/unit/eval/test_eval_trace_score: \
		$(BUILD)/obj/tests/unit/eval/test_eval_trace_score.o \
		$(BUILD)/obj/tests/unit/model/model_testlib.o $(MODEL_LIB)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ -lcmocka $(MODEL_LIBS)

UNIT_TESTS += $(BUILD)/tests/unit/eval/test_eval_trace_score

-include $(wildcard $(BUILD)/obj/eval/*.d $(BUILD)/san/eval/*.d \
	$(BUILD)/san/tests/unit/eval/*.d $(BUILD)/obj/tests/unit/eval/*.d)

.PRECIOUS: $(BUILD)/san/tests/unit/eval/%.o
