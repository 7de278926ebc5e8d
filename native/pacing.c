/* pacing.c: how fast frames may go to a guest when they come in a burst, so its evdev reader keeps up. */
#include "pacing.h"

void
pacing_init(struct pacing *p, uint32_t events_per_second, uint32_t budget)
{
	*p = (struct pacing){ 0 };
	if (events_per_second == 0)
		return;
	p->ns_per_event = (1000000000 + events_per_second - 1) / events_per_second;
	p->max_credit_ns = p->ns_per_event * budget;
	p->credit_ns = p->max_credit_ns;
}

/* Adds credit_ns of credit, up to the budget. */
static void
pacing_credit(struct pacing *p, int64_t credit_ns)
{
	if (credit_ns <= 0)
		return;
	if (credit_ns > p->max_credit_ns - p->credit_ns)
		p->credit_ns = p->max_credit_ns;
	else
		p->credit_ns += credit_ns;
}

/* Adds the credit accrued since the last call. */
static void
pacing_accrue(struct pacing *p, int64_t now_ns)
{
	int64_t elapsed = now_ns - p->last_ns;

	p->last_ns = now_ns;
	pacing_credit(p, elapsed);
}

void
pacing_earn(struct pacing *p, uint32_t len)
{
	pacing_credit(p, p->ns_per_event * PACING_EARN_FACTOR * (int64_t)len);
}

int64_t
pacing_take(struct pacing *p, uint32_t len, int64_t now_ns)
{
	if (p->ns_per_event == 0)
		return 0;
	pacing_accrue(p, now_ns);
	if (p->credit_ns <= 0) {
		if (!p->waiting)
			p->frames_paced++;
		p->waiting = true;
		return 1 - p->credit_ns;
	}
	p->waiting = false;
	p->credit_ns -= p->ns_per_event * (int64_t)len;
	return 0;
}

void
pacing_starved(struct pacing *p, int64_t now_ns)
{
	if (p->starved_since_ns == 0)
		p->starved_since_ns = now_ns;
}

void
pacing_delivered(struct pacing *p, int64_t now_ns, uint32_t queued)
{
	if (p->starved_since_ns && now_ns - p->starved_since_ns >= PACING_STALL_NS &&
	    p->ns_per_event && queued && !p->catching_up) {
		p->catching_up = true;
		p->catch_up_queued = queued;
		p->guest_stalls++;
	}
	p->starved_since_ns = 0;
}

void
pacing_queued(struct pacing *p, uint32_t queued)
{
	if (queued == 0 || queued > p->catch_up_queued)
		p->catching_up = false;
	if (queued == 0)
		p->starved_since_ns = 0;
}
