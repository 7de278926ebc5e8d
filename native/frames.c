/* frames.c: raw host events into whole frames: SYN_DROPPED recovery, key repeats, burst marking. */
#include "frames.h"

void
frames_init(struct frames *f, bool drop_repeats)
{
	*f = (struct frames){
		.drop_repeats = drop_repeats,
		.last_frame_ns = INT64_MIN,
	};
}

/* Returns the event's timestamp in nanoseconds. */
static int64_t
frames_event_ns(const struct input_event *ev)
{
	return (int64_t)ev->input_event_sec * 1000000000 + (int64_t)ev->input_event_usec * 1000;
}

/* Forgets the frame under way, counting its events as discarded. */
static void
frames_discard_building(struct frames *f)
{
	f->events_discarded += f->building_len;
	f->building_len = 0;
}

/* Hands the frame under way (ended by SYN_REPORT) to sink, stamped at now_ns. */
static void
frames_complete(struct frames *f, int64_t now_ns, frames_sink sink, void *ctx)
{
	int64_t gap = now_ns - f->last_frame_ns;
	bool burst = f->last_frame_ns != INT64_MIN &&
		     gap < (int64_t)f->building_len * FRAMES_BURST_NS_PER_EVENT;

	sink(ctx, f->building, f->building_len, burst);
	f->last_frame_ns = now_ns;
	f->building_len = 0;
}

void
frames_add(struct frames *f, const struct input_event *ev, bool keep, frames_sink sink,
	   void *ctx)
{
	bool report = ev->type == EV_SYN && ev->code == SYN_REPORT;

	if (ev->type == EV_SYN && ev->code == SYN_DROPPED) {
		frames_discard_building(f);
		f->events_discarded++;
		f->syn_dropped++;
		f->building_stale = false;
		f->skip_to_report = true;
		f->state_wanted = true;
		return;
	}
	if (f->skip_to_report) {
		f->events_discarded++;
		f->skip_to_report = !report;
		return;
	}
	if (!keep || f->building_stale) {
		/* Never replay input from before the ring ran, not even the end
		 * of a frame it began. */
		frames_discard_building(f);
		f->events_discarded++;
		f->building_stale = !report;
		return;
	}
	if (ev->type == EV_KEY && ev->value == 2 && f->drop_repeats) {
		f->repeats_dropped++;
		return;
	}
	if (report && f->building_len == 0)
		return; /* nothing happened: the kernel drops these too */
	if (!report && f->building_len == FRAMES_MAX_FRAME - 1) {
		/* Cut an endless frame rather than lose it. */
		f->building[f->building_len++] =
			(struct virtio_input_event){ EV_SYN, SYN_REPORT, 0 };
		frames_complete(f, frames_event_ns(ev), sink, ctx);
		f->frames_split++;
	}
	f->building[f->building_len++] = (struct virtio_input_event){ ev->type, ev->code, ev->value };
	if (report)
		frames_complete(f, frames_event_ns(ev), sink, ctx);
}

bool
frames_state_wanted(const struct frames *f)
{
	return f->state_wanted && !f->skip_to_report && f->building_len == 0;
}

void
frames_state_taken(struct frames *f)
{
	f->state_wanted = false;
}
