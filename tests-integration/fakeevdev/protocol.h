/* protocol.h: the fakeevdev control protocol on the wire, shared by the server and C clients. */
#pragma once

#include <endian.h>
#include <stdint.h>
#include <string.h>

/*
 * One Unix stream socket serves every device. The client sends requests and
 * reads one reply per request, in order. A reply is sent only once the
 * request has taken full effect (events queued to every reader, device file
 * gone, ...), so a test may act on it at once. All integers are
 * little-endian.
 *
 * request: u16 op, u16 device, u32 length, then length bytes of payload
 * reply:   u16 op, u16 device, s32 status (0 or -errno), u32 length, payload
 *
 * A failed request's reply payload is a UTF-8 message saying why.
 */
#define FEV_PROTOCOL_VERSION 1
#define FEV_REQUEST_HEADER_SIZE 8
#define FEV_REPLY_HEADER_SIZE 12
/* Large enough for a batch of a million events. */
#define FEV_MAX_PAYLOAD (8u * 1024 * 1024)

/* The device field of FEV_OP_PLUG that asks for a new device (eventN, N = first unused). */
#define FEV_DEVICE_NEW 0xffff

enum fev_op {
	/* reply: u32 protocol version, u32 number of device slots (plugged or not) */
	FEV_OP_HELLO = 0,
	/* payload: n * fev_event, processed in order like a kernel driver's input_event()
	 * calls; EV_SYN/SYN_DROPPED in the batch forces a drop at that point */
	FEV_OP_INJECT = 1,
	/* every reader's queue is discarded and SYN_DROPPED becomes its next event */
	FEV_OP_DROP = 2,
	/* reply: fev_status, then fev_status.clients * fev_client_status */
	FEV_OP_STATUS = 3,
	/* reply: n * fev_event written by clients since the last TAKE_WRITES; forgets them */
	FEV_OP_TAKE_WRITES = 4,
	/* the file disappears; open files read ENODEV and poll POLLERR|POLLHUP */
	FEV_OP_UNPLUG = 5,
	/* payload: definition text, or empty for the slot's previous definition.
	 * device: an unplugged slot, or FEV_DEVICE_NEW. reply: u32 slot index */
	FEV_OP_PLUG = 6,
};

/* An event as injected or written: 8 bytes. */
struct fev_event {
	uint16_t type;
	uint16_t code;
	int32_t value;
};
#define FEV_EVENT_SIZE 8

/* FEV_OP_STATUS reply, 32 bytes on the wire. */
struct fev_status {
	uint32_t present;     /* 1 while the file exists */
	uint32_t plug_count;  /* how often this slot was plugged (1 at start) */
	int32_t grab_pid;     /* process holding EVIOCGRAB, 0 if none */
	uint32_t clients;     /* open files of this slot's current device */
	uint32_t bufsize;     /* events each client's queue holds */
	uint32_t writes;      /* recorded writes not yet taken */
	uint32_t writes_lost; /* writes not recorded because the record was full */
	uint32_t reserved;
};
#define FEV_STATUS_SIZE 32

#define FEV_CLIENT_GRAB 1u    /* this client holds the grab */
#define FEV_CLIENT_REVOKED 2u /* EVIOCREVOKE was called on it */

/* One open file in the FEV_OP_STATUS reply, 16 bytes on the wire. */
struct fev_client_status {
	int32_t pid;          /* process that opened the file */
	uint32_t queued;      /* events in its queue, read or not yet complete */
	uint32_t flags;       /* FEV_CLIENT_* */
	uint32_t syn_dropped; /* SYN_DROPPED events queued to it so far */
};
#define FEV_CLIENT_STATUS_SIZE 16

/* @return nothing; stores v little-endian at p */
static inline void
fev_put16(uint8_t *p, uint16_t v)
{
	v = htole16(v);
	memcpy(p, &v, sizeof(v));
}

/* @return nothing; stores v little-endian at p */
static inline void
fev_put32(uint8_t *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, sizeof(v));
}

/* @return the little-endian u16 at p */
static inline uint16_t
fev_get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return le16toh(v);
}

/* @return the little-endian u32 at p */
static inline uint32_t
fev_get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

/* @return nothing; encodes ev into FEV_EVENT_SIZE bytes at p */
static inline void
fev_event_encode(uint8_t *p, const struct fev_event *ev)
{
	fev_put16(p, ev->type);
	fev_put16(p + 2, ev->code);
	fev_put32(p + 4, (uint32_t)ev->value);
}

/* @return the event encoded in FEV_EVENT_SIZE bytes at p */
static inline struct fev_event
fev_event_decode(const uint8_t *p)
{
	struct fev_event ev = {
		.type = fev_get16(p),
		.code = fev_get16(p + 2),
		.value = (int32_t)fev_get32(p + 4),
	};

	return ev;
}
