// How often the driver emulation kicked and was called on one queue, and what it consumed.
package io.github.vhostdeviceinput.frontend;

/**
 * Counters of one queue, from the driver's side.
 *
 * @param kicks notifications sent to the back-end (kick eventfd writes)
 * @param kicksSuppressed kicks skipped because the back-end asked not to be notified
 * @param calls wake-ups on the call eventfd ("interrupts"; several signals may merge into one)
 * @param spuriousCalls calls that found no new used entries
 * @param usedEntries used entries consumed
 * @param buffersPosted buffers made available (initial posts, re-posts and status sends)
 */
public record QueueCounters(
    long kicks,
    long kicksSuppressed,
    long calls,
    long spuriousCalls,
    long usedEntries,
    long buffersPosted) {}
