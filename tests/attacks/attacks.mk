# Attack programs for the live-attack evaluation (issue 6): static, run only
# in the guest, where they land in /llmos/bin as attack-NAME next to
# run-attacks (tests/attacks/run-all.sh); the list of names goes to
# /llmos/share/attacks.list.

ATTACKS := $(shell sed 's/#.*//' tests/attacks/attacks.list)
ATTACK_BINS := $(ATTACKS:%=$(BUILD)/tests/bin/attack-%)
ATTACK_OBJS := $(ATTACKS:%=$(BUILD)/obj/tests/attacks/%.o) \
	$(BUILD)/obj/tests/attacks/common.o

VM_BINS += $(ATTACK_BINS) $(BUILD)/tests/bin/run-attacks
GUEST_SHARE += tests/attacks/attacks.list

$(BUILD)/tests/bin/attack-%: $(BUILD)/obj/tests/attacks/%.o \
		$(BUILD)/obj/tests/attacks/common.o
	@mkdir -p $(dir $@)
	$(CC) $(USER_LDFLAGS) $^ -o $@

$(BUILD)/tests/bin/run-attacks: tests/attacks/run-all.sh
	@mkdir -p $(dir $@)
	install -m 755 $< $@

# Kept: they are intermediate files of the pattern rule.
.SECONDARY: $(ATTACK_OBJS)

-include $(ATTACK_OBJS:.o=.d)
