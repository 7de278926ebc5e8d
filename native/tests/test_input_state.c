/* test_input_state.c: the model of a Linux input core (keys, switches, LEDs, axes, MT slots) and the resync frame between two states. */
#include <string.h>

#include "check.h"
#include "frame_check.h"
#include "input_state.h"

static struct input_facts facts;
static struct input_state from, to;
static struct virtio_input_event out[STATE_DIFF_MAX];

/* A keyboard with A, B and C, a lid switch, two LEDs, and ABS_X, ABS_Y. */
static void
facts_plain(void)
{
	memset(&facts, 0, sizeof(facts));
	state_set_bit(facts.key, KEY_A, true);
	state_set_bit(facts.key, KEY_B, true);
	state_set_bit(facts.key, KEY_C, true);
	state_set_bit(facts.sw, SW_LID, true);
	state_set_bit(facts.led, LED_NUML, true);
	state_set_bit(facts.led, LED_CAPSL, true);
	state_set_bit(facts.abs, ABS_X, true);
	state_set_bit(facts.abs, ABS_Y, true);
}

/* A touchscreen with num_slots slots, tracking ids, positions and pressure, and BTN_TOUCH. */
static void
facts_touch(int num_slots)
{
	memset(&facts, 0, sizeof(facts));
	state_set_bit(facts.key, BTN_TOUCH, true);
	state_set_bit(facts.abs, ABS_X, true);
	state_set_bit(facts.abs, ABS_Y, true);
	state_set_bit(facts.abs, ABS_MT_SLOT, true);
	state_set_bit(facts.abs, ABS_MT_TRACKING_ID, true);
	state_set_bit(facts.abs, ABS_MT_POSITION_X, true);
	state_set_bit(facts.abs, ABS_MT_POSITION_Y, true);
	state_set_bit(facts.abs, ABS_MT_PRESSURE, true);
	facts.num_slots = num_slots;
}

/* Returns slot's value of the per-slot axis code in s. */
static int32_t
mt(const struct input_state *s, int slot, unsigned int code)
{
	return s->mt[slot][code - STATE_MT_FIRST];
}

/* Sets slot's value of the per-slot axis code in s. */
static void
set_mt(struct input_state *s, int slot, unsigned int code, int32_t value)
{
	s->mt[slot][code - STATE_MT_FIRST] = value;
}

/* Applies n events to s, as the guest's input core would on receiving them. */
static void
apply_frame(struct input_state *s, const struct virtio_input_event *events, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		input_state_apply(s, &facts, events[i].type, events[i].code, events[i].value);
}

/* Returns whether a and b hold the same keys, switches, LEDs, axes, slots and selection. */
static bool
state_equal(const struct input_state *a, const struct input_state *b)
{
	return memcmp(a->key, b->key, sizeof(a->key)) == 0 &&
	       memcmp(a->sw, b->sw, sizeof(a->sw)) == 0 &&
	       memcmp(a->led, b->led, sizeof(a->led)) == 0 &&
	       memcmp(a->abs, b->abs, sizeof(a->abs)) == 0 && a->slot == b->slot &&
	       memcmp(a->mt, b->mt, sizeof(a->mt)) == 0;
}

static void
test_a_fresh_state_has_nothing_down_no_contacts_and_slot_zero_selected(void)
{
	static const uint8_t zero[STATE_BITS_BYTES(KEY_CNT)];
	int slot, axis;
	bool clean = true;

	memset(&from, 0x5a, sizeof(from));
	input_state_init(&from);
	CHECK(memcmp(from.key, zero, sizeof(from.key)) == 0);
	CHECK(memcmp(from.sw, zero, sizeof(from.sw)) == 0);
	CHECK(memcmp(from.led, zero, sizeof(from.led)) == 0);
	for (axis = 0; axis < ABS_CNT; axis++)
		clean = clean && from.abs[axis] == 0;
	for (slot = 0; slot < STATE_MAX_SLOTS; slot++) {
		for (axis = 0; axis < STATE_MT_AXES; axis++) {
			int32_t want = STATE_MT_FIRST + axis == ABS_MT_TRACKING_ID ? -1 : 0;

			clean = clean && from.mt[slot][axis] == want;
		}
	}
	CHECK(clean);
	CHECK_EQ(from.slot, 0);
}

static void
test_a_key_goes_down_and_up_and_a_repeat_changes_nothing(void)
{
	facts_plain();
	input_state_init(&from);
	input_state_apply(&from, &facts, EV_KEY, KEY_A, 2); /* a repeat of a key that is up */
	CHECK(!state_bit(from.key, KEY_A));
	input_state_apply(&from, &facts, EV_KEY, KEY_A, 1);
	CHECK(state_bit(from.key, KEY_A));
	input_state_apply(&from, &facts, EV_KEY, KEY_A, 2);
	CHECK(state_bit(from.key, KEY_A));
	input_state_apply(&from, &facts, EV_KEY, KEY_A, 0);
	CHECK(!state_bit(from.key, KEY_A));
	CHECK(!state_bit(from.key, KEY_B));
}

static void
test_codes_the_device_lacks_are_ignored(void)
{
	facts_plain();
	input_state_init(&from);
	input_state_init(&to);
	input_state_apply(&from, &facts, EV_KEY, KEY_D, 1);
	input_state_apply(&from, &facts, EV_KEY, KEY_CNT, 1);
	input_state_apply(&from, &facts, EV_KEY, UINT16_MAX, 1);
	input_state_apply(&from, &facts, EV_SW, SW_TABLET_MODE, 1);
	input_state_apply(&from, &facts, EV_SW, SW_CNT, 1);
	input_state_apply(&from, &facts, EV_LED, LED_SCROLLL, 1);
	input_state_apply(&from, &facts, EV_LED, LED_CNT, 1);
	input_state_apply(&from, &facts, EV_ABS, ABS_Z, 9);
	input_state_apply(&from, &facts, EV_ABS, ABS_CNT, 9);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_POSITION_X, 9);
	input_state_apply(&from, &facts, EV_REL, REL_X, 9);
	input_state_apply(&from, &facts, EV_MSC, MSC_SCAN, 9);
	input_state_apply(&from, &facts, EV_SYN, SYN_REPORT, 0);
	input_state_apply(&from, &facts, EV_CNT, 0, 1);
	CHECK(state_equal(&from, &to));
}

static void
test_switches_and_leds_follow_their_values(void)
{
	facts_plain();
	input_state_init(&from);
	input_state_apply(&from, &facts, EV_SW, SW_LID, 1);
	input_state_apply(&from, &facts, EV_LED, LED_CAPSL, 1);
	CHECK(state_bit(from.sw, SW_LID));
	CHECK(state_bit(from.led, LED_CAPSL));
	CHECK(!state_bit(from.led, LED_NUML));
	input_state_apply(&from, &facts, EV_SW, SW_LID, 0);
	input_state_apply(&from, &facts, EV_LED, LED_CAPSL, 0);
	CHECK(!state_bit(from.sw, SW_LID));
	CHECK(!state_bit(from.led, LED_CAPSL));
}

static void
test_a_plain_axis_takes_its_latest_value(void)
{
	facts_plain();
	input_state_init(&from);
	input_state_apply(&from, &facts, EV_ABS, ABS_X, 123);
	input_state_apply(&from, &facts, EV_ABS, ABS_Y, -5);
	input_state_apply(&from, &facts, EV_ABS, ABS_X, 124);
	CHECK_EQ(from.abs[ABS_X], 124);
	CHECK_EQ(from.abs[ABS_Y], -5);
}

static void
test_abs_mt_slot_selects_only_a_slot_the_device_has(void)
{
	facts_touch(4);
	input_state_init(&from);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_SLOT, 2);
	CHECK_EQ(from.slot, 2);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_SLOT, 4);
	CHECK_EQ(from.slot, 2);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_SLOT, STATE_MAX_SLOTS);
	CHECK_EQ(from.slot, 2);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_SLOT, -1);
	CHECK_EQ(from.slot, 2);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_SLOT, 3);
	CHECK_EQ(from.slot, 3);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_SLOT, 0);
	CHECK_EQ(from.slot, 0);
	CHECK_EQ(from.abs[ABS_MT_SLOT], 0); /* a selection, not an axis value */
}

static void
test_per_slot_axes_change_only_the_selected_slot(void)
{
	facts_touch(4);
	state_set_bit(facts.abs, ABS_MT_TOUCH_MAJOR, true);
	state_set_bit(facts.abs, ABS_MT_TOOL_Y, true);
	input_state_init(&from);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_SLOT, 2);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_TRACKING_ID, 7);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_POSITION_X, 100);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_TOUCH_MAJOR, 3);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_TOOL_Y, 4);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_SLOT, 9); /* no such slot: stays on 2 */
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_POSITION_Y, 200);
	CHECK_EQ(mt(&from, 2, ABS_MT_TRACKING_ID), 7);
	CHECK_EQ(mt(&from, 2, ABS_MT_POSITION_X), 100);
	CHECK_EQ(mt(&from, 2, ABS_MT_POSITION_Y), 200);
	CHECK_EQ(mt(&from, 2, ABS_MT_TOUCH_MAJOR), 3);
	CHECK_EQ(mt(&from, 2, ABS_MT_TOOL_Y), 4);
	CHECK_EQ(mt(&from, 0, ABS_MT_TRACKING_ID), -1);
	CHECK_EQ(mt(&from, 0, ABS_MT_POSITION_X), 0);
	CHECK_EQ(mt(&from, 3, ABS_MT_TRACKING_ID), -1);
	CHECK_EQ(from.abs[ABS_MT_POSITION_X], 0);
	CHECK_EQ(from.abs[ABS_MT_TRACKING_ID], 0);
}

static void
test_mt_axes_on_a_device_without_slots_hold_no_state(void)
{
	facts_plain();
	state_set_bit(facts.abs, ABS_MT_POSITION_X, true);
	state_set_bit(facts.abs, ABS_MT_TRACKING_ID, true);
	input_state_init(&from);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_POSITION_X, 50);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_TRACKING_ID, 3);
	/* The input core passes them on without keeping them (the "type A"
	 * protocol), so there is nothing to resync. */
	CHECK_EQ(from.abs[ABS_MT_POSITION_X], 0);
	CHECK_EQ(from.abs[ABS_MT_TRACKING_ID], 0);
	CHECK_EQ(mt(&from, 0, ABS_MT_POSITION_X), 0);
	CHECK_EQ(mt(&from, 0, ABS_MT_TRACKING_ID), -1);

	input_state_init(&to);
	to.abs[ABS_MT_POSITION_X] = 7;
	CHECK_EQ(input_state_diff(&from, &to, &facts, out, STATE_DIFF_MAX), 0);
}

static void
test_identical_states_give_no_frame(void)
{
	facts_touch(4);
	input_state_init(&from);
	CHECK_EQ(input_state_diff(&from, &from, &facts, out, STATE_DIFF_MAX), 0);
	input_state_apply(&from, &facts, EV_KEY, BTN_TOUCH, 1);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_SLOT, 1);
	input_state_apply(&from, &facts, EV_ABS, ABS_MT_TRACKING_ID, 4);
	input_state_apply(&from, &facts, EV_ABS, ABS_X, 40);
	to = from;
	CHECK_EQ(input_state_diff(&from, &to, &facts, out, STATE_DIFF_MAX), 0);
}

static void
test_differing_axes_keys_switches_and_leds_give_exactly_those_events_in_order(void)
{
	facts_plain();
	input_state_init(&from);
	input_state_apply(&from, &facts, EV_KEY, KEY_A, 1);
	input_state_apply(&from, &facts, EV_KEY, KEY_C, 1);
	input_state_apply(&from, &facts, EV_ABS, ABS_X, 1);
	input_state_apply(&from, &facts, EV_LED, LED_NUML, 1);
	input_state_init(&to);
	input_state_apply(&to, &facts, EV_KEY, KEY_B, 1);
	input_state_apply(&to, &facts, EV_KEY, KEY_C, 1);
	input_state_apply(&to, &facts, EV_SW, SW_LID, 1);
	input_state_apply(&to, &facts, EV_LED, LED_NUML, 1);
	input_state_apply(&to, &facts, EV_LED, LED_CAPSL, 1);
	input_state_apply(&to, &facts, EV_ABS, ABS_X, 5);
	input_state_apply(&to, &facts, EV_ABS, ABS_Y, -3);
	CHECK(FRAME_IS(out, input_state_diff(&from, &to, &facts, out, STATE_DIFF_MAX),
		       EV(EV_ABS, ABS_X, 5), EV(EV_ABS, ABS_Y, -3),
		       EV(EV_KEY, KEY_A, 0), EV(EV_KEY, KEY_B, 1),
		       EV(EV_SW, SW_LID, 1),
		       EV(EV_LED, LED_CAPSL, 1),
		       EV(EV_SYN, SYN_REPORT, 0)));
}

static void
test_a_slot_whose_contact_is_replaced_gets_the_new_tracking_id_first(void)
{
	facts_touch(4);
	input_state_init(&from);
	set_mt(&from, 1, ABS_MT_TRACKING_ID, 5);
	set_mt(&from, 1, ABS_MT_POSITION_X, 10);
	set_mt(&from, 1, ABS_MT_POSITION_Y, 20);
	to = from;
	set_mt(&to, 1, ABS_MT_TRACKING_ID, 6);
	set_mt(&to, 1, ABS_MT_POSITION_X, 11);
	CHECK(FRAME_IS(out, input_state_diff(&from, &to, &facts, out, STATE_DIFF_MAX),
		       EV(EV_ABS, ABS_MT_SLOT, 1), EV(EV_ABS, ABS_MT_TRACKING_ID, 6),
		       EV(EV_ABS, ABS_MT_POSITION_X, 11), EV(EV_ABS, ABS_MT_SLOT, 0),
		       EV(EV_SYN, SYN_REPORT, 0)));
}

static void
test_a_lifted_contact_gets_tracking_id_minus_one(void)
{
	facts_touch(4);
	input_state_init(&from);
	set_mt(&from, 0, ABS_MT_TRACKING_ID, 3);
	set_mt(&from, 0, ABS_MT_POSITION_X, 10);
	state_set_bit(from.key, BTN_TOUCH, true);
	to = from;
	set_mt(&to, 0, ABS_MT_TRACKING_ID, -1);
	state_set_bit(to.key, BTN_TOUCH, false);
	CHECK(FRAME_IS(out, input_state_diff(&from, &to, &facts, out, STATE_DIFF_MAX),
		       EV(EV_ABS, ABS_MT_TRACKING_ID, -1), EV(EV_KEY, BTN_TOUCH, 0),
		       EV(EV_SYN, SYN_REPORT, 0)));
}

static void
test_a_new_contact_gets_its_tracking_id_before_its_position(void)
{
	facts_touch(4);
	input_state_init(&from);
	to = from;
	set_mt(&to, 0, ABS_MT_POSITION_X, 100);
	set_mt(&to, 0, ABS_MT_POSITION_Y, 200);
	set_mt(&to, 0, ABS_MT_PRESSURE, 30);
	set_mt(&to, 0, ABS_MT_TRACKING_ID, 9);
	to.abs[ABS_X] = 100;
	to.abs[ABS_Y] = 200;
	state_set_bit(to.key, BTN_TOUCH, true);
	CHECK(FRAME_IS(out, input_state_diff(&from, &to, &facts, out, STATE_DIFF_MAX),
		       EV(EV_ABS, ABS_MT_TRACKING_ID, 9), EV(EV_ABS, ABS_MT_POSITION_X, 100),
		       EV(EV_ABS, ABS_MT_POSITION_Y, 200), EV(EV_ABS, ABS_MT_PRESSURE, 30),
		       EV(EV_ABS, ABS_X, 100), EV(EV_ABS, ABS_Y, 200),
		       EV(EV_KEY, BTN_TOUCH, 1), EV(EV_SYN, SYN_REPORT, 0)));
}

static void
test_abs_mt_slot_is_emitted_only_when_the_selection_changes(void)
{
	facts_touch(4);
	input_state_init(&from);
	from.slot = 2;
	to = from;
	set_mt(&to, 0, ABS_MT_TRACKING_ID, 1);
	set_mt(&to, 2, ABS_MT_TRACKING_ID, 2);
	set_mt(&to, 2, ABS_MT_POSITION_X, 22);
	set_mt(&to, 3, ABS_MT_TRACKING_ID, 3);
	CHECK(FRAME_IS(out, input_state_diff(&from, &to, &facts, out, STATE_DIFF_MAX),
		       EV(EV_ABS, ABS_MT_SLOT, 0), EV(EV_ABS, ABS_MT_TRACKING_ID, 1),
		       EV(EV_ABS, ABS_MT_SLOT, 2), EV(EV_ABS, ABS_MT_TRACKING_ID, 2),
		       EV(EV_ABS, ABS_MT_POSITION_X, 22),
		       EV(EV_ABS, ABS_MT_SLOT, 3), EV(EV_ABS, ABS_MT_TRACKING_ID, 3),
		       EV(EV_ABS, ABS_MT_SLOT, 2), EV(EV_SYN, SYN_REPORT, 0)));

	/* Slot 0 is selected already; the last slot changed is the one to select. */
	input_state_init(&from);
	to = from;
	set_mt(&to, 0, ABS_MT_TRACKING_ID, 1);
	set_mt(&to, 1, ABS_MT_TRACKING_ID, 2);
	to.slot = 1;
	CHECK(FRAME_IS(out, input_state_diff(&from, &to, &facts, out, STATE_DIFF_MAX),
		       EV(EV_ABS, ABS_MT_TRACKING_ID, 1),
		       EV(EV_ABS, ABS_MT_SLOT, 1), EV(EV_ABS, ABS_MT_TRACKING_ID, 2),
		       EV(EV_SYN, SYN_REPORT, 0)));
}

static void
test_the_selected_slot_is_restored_even_when_no_contact_differs(void)
{
	facts_touch(4);
	input_state_init(&from);
	to = from;
	to.slot = 3;
	CHECK(FRAME_IS(out, input_state_diff(&from, &to, &facts, out, STATE_DIFF_MAX),
		       EV(EV_ABS, ABS_MT_SLOT, 3), EV(EV_SYN, SYN_REPORT, 0)));
}

static void
test_codes_the_facts_lack_are_never_emitted(void)
{
	facts_touch(2);
	input_state_init(&from);
	to = from;
	state_set_bit(to.key, KEY_A, true);
	state_set_bit(to.sw, SW_LID, true);
	state_set_bit(to.led, LED_CAPSL, true);
	to.abs[ABS_Z] = 7;
	set_mt(&to, 0, ABS_MT_TOUCH_MAJOR, 5);  /* an MT axis the device lacks */
	set_mt(&to, 2, ABS_MT_TRACKING_ID, 8);  /* a slot the device lacks */
	set_mt(&to, STATE_MAX_SLOTS - 1, ABS_MT_POSITION_X, 8);
	CHECK_EQ(input_state_diff(&from, &to, &facts, out, STATE_DIFF_MAX), 0);

	/* Without slots, the selection and the slot table are not the device's either. */
	facts_plain();
	input_state_init(&from);
	to = from;
	to.slot = 1;
	set_mt(&to, 0, ABS_MT_TRACKING_ID, 8);
	CHECK_EQ(input_state_diff(&from, &to, &facts, out, STATE_DIFF_MAX), 0);
}

/* A xorshift32 generator: the same sequence on every run and libc. */
static uint32_t rng_state = 0x2545f491;

/* Returns the next pseudo-random number below bound. */
static uint32_t
rng(uint32_t bound)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state % bound;
}

/* Applies count random events to s: mostly codes the device has, some it
 * lacks, slot numbers in and out of range, key repeats. */
static void
random_events(struct input_state *s, int count)
{
	static const uint16_t types[] = { EV_KEY, EV_KEY, EV_SW, EV_LED, EV_ABS, EV_ABS, EV_ABS };
	int i;

	for (i = 0; i < count; i++) {
		uint16_t type = types[rng(sizeof(types) / sizeof(types[0]))];
		uint16_t code;
		int32_t value;

		switch (type) {
		case EV_KEY:
			code = rng(KEY_CNT);
			value = rng(3);
			break;
		case EV_SW:
			code = rng(SW_CNT);
			value = rng(2);
			break;
		case EV_LED:
			code = rng(LED_CNT);
			value = rng(2);
			break;
		default:
			code = rng(4) == 0 ? ABS_MT_SLOT : rng(ABS_CNT);
			value = code == ABS_MT_SLOT ? (int32_t)rng(facts.num_slots + 3) - 1
						    : (int32_t)rng(2001) - 1000;
			break;
		}
		input_state_apply(s, &facts, type, code, value);
	}
}

/* Facts with every third key, every switch and LED, every other axis
 * (ABS_MT_SLOT, ABS_MT_TRACKING_ID and ABS_MT_POSITION_X among them), and
 * num_slots slots. */
static void
facts_sparse(int num_slots)
{
	unsigned int code;

	memset(&facts, 0, sizeof(facts));
	for (code = 0; code < KEY_CNT; code += 3)
		state_set_bit(facts.key, code, true);
	for (code = 0; code < SW_CNT; code++)
		state_set_bit(facts.sw, code, true);
	for (code = 0; code < LED_CNT; code++)
		state_set_bit(facts.led, code, true);
	for (code = 1; code < ABS_CNT; code += 2)
		state_set_bit(facts.abs, code, true);
	CHECK(state_bit(facts.abs, ABS_MT_SLOT) && state_bit(facts.abs, ABS_MT_TRACKING_ID) &&
	      state_bit(facts.abs, ABS_MT_POSITION_X));
	facts.num_slots = num_slots;
}

/* Checks, for many random pairs of states, that applying diff(from, to) to from yields to. */
static void
check_diffs_reach_their_target(void)
{
	static struct input_state applied;
	int round;

	for (round = 0; round < 300; round++) {
		uint32_t n, i;

		input_state_init(&from);
		random_events(&from, rng(200));
		if (rng(2)) {
			to = from; /* near: a few changes */
			random_events(&to, 1 + rng(10));
		} else {
			input_state_init(&to);
			random_events(&to, rng(400));
		}
		n = input_state_diff(&from, &to, &facts, out, STATE_DIFF_MAX);
		applied = from;
		apply_frame(&applied, out, n);
		CHECK(state_equal(&applied, &to));
		CHECK_EQ(n == 0, state_equal(&from, &to));
		/* One frame: SYN_REPORT last and nowhere else. */
		for (i = 0; i + 1 < n; i++)
			CHECK(out[i].type != EV_SYN);
		if (n > 0) {
			CHECK_EQ(out[n - 1].type, EV_SYN);
			CHECK_EQ(out[n - 1].code, SYN_REPORT);
		}
		CHECK_EQ(input_state_diff(&applied, &to, &facts, out, STATE_DIFF_MAX), 0);
	}
}

static void
test_applying_the_diff_to_from_yields_to(void)
{
	facts_sparse(5);
	check_diffs_reach_their_target();
	facts_sparse(STATE_MAX_SLOTS);
	check_diffs_reach_their_target();
	facts_sparse(0);
	check_diffs_reach_their_target();
}

static void
test_the_worst_case_fits_in_state_diff_max(void)
{
	/* Every key, switch, LED and axis; all slots selected in turn, from slot 1 back to 0. */
	const uint32_t expected = KEY_CNT + SW_CNT + LED_CNT + (ABS_CNT - 1 - STATE_MT_AXES) +
				  STATE_MAX_SLOTS * (1 + STATE_MT_AXES) + 2;
	static struct input_state applied;
	unsigned int code;
	int slot, axis;
	uint32_t n;

	memset(&facts, 0xff, sizeof(facts));
	facts.num_slots = STATE_MAX_SLOTS;
	input_state_init(&from);
	from.slot = 1;
	input_state_init(&to);
	memset(to.key, 0xff, sizeof(to.key));
	memset(to.sw, 0xff, sizeof(to.sw));
	memset(to.led, 0xff, sizeof(to.led));
	for (code = 0; code < ABS_CNT; code++)
		to.abs[code] = code + 1;
	for (slot = 0; slot < STATE_MAX_SLOTS; slot++)
		for (axis = 0; axis < STATE_MT_AXES; axis++)
			to.mt[slot][axis] = slot * 100 + axis + 1;
	to.abs[ABS_MT_SLOT] = 0;
	for (code = STATE_MT_FIRST; code < STATE_MT_FIRST + STATE_MT_AXES; code++)
		to.abs[code] = 0; /* per-slot axes live in the slots */

	n = input_state_diff(&from, &to, &facts, out, STATE_DIFF_MAX);
	CHECK_EQ(n, expected);
	CHECK(n <= STATE_DIFF_MAX);
	applied = from;
	apply_frame(&applied, out, n);
	/* Bits past each type's count are not the device's: compare the rest. */
	for (code = SW_CNT; code < 8 * sizeof(to.sw); code++)
		state_set_bit(to.sw, code, false);
	for (code = LED_CNT; code < 8 * sizeof(to.led); code++)
		state_set_bit(to.led, code, false);
	CHECK(state_equal(&applied, &to));

	/* One event short, the frame does not fit and none is made. */
	CHECK_EQ(input_state_diff(&from, &to, &facts, out, expected - 1), 0);
}

int
main(void)
{
	RUN(test_a_fresh_state_has_nothing_down_no_contacts_and_slot_zero_selected);
	RUN(test_a_key_goes_down_and_up_and_a_repeat_changes_nothing);
	RUN(test_codes_the_device_lacks_are_ignored);
	RUN(test_switches_and_leds_follow_their_values);
	RUN(test_a_plain_axis_takes_its_latest_value);
	RUN(test_abs_mt_slot_selects_only_a_slot_the_device_has);
	RUN(test_per_slot_axes_change_only_the_selected_slot);
	RUN(test_mt_axes_on_a_device_without_slots_hold_no_state);
	RUN(test_identical_states_give_no_frame);
	RUN(test_differing_axes_keys_switches_and_leds_give_exactly_those_events_in_order);
	RUN(test_a_slot_whose_contact_is_replaced_gets_the_new_tracking_id_first);
	RUN(test_a_lifted_contact_gets_tracking_id_minus_one);
	RUN(test_a_new_contact_gets_its_tracking_id_before_its_position);
	RUN(test_abs_mt_slot_is_emitted_only_when_the_selection_changes);
	RUN(test_the_selected_slot_is_restored_even_when_no_contact_differs);
	RUN(test_codes_the_facts_lack_are_never_emitted);
	RUN(test_applying_the_diff_to_from_yields_to);
	RUN(test_the_worst_case_fits_in_state_diff_max);
	return check_result();
}
