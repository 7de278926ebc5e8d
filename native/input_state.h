/* input_state.h: what an input core holds for one device, and the frame that moves one such state to another. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <linux/input.h>

#include "virtio_input.h"

#define STATE_BITS_BYTES(count) (((count) + 7) / 8)
/* Multitouch slots kept per device; a device with more has the rest passed
 * through but not resynced. Linux's own devices stay far below this. */
#define STATE_MAX_SLOTS 64
/* The per-slot axes, ABS_MT_TOUCH_MAJOR..ABS_MT_TOOL_Y (the kernel's ABS_MT_FIRST..LAST). */
#define STATE_MT_FIRST ABS_MT_TOUCH_MAJOR
#define STATE_MT_AXES (ABS_MT_TOOL_Y - ABS_MT_TOUCH_MAJOR + 1)
/* The longest frame input_state_diff() can build: every key, switch, LED and
 * axis, every slot with ABS_MT_SLOT and its axes, the closing ABS_MT_SLOT
 * and SYN_REPORT. */
#define STATE_DIFF_MAX \
	(KEY_CNT + SW_CNT + LED_CNT + ABS_CNT + STATE_MAX_SLOTS * (1 + STATE_MT_AXES) + 2)

/* Which codes a device has: what its config space tells the guest. */
struct input_facts {
	uint8_t key[STATE_BITS_BYTES(KEY_CNT)];
	uint8_t sw[STATE_BITS_BYTES(SW_CNT)];
	uint8_t led[STATE_BITS_BYTES(LED_CNT)];
	uint8_t abs[STATE_BITS_BYTES(ABS_CNT)];
	int num_slots; /* ABS_MT_SLOT's maximum + 1, capped at STATE_MAX_SLOTS; 0 without slots */
};

/* The state an input core keeps and passes on to readers: keys and buttons
 * down, switches and LEDs on, absolute values, and per multitouch slot the
 * values of its axes, with the slot last selected. */
struct input_state {
	uint8_t key[STATE_BITS_BYTES(KEY_CNT)];
	uint8_t sw[STATE_BITS_BYTES(SW_CNT)];
	uint8_t led[STATE_BITS_BYTES(LED_CNT)];
	int32_t abs[ABS_CNT];
	int32_t slot;
	int32_t mt[STATE_MAX_SLOTS][STATE_MT_AXES];
};

/** Returns whether bit n is set in bits. */
static inline bool
state_bit(const uint8_t *bits, unsigned int n)
{
	return bits[n / 8] & (1u << (n % 8));
}

/** Sets or clears bit n in bits. */
static inline void
state_set_bit(uint8_t *bits, unsigned int n, bool on)
{
	if (on)
		bits[n / 8] |= 1u << (n % 8);
	else
		bits[n / 8] &= ~(1u << (n % 8));
}

/**
 * Sets s to what a freshly probed device holds in the guest: nothing down or
 * on, every axis 0, every slot's tracking id -1 (as input_mt_init_slots()
 * leaves it) and slot 0 selected.
 */
void input_state_init(struct input_state *s);

/**
 * Applies one event to s as the Linux input core does for a device with
 * facts f: codes the device lacks are ignored, a key repeat (value 2)
 * changes nothing, ABS_MT_SLOT selects a slot if it exists, and the per-slot
 * axes change the selected slot (without slots the core keeps nothing of them).
 * Absolute fuzz is not modelled.
 */
void input_state_apply(struct input_state *s, const struct input_facts *f, uint16_t type,
		       uint16_t code, int32_t value);

/**
 * Builds the frame that takes an input core from state from to state to, for
 * a device with facts f: per multitouch slot that differs, ABS_MT_SLOT and
 * the axes that differ (tracking id first); the selected slot restored; then
 * differing axes, keys, switches and LEDs; then SYN_REPORT. Writes at most
 * max events into out (max >= STATE_DIFF_MAX always suffices).
 *
 * @return the number of events written, or 0 if the states agree (or the
 * frame would not fit).
 */
uint32_t input_state_diff(const struct input_state *from, const struct input_state *to,
			  const struct input_facts *f, struct virtio_input_event *out, uint32_t max);
