/* seam.h: the constants that cross the JNI seam (pump result bits, counters), as X-macro lists. */
#pragma once

/*
 * Java gets these too: at build time native/seam_java.awk turns this file into
 * io.github.vhostdeviceinput.nativeio.Seam (target/generated-sources/seam), so
 * the C and Java sides cannot drift apart.
 *
 * To add a pump bit, add one X(NAME, value, "meaning") line to VDI_PUMP_BITS:
 * NAME becomes PUMP_NAME in C (device.h) and Seam.PUMP_NAME in Java; value is
 * the next free bit, in hex.
 *
 * To add a counter, add one X(NAME, "meaning") line at the end of
 * VDI_COUNTERS (the tests find the counters' log line by its first entry,
 * pump_returns=): NAME becomes VDI_NAME in enum vdi_counter (device.h),
 * Seam.Counter.NAME in Java, and name=value, in lower case, in the counters
 * logged at exit. Then fill it in in vdi_device_counters().
 *
 * Each entry sits on one line of its own, with its meaning as one plain
 * string (no backslash, quote or star-slash), which becomes its Javadoc.
 */

/* What vdi_device_pump() reports, as a mask: X(NAME, bit, meaning). */
#define VDI_PUMP_BITS(X) \
	X(SOCKET, 0x1, "a message, a connection or a hang-up is waiting on the socket") \
	X(WAKE, 0x2, "vdi_device_wake() was called") \
	X(DEVICE_GONE, 0x4, "the host device vanished; it is no longer read") \
	X(RING_BROKEN, 0x8, "the guest corrupted a ring's avail side; the ring is no longer used") \
	X(RING_STARTED, 0x10, "the guest driver started the event ring: input flows") \
	X(RING_STOPPED, 0x20, "the event ring stopped: input is discarded until it runs again")

/* The device's counters, in the order vdi_device_counters() copies them: X(NAME, meaning). */
#define VDI_COUNTERS(X) \
	X(PUMP_RETURNS, "times the pump returned to its caller") \
	X(EVENTS_READ, "input events read from the host device") \
	X(EVENTS_DELIVERED, "input events written to the guest's event ring") \
	X(EVENTS_DISCARDED, "input events discarded: ring stopped, or frame left unfinished") \
	X(FRAMES_DROPPED, "frames dropped from a full backlog; a resync follows") \
	X(FRAMES_SPLIT, "frames too long for the backlog, cut with an extra SYN_REPORT") \
	X(RESYNCS, "frames sent to bring the guest to the host's state: after drops, SYN_DROPPED or a ring restart") \
	X(EVENTQ_CALLS, "interrupts sent to the guest for the event ring") \
	X(STATUSQ_CALLS, "interrupts sent to the guest for the status ring") \
	X(KICKS, "kicks from the guest, on either ring") \
	X(BAD_BUFFERS, "malformed descriptor chains from the guest, on either ring") \
	X(STATUS_APPLIED, "status events (LEDs, sounds) written to the host device") \
	X(STATUS_DROPPED, "status events not written: not an LED or sound, or the device is gone") \
	X(SYN_DROPPED, "times the host device reported SYN_DROPPED: the kernel dropped events") \
	X(REPEATS_DROPPED, "key repeats (value 2) from the host not passed on: the guest repeats keys itself") \
	X(FRAMES_PACED, "frames of a burst that waited, so the guest's reader keeps up") \
	X(GUEST_STALLS, "times the guest took nothing for 50 ms while input waited; what waited went out paced")
