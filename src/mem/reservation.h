/*
 * reservation.h - ISA-neutral registry of load-reserved/store-conditional
 * reservations, shared by every hart of every address space.
 *
 * A reservation covers one naturally aligned 8-byte granule of guest
 * physical memory. While any hart holds a reservation in a page, the page
 * word has PAGE_RESERVED (set by reservation_set, cleared when the page's
 * last reservation goes away), so every store to that page leaves the TLB
 * fast path; the soft MMU's slow store path and atomic read-modify-writes
 * then call reservation_store_hit, which breaks the reservations of every
 * hart overlapping the stored bytes. Writes from outside the harts (as_write,
 * device DMA through as_note_dma_write) reach it through the address space's
 * break_reservations hook, installed with the first reservation. A store-conditional checks and
 * consumes its reservation and performs its compare-and-swap under the
 * granule's lock, so it cannot interleave with a store_hit of that granule.
 * Thread-safe: any vCPU thread may call any function.
 */
#ifndef FVP_MEM_RESERVATION_H
#define FVP_MEM_RESERVATION_H

#include <stdbool.h>
#include <stdint.h>
#include "core/memory.h"

#define RESERVATION_GRANULE 8u

/* Record cpu_id's reservation of the granule holding paddr (replacing any older one) and mark
 * its page PAGE_RESERVED. Call before reading the reserved value. */
void reservation_set(struct address_space *as, unsigned cpu_id, uint64_t paddr);
/* Store-conditional: if cpu_id holds the reservation of paddr's granule and the size-byte
 * (4 or 8) value at host still equals expected, atomically store value there, break every
 * other reservation of the granule and return true. The reservation is consumed either way. */
bool reservation_store_conditional(struct address_space *as, unsigned cpu_id, uint64_t paddr,
				   void *host, unsigned size, uint64_t expected, uint64_t value);
/* A store of size bytes at paddr happened (or is about to): break every hart's reservation
 * overlapping it. Called by the soft MMU for stores to PAGE_RESERVED pages, and by AMOs. */
void reservation_store_hit(struct address_space *as, uint64_t paddr, unsigned size);
/* Drop cpu_id's reservation, if any (traps, SC failures). */
void reservation_clear(struct address_space *as, unsigned cpu_id);
/* Forget every reservation of as (before as_destroy). */
void reservation_forget_as(struct address_space *as);

#endif
