# The normal workload for training and false-alert measurement (issue 6):
# tests/workloads/normal.sh goes to the guest's /llmos/bin as
# normal-workload, beside its static helper programs wl-*.

WL_PROGS := kvd kv loop journal
WL_BINS := $(WL_PROGS:%=$(BUILD)/tests/bin/wl-%)
WL_OBJS := $(WL_PROGS:%=$(BUILD)/obj/tests/workloads/%.o)

VM_BINS += $(WL_BINS) $(BUILD)/tests/bin/normal-workload

$(BUILD)/tests/bin/wl-%: $(BUILD)/obj/tests/workloads/%.o
	@mkdir -p $(dir $@)
	$(CC) $(USER_LDFLAGS) $^ -o $@

# The helpers that take numbers on their command line.
WL_ARGS_OBJ := $(BUILD)/obj/tests/workloads/wl_args.o
$(BUILD)/tests/bin/wl-journal $(BUILD)/tests/bin/wl-loop: $(WL_ARGS_OBJ)

$(BUILD)/tests/bin/normal-workload: tests/workloads/normal.sh
	@mkdir -p $(dir $@)
	install -m 755 $< $@

# Kept: they are intermediate files of the pattern rule.
.SECONDARY: $(WL_OBJS) $(WL_ARGS_OBJ)

-include $(WL_OBJS:.o=.d) $(WL_ARGS_OBJ:.o=.d)

# The helpers' refusals of bad numbers, run on the host.
UNIT_TESTS += tests/unit/workloads/test_wl_args.sh
unit: $(BUILD)/tests/bin/wl-loop $(BUILD)/tests/bin/wl-journal
