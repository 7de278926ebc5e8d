/* input.h: the input core between an event's source and the clients (drivers/input/input.c). */
#pragma once

#include <stdbool.h>

#include "device.h"

/**
 * Handles one event as input_handle_event() does: drops repeated key, LED
 * and switch values, zero REL motion and unsupported codes; tracks state;
 * inserts ABS_MT_SLOT; and at SYN_REPORT stamps the frame and passes it to
 * every client the grab allows. Used for injected events and client writes.
 *
 * @return nothing
 */
void input_handle_event(struct device *d, unsigned int type, unsigned int code, int value);

/**
 * Makes every receiving client lose its queue and read SYN_DROPPED next.
 *
 * @return nothing
 */
void input_force_drop(struct device *d);

/**
 * For --lossless: whether the next event can complete a frame without
 * overflowing any receiving client.
 *
 * @return true if every receiving client has room for the pending frame
 */
bool input_has_room(const struct device *d);
