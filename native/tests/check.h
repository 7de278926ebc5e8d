/* check.h: a minimal assertion harness for the C unit tests (ctest runs each test binary). */
#pragma once

#include <stdio.h>
#include <stdlib.h>

static int check_failures;

/* Records a failure with its location; the test goes on, and main returns it. */
#define CHECK(cond)                                                                 \
	do {                                                                        \
		if (!(cond)) {                                                      \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
			check_failures++;                                           \
		}                                                                   \
	} while (0)

/* Compares two integers and prints both on failure. */
#define CHECK_EQ(a, b)                                                              \
	do {                                                                        \
		long long check_a = (long long)(a), check_b = (long long)(b);       \
		if (check_a != check_b) {                                           \
			fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %lld, %s == %lld\n", \
				__FILE__, __LINE__, #a, check_a, #b, check_b);     \
			check_failures++;                                           \
		}                                                                   \
	} while (0)

/* Runs one test function and reports it. */
#define RUN(test)                                                                   \
	do {                                                                        \
		int check_before = check_failures;                                  \
		test();                                                             \
		fprintf(stderr, "%s %s\n", check_failures == check_before ? "ok  " : "FAIL", #test); \
	} while (0)

/* Returns the process exit status: 0 if every check passed. */
static inline int
check_result(void)
{
	if (check_failures)
		fprintf(stderr, "%d check(s) failed\n", check_failures);
	return check_failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
