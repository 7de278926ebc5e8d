/* test_definition_parser.c: the definition format without FUSE: good input, errors that explain. */
#include <errno.h>
#include <linux/input.h>
#include <string.h>

#include "caps.h"
#include "definition.h"
#include "harness.h"
#include "profiles.h"

struct bad_case {
	const char *text;
	const char *message; /* a part of the error message */
};

static const struct bad_case bad_cases[] = {
	{ "nonsense\n", "line 1: unknown directive 'nonsense'" },
	{ "key KEY_A\nkey KEY_NOPE\n", "line 2: unknown name 'KEY_NOPE'" },
	{ "key REL_X\n", "unknown name 'REL_X'" },
	{ "key 0x300\n", "out of range" },
	{ "key KEY_B-KEY_A\n", "runs backwards" },
	{ "abs\n", "abs needs an axis" },
	{ "abs ABS_X min=low\n", "not a 32-bit integer" },
	{ "abs ABS_X speed=3\n", "unknown abs field 'speed'" },
	{ "abs ABS_X 3\n", "expected key=value" },
	{ "abs ABS_MT_SLOT min=0 max=64\n", "ABS_MT_SLOT needs min=0" },
	{ "abs ABS_MT_SLOT min=1 max=4\n", "ABS_MT_SLOT needs min=0" },
	{ "id vendor=0x10000\n", "out of range" },
	{ "id bustype=BUS_NOPE\n", "unknown name" },
	{ "id colour=red\n", "unknown id field" },
	{ "id product=BUS_USB\n", "unknown name 'BUS_USB'" },
	{ "rep delay=-1\n", "must not be negative" },
	{ "rep speed=1\n", "unknown rep field" },
	{ "name\n", "expected one string" },
	{ "name two words\n", "expected one string" },
	{ "name \"open\n", "unterminated string" },
	{ "name \"a\"b\n", "text after closing quote" },
	{ "name \"\\q\"\n", "unknown escape" },
	{ "name \"\\x4\"\n", "two hex digits" },
	{ "name \"nul\\x00\"\n", "holding \\x00" },
	{ "key KEY_A\nprofile mouse\n", "profile must come first" },
	{ "profile gamepad\n", "unknown profile 'gamepad'" },
	{ "event EV_SYN SYN_REPORT\n", "has no codes" },
	{ "event EV_ABS ABS_X\n", "give axes with 'abs' lines" },
	{ "event EV_NOPE\n", "unknown name" },
	{ "\"name\" x\n", "must start with a directive" },
};

static void
test_errors(void)
{
	for (size_t i = 0; i < LEN(bad_cases); i++) {
		struct device_caps caps;
		char err[256];
		int rc;

		caps_init(&caps);
		rc = definition_parse(bad_cases[i].text, strlen(bad_cases[i].text), &caps, err,
				      sizeof(err));
		CHECK(rc == -EINVAL && strstr(err, bad_cases[i].message),
		      "\"%s\": rc %d, message \"%s\", expected \"%s\"", bad_cases[i].text, rc, err,
		      bad_cases[i].message);
		caps_release(&caps);
	}
	pass("definition errors name the line and the problem");
}

static void
test_syntax(void)
{
	static const char text[] =
		"  # comments, blank lines and tabs are fine\n"
		"\n"
		"name\t\"tab\\there \\\"quoted\\\" back\\\\slash\\n\"   # trailing comment\n"
		"uniq bare-word\r\n"
		"id bustype=0x03 vendor=1133 product=0x0003\n"
		"key KEY_A 30 KEY_1-KEY_3 BTN_0\n"
		"event 0x05 SW_LID\n"
		"abs ABS_WHEEL min=-2147483648 max=2147483647\n"
		"no-newline-at-end-is-fine-too: rep";
	struct device_caps caps;
	char err[256];
	size_t len;
	int rc;

	caps_init(&caps);
	/* the last line is an error on purpose, to show it is read without a newline */
	rc = definition_parse(text, strlen(text), &caps, err, sizeof(err));
	CHECK(rc == -EINVAL && strstr(err, "line 9"), "last line: %s", err);
	caps_release(&caps);

	caps_init(&caps);
	len = strlen(text) - strlen("no-newline-at-end-is-fine-too: rep");
	rc = definition_parse(text, len, &caps, err, sizeof(err));
	CHECK(rc == 0, "parse: %s", err);
	CHECK(strcmp(caps.name, "tab\there \"quoted\" back\\slash\n") == 0, "name \"%s\"",
	      caps.name);
	CHECK(strcmp(caps.uniq, "bare-word") == 0, "uniq \"%s\"", caps.uniq);
	CHECK(caps.phys == NULL, "no phys");
	CHECK_INT(caps.id.bustype, BUS_USB);
	CHECK_INT(caps.id.vendor, 1133);
	CHECK_INT(caps.id.product, 3);
	CHECK(bit_test(caps.ev, EV_SYN) && bit_test(caps.ev, EV_KEY) && bit_test(caps.ev, EV_SW) &&
		      bit_test(caps.ev, EV_ABS) && !bit_test(caps.ev, EV_REP),
	      "event types");
	CHECK(bit_test(caps.key, KEY_A) && bit_test(caps.key, KEY_1) && bit_test(caps.key, KEY_2) &&
		      bit_test(caps.key, KEY_3) && !bit_test(caps.key, KEY_4) &&
		      bit_test(caps.key, BTN_0),
	      "key codes");
	CHECK_INT(bit_weight(caps.key, KEY_CNT), 5);
	CHECK(bit_test(caps.sw, SW_LID), "SW_LID");
	CHECK_INT(caps.absinfo[ABS_WHEEL].minimum, -2147483647 - 1);
	CHECK_INT(caps.absinfo[ABS_WHEEL].maximum, 2147483647);
	CHECK_INT(caps.mt_slots, 0);
	caps_release(&caps);
	pass("syntax: comments, quoting, escapes, numbers or names, ranges, generic event lines");
}

static void
test_profiles_parse(void)
{
	for (const char *const *p = profile_names(); *p; p++) {
		const char *text = profile_definition(*p);
		struct device_caps caps;
		char err[256];

		CHECK(text, "profile %s has no definition", *p);
		caps_init(&caps);
		CHECK(definition_parse(text, strlen(text), &caps, err, sizeof(err)) == 0, "%s: %s",
		      *p, err);
		CHECK(caps.name && strncmp(caps.name, "fakeevdev ", 10) == 0, "%s: name", *p);
		caps_release(&caps);
	}
	{
		struct device_caps caps;
		char err[256];
		const char *text = "profile multitouch\nabs ABS_MT_SLOT min=0 max=1\n";

		caps_init(&caps);
		CHECK(definition_parse(text, strlen(text), &caps, err, sizeof(err)) == 0, "%s",
		      err);
		CHECK_INT(caps.mt_slots, 2);
		CHECK_INT(caps.absinfo[ABS_MT_POSITION_X].maximum, 32767);
		caps_release(&caps);
	}
	CHECK(profile_definition("keyboard ") == NULL && profile_definition("") == NULL,
	      "profile names match exactly");
	pass("every profile parses; a definition can start from a profile and change it");
}

int
main(void)
{
	test_errors();
	test_syntax();
	test_profiles_parse();
	return 0;
}
