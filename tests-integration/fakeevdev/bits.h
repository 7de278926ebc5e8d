/* bits.h: bitmaps laid out like the kernel's (arrays of unsigned long), as evdev ioctls return them. */
#pragma once

#include <stdbool.h>

#define BITS_PER_LONG (8 * sizeof(unsigned long))
#define NLONGS(nbits) (((nbits) + BITS_PER_LONG - 1) / BITS_PER_LONG)

/* @return whether bit b is set */
static inline bool
bit_test(const unsigned long *bits, unsigned int b)
{
	return bits[b / BITS_PER_LONG] & (1UL << (b % BITS_PER_LONG));
}

/* @return nothing; sets bit b */
static inline void
bit_set(unsigned long *bits, unsigned int b)
{
	bits[b / BITS_PER_LONG] |= 1UL << (b % BITS_PER_LONG);
}

/* @return nothing; flips bit b */
static inline void
bit_flip(unsigned long *bits, unsigned int b)
{
	bits[b / BITS_PER_LONG] ^= 1UL << (b % BITS_PER_LONG);
}

/* @return the number of set bits among the first nbits */
static inline unsigned int
bit_weight(const unsigned long *bits, unsigned int nbits)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < nbits; i++)
		n += bit_test(bits, i);
	return n;
}
