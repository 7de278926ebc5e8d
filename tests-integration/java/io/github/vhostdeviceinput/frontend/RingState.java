// One ring's indices at shutdown: the back-end's GET_VRING_BASE and the driver's own view.
package io.github.vhostdeviceinput.frontend;

/**
 * @param queue the queue index
 * @param backendBase what GET_VRING_BASE returned: the back-end's next available index
 * @param availIdx the driver's avail.idx (buffers made available, free-running 16 bits)
 * @param usedIdx used.idx in guest memory
 * @param lastUsedIdx the used entries the driver has consumed
 */
public record RingState(int queue, int backendBase, int availIdx, int usedIdx, int lastUsedIdx) {}
