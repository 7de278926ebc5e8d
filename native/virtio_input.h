/* virtio_input.h: the virtio-input event as it crosses the virtqueues (8 bytes, little-endian). */
#pragma once

#include <stdint.h>

struct virtio_input_event {
	uint16_t type;
	uint16_t code;
	int32_t value;
};

_Static_assert(sizeof(struct virtio_input_event) == 8, "virtio_input_event is 8 bytes");

/* Virtqueue indices of a virtio-input device. */
#define VIRTIO_INPUT_EVENTQ 0
#define VIRTIO_INPUT_STATUSQ 1
#define VIRTIO_INPUT_NUM_QUEUES 2
