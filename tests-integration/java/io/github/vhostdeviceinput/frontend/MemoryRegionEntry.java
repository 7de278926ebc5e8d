// One region of the SET_MEM_TABLE payload: where guest memory lies for the guest, QEMU and the fd.
package io.github.vhostdeviceinput.frontend;

/**
 * A memory region as the front-end announces it.
 *
 * @param guestPhysAddr guest-physical start (descriptor addresses use it)
 * @param size length in bytes
 * @param userAddr start in the front-end's address space (vring addresses use it)
 * @param mmapOffset offset of the region inside the fd sent with it
 */
public record MemoryRegionEntry(long guestPhysAddr, long size, long userAddr, long mmapOffset) {}
