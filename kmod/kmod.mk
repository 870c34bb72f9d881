# SPDX-License-Identifier: GPL-2.0
#
# llmos.ko itself is built by the top-level `make module` through kmod/Kbuild.
# This fragment adds the module's guest test client.

DEVTEST_OBJS := $(BUILD)/obj/tests/vm/kmod/devtest.o

VM_BINS += $(BUILD)/bin/llmos-devtest

$(BUILD)/bin/llmos-devtest: $(DEVTEST_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_LDFLAGS) -o $@ $^

-include $(DEVTEST_OBJS:.o=.d)
GUEST_SHARE += tests/vm/kmod/kmod-lib.sh
