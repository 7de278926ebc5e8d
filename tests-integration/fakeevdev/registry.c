/* registry.c: the slots event0..eventN, each with its device and the definition it was made from. */
#include "registry.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "definition.h"
#include "log.h"

struct slot {
	struct device *device; /* present, or unplugged and still open; NULL otherwise */
	char *definition;
	size_t definition_len;
	unsigned int plug_count;
	struct write_log writes;
};

static struct {
	struct slot slots[REGISTRY_MAX_DEVICES];
	unsigned int nslots;
	struct device *orphans; /* replaced in their slot by a replug, still open */
	fuse_ino_t next_ino;
	unsigned int bufsize;
} reg = { .next_ino = REGISTRY_ROOT_INO + 1 };

void
registry_set_bufsize(unsigned int bufsize)
{
	reg.bufsize = bufsize;
}

/* @return nothing; d (unplugged) is freed now, or when its last client closes */
static void
retire(struct device *d)
{
	if (d->nclients == 0) {
		device_free(d);
		return;
	}
	d->next = reg.orphans;
	reg.orphans = d;
}

int
registry_plug(unsigned int index, const char *text, size_t len, unsigned int *index_out,
	      char *err, size_t errlen)
{
	struct device_caps caps;
	struct device *d;
	struct slot *slot;
	char *copy = NULL;
	int rc;

	if (errlen)
		err[0] = '\0';
	if (index == FEV_DEVICE_NEW) {
		if (reg.nslots == REGISTRY_MAX_DEVICES)
			return -ENOSPC;
		index = reg.nslots;
	} else if (index >= reg.nslots) {
		return -ENOENT;
	}
	slot = &reg.slots[index];
	if (slot->device && slot->device->present)
		return -EBUSY;
	if (len == 0) {
		if (!slot->definition) {
			snprintf(err, errlen, "event%u has no previous definition", index);
			return -EINVAL;
		}
		text = slot->definition;
		len = slot->definition_len;
	}

	caps_init(&caps);
	rc = definition_parse(text, len, &caps, err, errlen);
	if (rc < 0)
		goto out;
	if (!caps.phys) {
		char phys[32];

		snprintf(phys, sizeof(phys), "fakeevdev/input%u", index);
		rc = caps_set_string(&caps.phys, phys, strlen(phys));
		if (rc < 0)
			goto out;
	}
	if (text != slot->definition) {
		copy = malloc(len);
		if (!copy) {
			rc = -ENOMEM;
			goto out;
		}
		memcpy(copy, text, len);
	}
	rc = device_new(&caps, index, reg.next_ino, reg.bufsize, &slot->writes, &d);
	if (rc < 0)
		goto out;

	reg.next_ino++;
	if (copy) {
		free(slot->definition);
		slot->definition = copy;
		slot->definition_len = len;
		copy = NULL;
	}
	if (slot->device)
		retire(slot->device);
	slot->device = d;
	slot->plug_count++;
	if (index == reg.nslots)
		reg.nslots++;
	*index_out = index;
	log_trace("event%u plugged: \"%s\", queue of %u events", index,
		  d->caps.name ? d->caps.name : "", d->bufsize);
out:
	free(copy);
	caps_release(&caps);
	return rc;
}

int
registry_unplug(unsigned int index)
{
	struct slot *slot;

	if (index >= reg.nslots)
		return -ENODEV;
	slot = &reg.slots[index];
	if (!slot->device || !slot->device->present)
		return -ENODEV;
	device_unplug(slot->device);
	if (slot->device->nclients == 0) {
		device_free(slot->device);
		slot->device = NULL;
	}
	return 0;
}

struct device *
registry_device(unsigned int index)
{
	return index < reg.nslots ? reg.slots[index].device : NULL;
}

unsigned int
registry_plug_count(unsigned int index)
{
	return index < reg.nslots ? reg.slots[index].plug_count : 0;
}

struct write_log *
registry_writes(unsigned int index)
{
	return index < reg.nslots ? &reg.slots[index].writes : NULL;
}

unsigned int
registry_size(void)
{
	return reg.nslots;
}

struct device *
registry_by_ino(fuse_ino_t ino)
{
	for (unsigned int i = 0; i < reg.nslots; i++) {
		if (reg.slots[i].device && reg.slots[i].device->ino == ino)
			return reg.slots[i].device;
	}
	for (struct device *d = reg.orphans; d; d = d->next) {
		if (d->ino == ino)
			return d;
	}
	return NULL;
}

struct device *
registry_by_name(const char *name)
{
	unsigned int index;
	char tail;

	/* "event07" and "event+1" are not names of event7 and event1 */
	if (strncmp(name, "event", 5) != 0 || name[5] < '0' || name[5] > '9' ||
	    (name[5] == '0' && name[6] != '\0'))
		return NULL;
	if (sscanf(name + 5, "%u%c", &index, &tail) != 1 || index >= reg.nslots)
		return NULL;
	if (!reg.slots[index].device || !reg.slots[index].device->present)
		return NULL;
	return reg.slots[index].device;
}

void
registry_client_closed(struct device *d)
{
	if (d->present || d->nclients > 0)
		return;
	if (d->index < reg.nslots && reg.slots[d->index].device == d) {
		reg.slots[d->index].device = NULL;
		device_free(d);
		return;
	}
	for (struct device **pp = &reg.orphans; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			device_free(d);
			return;
		}
	}
}

void
registry_clear(void)
{
	for (unsigned int i = 0; i < reg.nslots; i++) {
		struct device *d = reg.slots[i].device;

		/* clients are freed by FUSE release before the session ends */
		if (d) {
			while (d->clients) {
				struct client *c = d->clients;

				device_detach(d, c);
				client_free(c);
			}
			device_free(d);
		}
		free(reg.slots[i].definition);
		write_log_clear(&reg.slots[i].writes);
	}
	while (reg.orphans) {
		struct device *d = reg.orphans;

		reg.orphans = d->next;
		while (d->clients) {
			struct client *c = d->clients;

			device_detach(d, c);
			client_free(c);
		}
		device_free(d);
	}
	memset(&reg, 0, sizeof(reg));
}
