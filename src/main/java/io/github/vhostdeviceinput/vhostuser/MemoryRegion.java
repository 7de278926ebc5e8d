// One guest memory region from SET_MEM_TABLE, validated against overflow.
package io.github.vhostdeviceinput.vhostuser;

/**
 * A region of guest memory, mapped from the fd sent with it.
 *
 * @param guestPhysAddr guest-physical start address
 * @param size length in bytes, at least 1
 * @param userAddr the start address in the front-end's own address space (vring addresses use it)
 * @param mmapOffset offset of the region in the fd
 */
public record MemoryRegion(long guestPhysAddr, long size, long userAddr, long mmapOffset) {}
