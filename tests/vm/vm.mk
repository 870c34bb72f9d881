# The test kernel's initramfs: rebuilt on every use (a few seconds), since
# it gathers the outputs of every other part of the tree.
initramfs: module $(USER_BINS) $(VM_BINS)
	@mkdir -p $(BUILD)/vm
	tests/vm/mkinitramfs.sh $(BUILD)/vm/initramfs.cpio.gz kmod/llmos.ko \
		"$(USER_BINS) $(VM_BINS)" "$(GUEST_SHARE)"

GUEST_SHARE += tests/vm/agent-lib.sh

# run.sh's command line and verdicts, against a stand-in for QEMU.
UNIT_TESTS += tests/unit/vm/test_run_sh.sh
