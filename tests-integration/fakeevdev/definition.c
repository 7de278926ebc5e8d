/* definition.c: parses device definitions, one directive per line, into struct device_caps. */
#include "definition.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "profiles.h"

#define MAX_TOKENS 512
#define MAX_LINE 16384

struct parser {
	struct device_caps *caps;
	unsigned int line;
	unsigned int directives; /* seen so far; "profile" must be the first */
	char *err;
	size_t errlen;
};

/* @return -EINVAL, after writing "line N: <message>" to the parser's err */
__attribute__((format(printf, 2, 3))) static int
fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(p->err, p->errlen, "line %u: ", p->line);
	if (n < 0 || (size_t)n >= p->errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* @return the value of hex digit c, or -1 */
static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Splits a line (modified in place) into tokens. A token is a run of
 * non-blank bytes, or a double-quoted string in which \xNN, \\, \", \n and
 * \t are escapes; a quoted token's bytes are unescaped in place and its
 * length stored, since it may hold any byte but NUL. '#' at the start of a
 * token begins a comment.
 *
 * @return the number of tokens, or -EINVAL
 */
static int
tokenize(struct parser *p, char *line, char **tok, size_t *toklen, bool *quoted)
{
	int n = 0;
	char *s = line;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (*s == '\0' || *s == '#')
			return n;
		if (n == MAX_TOKENS)
			return fail(p, "too many words");
		if (*s == '"') {
			char *out = ++s;

			tok[n] = out;
			while (*s != '"') {
				if (*s == '\0')
					return fail(p, "unterminated string");
				if (*s != '\\') {
					*out++ = *s++;
					continue;
				}
				s++;
				switch (*s) {
				case '\\':
				case '"':
					*out++ = *s++;
					break;
				case 'n':
					*out++ = '\n';
					s++;
					break;
				case 't':
					*out++ = '\t';
					s++;
					break;
				case 'x':
					if (hexval(s[1]) < 0 || hexval(s[2]) < 0)
						return fail(p, "\\x needs two hex digits");
					*out++ = (char)(hexval(s[1]) * 16 + hexval(s[2]));
					s += 3;
					break;
				default:
					return fail(p, "unknown escape \\%c", *s ? *s : '0');
				}
			}
			toklen[n] = out - tok[n];
			quoted[n] = true;
			s++;
			if (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\r')
				return fail(p, "text after closing quote");
			if (*s != '\0')
				*s++ = '\0';
			*out = '\0';
		} else {
			tok[n] = s;
			while (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\r')
				s++;
			toklen[n] = s - tok[n];
			quoted[n] = false;
			if (*s != '\0')
				*s++ = '\0';
		}
		n++;
	}
}

/* @return 0 with *out set to the int32 in text, or -EINVAL */
static int
parse_int(struct parser *p, const char *what, const char *text, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 0);
	if (*text == '\0' || *end != '\0' || errno || v < INT_MIN || v > INT_MAX)
		return fail(p, "%s: '%s' is not a 32-bit integer", what, text);
	*out = (int)v;
	return 0;
}

/* @return 0 with *out set to the named or numbered value in [0, max], or -EINVAL */
static int
parse_name(struct parser *p, unsigned int class, const char *text, long max, long *out)
{
	if (names_parse(class, text, out) < 0)
		return fail(p, "unknown name '%s'", text);
	if (*out < 0 || *out > max)
		return fail(p, "'%s' is out of range (0..%ld)", text, max);
	return 0;
}

/* Splits "key=value" at '='. @return the value, or NULL if there is no '=' */
static char *
split_assignment(char *tok)
{
	char *eq = strchr(tok, '=');

	if (!eq)
		return NULL;
	*eq = '\0';
	return eq + 1;
}

/* @return 0 after setting the bits of codes and ranges "A-B" of type, or -EINVAL */
static int
parse_codes(struct parser *p, unsigned int type, char **tok, int ntok)
{
	unsigned int max;
	unsigned long *bits = caps_codes(p->caps, type, &max);

	bit_set(p->caps->ev, type);
	if (ntok > 0 && !bits)
		return fail(p, "event type %u has no codes", type);
	for (int i = 0; i < ntok; i++) {
		char *dash = strchr(tok[i], '-');
		long first, last;
		int rc;

		if (dash)
			*dash = '\0';
		rc = parse_name(p, type, tok[i], max, &first);
		if (rc < 0)
			return rc;
		last = first;
		if (dash) {
			rc = parse_name(p, type, dash + 1, max, &last);
			if (rc < 0)
				return rc;
			if (last < first)
				return fail(p, "range %s-%s runs backwards", tok[i], dash + 1);
		}
		for (long c = first; c <= last; c++)
			bit_set(bits, (unsigned int)c);
	}
	return 0;
}

/* @return 0 after applying "abs CODE min= max= fuzz= flat= res= value=", or -EINVAL */
static int
parse_abs(struct parser *p, char **tok, int ntok)
{
	struct input_absinfo *a;
	long code;
	int rc;

	if (ntok < 1)
		return fail(p, "abs needs an axis");
	rc = parse_name(p, EV_ABS, tok[0], ABS_MAX, &code);
	if (rc < 0)
		return rc;
	bit_set(p->caps->ev, EV_ABS);
	bit_set(p->caps->abs, (unsigned int)code);
	a = &p->caps->absinfo[code];
	for (int i = 1; i < ntok; i++) {
		char *value = split_assignment(tok[i]);
		int *field;

		if (!value)
			return fail(p, "expected key=value, got '%s'", tok[i]);
		if (strcmp(tok[i], "min") == 0)
			field = &a->minimum;
		else if (strcmp(tok[i], "max") == 0)
			field = &a->maximum;
		else if (strcmp(tok[i], "fuzz") == 0)
			field = &a->fuzz;
		else if (strcmp(tok[i], "flat") == 0)
			field = &a->flat;
		else if (strcmp(tok[i], "res") == 0 || strcmp(tok[i], "resolution") == 0)
			field = &a->resolution;
		else if (strcmp(tok[i], "value") == 0)
			field = &a->value;
		else
			return fail(p, "unknown abs field '%s'", tok[i]);
		rc = parse_int(p, tok[i], value, field);
		if (rc < 0)
			return rc;
	}
	if (code == ABS_MT_SLOT) {
		if (a->minimum != 0 || a->maximum < 0 || a->maximum >= CAPS_MAX_SLOTS)
			return fail(p, "ABS_MT_SLOT needs min=0 and max below %d", CAPS_MAX_SLOTS);
		p->caps->mt_slots = (unsigned int)a->maximum + 1;
	}
	return 0;
}

/* @return 0 after applying "id bustype= vendor= product= version=", or -EINVAL */
static int
parse_id(struct parser *p, char **tok, int ntok)
{
	for (int i = 0; i < ntok; i++) {
		char *value = split_assignment(tok[i]);
		unsigned int class = NAMES_NONE;
		__u16 *field;
		long v;
		int rc;

		if (!value)
			return fail(p, "expected key=value, got '%s'", tok[i]);
		if (strcmp(tok[i], "bustype") == 0) {
			field = &p->caps->id.bustype;
			class = NAMES_BUS;
		} else if (strcmp(tok[i], "vendor") == 0) {
			field = &p->caps->id.vendor;
		} else if (strcmp(tok[i], "product") == 0) {
			field = &p->caps->id.product;
		} else if (strcmp(tok[i], "version") == 0) {
			field = &p->caps->id.version;
		} else {
			return fail(p, "unknown id field '%s'", tok[i]);
		}
		rc = parse_name(p, class, value, 0xffff, &v);
		if (rc < 0)
			return rc;
		*field = (__u16)v;
	}
	return 0;
}

/* @return 0 after applying "rep delay= period=", or -EINVAL */
static int
parse_rep(struct parser *p, char **tok, int ntok)
{
	bit_set(p->caps->ev, EV_REP);
	for (int i = 0; i < ntok; i++) {
		char *value = split_assignment(tok[i]);
		int *field;
		int rc;

		if (!value)
			return fail(p, "expected key=value, got '%s'", tok[i]);
		if (strcmp(tok[i], "delay") == 0)
			field = &p->caps->rep[REP_DELAY];
		else if (strcmp(tok[i], "period") == 0)
			field = &p->caps->rep[REP_PERIOD];
		else
			return fail(p, "unknown rep field '%s'", tok[i]);
		rc = parse_int(p, tok[i], value, field);
		if (rc < 0)
			return rc;
		if (*field < 0)
			return fail(p, "%s must not be negative", tok[i]);
	}
	return 0;
}

/* @return 0 after applying "name|phys|uniq STRING", or -EINVAL or -ENOMEM */
static int
parse_string(struct parser *p, char **field, char **tok, size_t *toklen, int ntok)
{
	int rc;

	if (ntok != 1)
		return fail(p, "expected one string (quote it if it has spaces)");
	rc = caps_set_string(field, tok[0], toklen[0]);
	if (rc == -EINVAL)
		return fail(p, "string longer than %d bytes or holding \\x00", CAPS_MAX_STRING);
	return rc;
}

static int parse_text(struct parser *p, const char *text, size_t len);

/* @return 0 after applying one tokenized directive, or -EINVAL or -ENOMEM */
static int
apply(struct parser *p, char **tok, size_t *toklen, bool *quoted, int ntok)
{
	static const struct {
		const char *word;
		unsigned int type;
	} code_directives[] = {
		{ "key", EV_KEY }, { "rel", EV_REL }, { "msc", EV_MSC }, { "led", EV_LED },
		{ "snd", EV_SND }, { "sw", EV_SW },   { "ff", EV_FF },
	};
	const char *word = tok[0];
	long v;
	int rc;

	if (quoted[0])
		return fail(p, "a line must start with a directive");
	p->directives++;
	for (size_t i = 0; i < sizeof(code_directives) / sizeof(code_directives[0]); i++) {
		if (strcmp(word, code_directives[i].word) == 0)
			return parse_codes(p, code_directives[i].type, tok + 1, ntok - 1);
	}
	if (strcmp(word, "event") == 0) {
		if (ntok < 2)
			return fail(p, "event needs a type");
		rc = parse_name(p, NAMES_TYPE, tok[1], EV_MAX, &v);
		if (rc < 0)
			return rc;
		if (v == EV_ABS && ntok > 2)
			return fail(p, "give axes with 'abs' lines, which carry their ranges");
		return parse_codes(p, (unsigned int)v, tok + 2, ntok - 2);
	}
	if (strcmp(word, "abs") == 0)
		return parse_abs(p, tok + 1, ntok - 1);
	if (strcmp(word, "prop") == 0) {
		for (int i = 1; i < ntok; i++) {
			rc = parse_name(p, NAMES_PROP, tok[i], INPUT_PROP_MAX, &v);
			if (rc < 0)
				return rc;
			bit_set(p->caps->props, (unsigned int)v);
		}
		return 0;
	}
	if (strcmp(word, "id") == 0)
		return parse_id(p, tok + 1, ntok - 1);
	if (strcmp(word, "rep") == 0)
		return parse_rep(p, tok + 1, ntok - 1);
	if (strcmp(word, "name") == 0)
		return parse_string(p, &p->caps->name, tok + 1, toklen + 1, ntok - 1);
	if (strcmp(word, "phys") == 0)
		return parse_string(p, &p->caps->phys, tok + 1, toklen + 1, ntok - 1);
	if (strcmp(word, "uniq") == 0)
		return parse_string(p, &p->caps->uniq, tok + 1, toklen + 1, ntok - 1);
	if (strcmp(word, "profile") == 0) {
		const char *text;
		unsigned int line = p->line;

		if (ntok != 2)
			return fail(p, "profile needs one name");
		if (p->directives != 1)
			return fail(p, "profile must come first, as it starts the device afresh");
		text = profile_definition(tok[1]);
		if (!text)
			return fail(p, "unknown profile '%s'", tok[1]);
		rc = parse_text(p, text, strlen(text));
		p->line = line;
		return rc;
	}
	return fail(p, "unknown directive '%s'", word);
}

/* @return 0 after applying every line of text, or -EINVAL or -ENOMEM */
static int
parse_text(struct parser *p, const char *text, size_t len)
{
	char *tok[MAX_TOKENS];
	size_t toklen[MAX_TOKENS];
	bool quoted[MAX_TOKENS];
	const char *end = text + len;
	char *line;
	int rc = 0;

	line = malloc(MAX_LINE);
	if (!line)
		return -ENOMEM;
	p->line = 0;
	while (text < end) {
		const char *nl = memchr(text, '\n', end - text);
		size_t n = (nl ? nl : end) - text;
		int ntok;

		p->line++;
		if (n >= MAX_LINE) {
			rc = fail(p, "line longer than %d bytes", MAX_LINE - 1);
			goto out;
		}
		if (memchr(text, '\0', n)) {
			rc = fail(p, "NUL byte; names cannot hold one");
			goto out;
		}
		memcpy(line, text, n);
		line[n] = '\0';
		text += n + (nl ? 1 : 0);
		ntok = tokenize(p, line, tok, toklen, quoted);
		if (ntok < 0) {
			rc = ntok;
			goto out;
		}
		if (ntok == 0)
			continue;
		rc = apply(p, tok, toklen, quoted, ntok);
		if (rc < 0)
			goto out;
	}
out:
	free(line);
	return rc;
}

int
definition_parse(const char *text, size_t len, struct device_caps *caps, char *err, size_t errlen)
{
	struct parser p = { .caps = caps, .err = err, .errlen = errlen };
	int rc;

	if (errlen)
		err[0] = '\0';
	rc = parse_text(&p, text, len);
	if (rc < 0)
		return rc;
	/* input_register_device() turns on soft repeat with these when a driver sets none. */
	if (bit_test(caps->ev, EV_REP) && !caps->rep[REP_DELAY] && !caps->rep[REP_PERIOD]) {
		caps->rep[REP_DELAY] = 250;
		caps->rep[REP_PERIOD] = 33;
	}
	return 0;
}
