/*
 * test_virtqueue.c - the split virtqueue against hand-built rings: chains,
 * indirect tables, used ring, notification suppression (flags and event
 * index), and every malformed ring the device must refuse without
 * touching memory outside guest RAM.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <stdlib.h>
#include <cmocka.h>
#include "ring.h"

struct fixture {
	struct t_ring r;
	struct virtq vq;
	struct virtq_elem elem;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->r.as = as_create();
	assert_int_equal(as_add_ram(f->r.as, T_RAM_BASE, T_RAM_SIZE), 0);
	f->r.num = 16;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	as_destroy(f->r.as);
	free(f);
	return 0;
}

static void enable(struct fixture *f, bool event_idx, bool indirect)
{
	virtq_reset(&f->vq);
	f->vq.num = f->r.num;
	f->vq.desc_addr = T_DESC;
	f->vq.avail_addr = T_AVAIL;
	f->vq.used_addr = T_USED;
	assert_int_equal(virtq_enable(&f->vq, f->r.as, event_idx, indirect), 0);
}

static void test_chain(void **state)
{
	struct fixture *f = *state;
	uint8_t *data = t_ptr(&f->r, T_DATA, 0x3000);

	enable(f, false, false);
	assert_int_equal(virtq_pop(&f->vq, &f->elem), 0); /* empty */
	t_desc(&f->r, 3, T_DATA, 16, VIRTQ_DESC_F_NEXT, 5);
	t_desc(&f->r, 5, T_DATA + 0x1000, 0x200, VIRTQ_DESC_F_NEXT, 7);
	t_desc(&f->r, 7, T_DATA + 0x2000, 1, VIRTQ_DESC_F_WRITE, 0);
	t_offer(&f->r, 3);
	assert_true(virtq_has_work(&f->vq));
	assert_int_equal(virtq_pop(&f->vq, &f->elem), 1);
	assert_int_equal(f->elem.head, 3);
	assert_int_equal(f->elem.out_num, 2);
	assert_int_equal(f->elem.in_num, 1);
	assert_ptr_equal(f->elem.iov[0].iov_base, data);
	assert_int_equal(f->elem.iov[1].iov_len, 0x200);
	assert_ptr_equal(f->elem.in_iov[0].iov_base, data + 0x2000);
	assert_int_equal(f->elem.addr[2], T_DATA + 0x2000);
	assert_false(virtq_has_work(&f->vq));
	virtq_push(&f->vq, &f->elem, 1);
	assert_int_equal(t_used(&f->r)[1], 1);
	assert_int_equal(t_used_id(&f->r, 0), 3);
	assert_int_equal(t_used_len(&f->r, 0), 1);
	assert_true(virtq_should_notify(&f->vq));
	assert_false(virtq_should_notify(&f->vq)); /* nothing new since */
}

static void test_no_interrupt_flag(void **state)
{
	struct fixture *f = *state;

	enable(f, false, false);
	t_avail(&f->r)[0] = VIRTQ_AVAIL_F_NO_INTERRUPT;
	t_desc(&f->r, 0, T_DATA, 8, VIRTQ_DESC_F_WRITE, 0);
	t_offer(&f->r, 0);
	assert_int_equal(virtq_pop(&f->vq, &f->elem), 1);
	virtq_push(&f->vq, &f->elem, 8);
	assert_false(virtq_should_notify(&f->vq));
}

static void test_event_idx(void **state)
{
	struct fixture *f = *state;
	uint16_t *avail = t_avail(&f->r);

	enable(f, true, false);
	/* empty pop publishes avail_event = current avail index */
	assert_int_equal(virtq_pop(&f->vq, &f->elem), 0);
	assert_int_equal(t_used(&f->r)[2 + 4 * f->r.num], 0);
	for (unsigned i = 0; i < 3; i++) {
		t_desc(&f->r, i, T_DATA + 64 * i, 8, VIRTQ_DESC_F_WRITE, 0);
		t_offer(&f->r, (uint16_t)i);
	}
	avail[2 + f->r.num] = 1; /* used_event: interrupt when used idx passes 1 */
	assert_int_equal(virtq_pop(&f->vq, &f->elem), 1);
	assert_int_equal(t_used(&f->r)[2 + 4 * f->r.num], 1); /* avail_event follows */
	virtq_push(&f->vq, &f->elem, 8);
	assert_false(virtq_should_notify(&f->vq)); /* used idx 1: not past 1 yet */
	assert_int_equal(virtq_pop(&f->vq, &f->elem), 1);
	virtq_push(&f->vq, &f->elem, 8);
	assert_true(virtq_should_notify(&f->vq)); /* used idx 2 crossed used_event + 1 */
	assert_int_equal(virtq_pop(&f->vq, &f->elem), 1);
	virtq_push(&f->vq, &f->elem, 8);
	assert_false(virtq_should_notify(&f->vq)); /* used_event still 1: already told */
}

static void test_indirect(void **state)
{
	struct fixture *f = *state;

	enable(f, false, true);
	t_desc_at(&f->r, T_INDIRECT, 0, T_DATA, 16, VIRTQ_DESC_F_NEXT, 2);
	t_desc_at(&f->r, T_INDIRECT, 2, T_DATA + 0x100, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE,
		  1);
	t_desc_at(&f->r, T_INDIRECT, 1, T_DATA + 0x400, 1, VIRTQ_DESC_F_WRITE, 0);
	t_desc(&f->r, 4, T_INDIRECT, 3 * 16, VIRTQ_DESC_F_INDIRECT, 0);
	t_offer(&f->r, 4);
	assert_int_equal(virtq_pop(&f->vq, &f->elem), 1);
	assert_int_equal(f->elem.head, 4);
	assert_int_equal(f->elem.out_num, 1);
	assert_int_equal(f->elem.in_num, 2);
	assert_int_equal(f->elem.addr[1], T_DATA + 0x100);
	assert_int_equal(f->elem.addr[2], T_DATA + 0x400);
	/* zero-length buffers are skipped */
	t_desc(&f->r, 6, T_DATA, 0, VIRTQ_DESC_F_NEXT, 7);
	t_desc(&f->r, 7, T_DATA, 4, 0, 0);
	t_offer(&f->r, 6);
	assert_int_equal(virtq_pop(&f->vq, &f->elem), 1);
	assert_int_equal(f->elem.out_num, 1);
}

/* Offer the chain at head 0 (built by fn) and expect -EIO without consuming it. */
static void expect_broken(struct fixture *f, bool indirect, void (*build)(struct t_ring *r))
{
	t_ring_clear(&f->r);
	enable(f, false, indirect);
	build(&f->r);
	assert_int_equal(virtq_pop(&f->vq, &f->elem), -EIO);
	assert_int_equal(f->vq.last_avail, 0);
	assert_int_equal(virtq_pop(&f->vq, &f->elem), -EIO); /* stays broken */
}

static void b_loop(struct t_ring *r)
{
	t_desc(r, 0, T_DATA, 8, VIRTQ_DESC_F_NEXT, 1);
	t_desc(r, 1, T_DATA, 8, VIRTQ_DESC_F_NEXT, 0);
	t_offer(r, 0);
}

static void b_self_loop(struct t_ring *r)
{
	t_desc(r, 0, T_DATA, 8, VIRTQ_DESC_F_NEXT, 0);
	t_offer(r, 0);
}

static void b_outside_ram(struct t_ring *r)
{
	t_desc(r, 0, 0x1000, 8, 0, 0);
	t_offer(r, 0);
}

static void b_crosses_ram_end(struct t_ring *r)
{
	t_desc(r, 0, T_RAM_BASE + T_RAM_SIZE - 4, 8, 0, 0);
	t_offer(r, 0);
}

static void b_huge_len(struct t_ring *r)
{
	t_desc(r, 0, T_DATA, 0xffffffffu, VIRTQ_DESC_F_WRITE, 0);
	t_offer(r, 0);
}

static void b_wrong_direction(struct t_ring *r)
{
	t_desc(r, 0, T_DATA, 8, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
	t_desc(r, 1, T_DATA, 8, 0, 0);
	t_offer(r, 0);
}

static void b_next_out_of_table(struct t_ring *r)
{
	t_desc(r, 0, T_DATA, 8, VIRTQ_DESC_F_NEXT, 16);
	t_offer(r, 0);
}

static void b_bad_head(struct t_ring *r)
{
	t_offer(r, 16);
}

static void b_avail_too_far(struct t_ring *r)
{
	t_desc(r, 0, T_DATA, 8, 0, 0);
	t_offer(r, 0);
	t_avail(r)[1] = 17; /* 17 new buffers in a 16-entry ring */
}

static void b_indirect_not_negotiated(struct t_ring *r)
{
	t_desc_at(r, T_INDIRECT, 0, T_DATA, 8, 0, 0);
	t_desc(r, 0, T_INDIRECT, 16, VIRTQ_DESC_F_INDIRECT, 0);
	t_offer(r, 0);
}

static void b_indirect_nested(struct t_ring *r)
{
	t_desc_at(r, T_INDIRECT, 0, T_INDIRECT + 0x100, 16, VIRTQ_DESC_F_INDIRECT, 0);
	t_desc_at(r, T_INDIRECT + 0x100, 0, T_DATA, 8, 0, 0);
	t_desc(r, 0, T_INDIRECT, 16, VIRTQ_DESC_F_INDIRECT, 0);
	t_offer(r, 0);
}

static void b_indirect_with_next(struct t_ring *r)
{
	t_desc_at(r, T_INDIRECT, 0, T_DATA, 8, 0, 0);
	t_desc(r, 0, T_INDIRECT, 16, VIRTQ_DESC_F_INDIRECT | VIRTQ_DESC_F_NEXT, 1);
	t_desc(r, 1, T_DATA, 8, 0, 0);
	t_offer(r, 0);
}

static void b_indirect_bad_len(struct t_ring *r)
{
	t_desc(r, 0, T_INDIRECT, 24, VIRTQ_DESC_F_INDIRECT, 0);
	t_offer(r, 0);
}

static void b_indirect_outside_ram(struct t_ring *r)
{
	t_desc(r, 0, 0x2000, 32, VIRTQ_DESC_F_INDIRECT, 0);
	t_offer(r, 0);
}

static void b_indirect_loop(struct t_ring *r)
{
	t_desc_at(r, T_INDIRECT, 0, T_DATA, 8, VIRTQ_DESC_F_NEXT, 1);
	t_desc_at(r, T_INDIRECT, 1, T_DATA, 8, VIRTQ_DESC_F_NEXT, 0);
	t_desc(r, 0, T_INDIRECT, 32, VIRTQ_DESC_F_INDIRECT, 0);
	t_offer(r, 0);
}

static void b_indirect_next_outside(struct t_ring *r)
{
	t_desc_at(r, T_INDIRECT, 0, T_DATA, 8, VIRTQ_DESC_F_NEXT, 2);
	t_desc(r, 0, T_INDIRECT, 32, VIRTQ_DESC_F_INDIRECT, 0);
	t_offer(r, 0);
}

static void b_too_long(struct t_ring *r)
{
	/* one direct buffer, then a full 256-entry indirect table: 257 buffers */
	for (unsigned i = 0; i < VIRTQ_MAX_CHAIN; i++)
		t_desc_at(r, T_INDIRECT, i, T_DATA, 8,
			  i + 1 < VIRTQ_MAX_CHAIN ? VIRTQ_DESC_F_NEXT : 0, (uint16_t)(i + 1));
	t_desc(r, 0, T_DATA, 8, VIRTQ_DESC_F_NEXT, 1);
	t_desc(r, 1, T_INDIRECT, 16 * VIRTQ_MAX_CHAIN, VIRTQ_DESC_F_INDIRECT, 0);
	t_offer(r, 0);
}

static void b_indirect_too_big(struct t_ring *r)
{
	t_desc(r, 0, T_INDIRECT, 16 * (VIRTQ_MAX_CHAIN + 1), VIRTQ_DESC_F_INDIRECT, 0);
	t_offer(r, 0);
}

static void test_malformed(void **state)
{
	struct fixture *f = *state;

	expect_broken(f, false, b_loop);
	expect_broken(f, false, b_self_loop);
	expect_broken(f, false, b_outside_ram);
	expect_broken(f, false, b_crosses_ram_end);
	expect_broken(f, false, b_huge_len);
	expect_broken(f, false, b_wrong_direction);
	expect_broken(f, false, b_next_out_of_table);
	expect_broken(f, false, b_bad_head);
	expect_broken(f, false, b_avail_too_far);
	expect_broken(f, false, b_indirect_not_negotiated);
	expect_broken(f, true, b_indirect_nested);
	expect_broken(f, true, b_indirect_with_next);
	expect_broken(f, true, b_indirect_bad_len);
	expect_broken(f, true, b_indirect_outside_ram);
	expect_broken(f, true, b_indirect_loop);
	expect_broken(f, true, b_indirect_next_outside);
	expect_broken(f, true, b_too_long);
	expect_broken(f, true, b_indirect_too_big);
}

static void test_enable_checks(void **state)
{
	struct fixture *f = *state;
	struct virtq vq = {0}; /* virtq_reset reads the generation it bumps */

	virtq_reset(&vq);
	vq.desc_addr = T_DESC;
	vq.avail_addr = T_AVAIL;
	vq.used_addr = T_USED;
	vq.num = 12; /* not a power of two */
	assert_int_equal(virtq_enable(&vq, f->r.as, false, false), -EINVAL);
	vq.num = 512; /* above the maximum */
	assert_int_equal(virtq_enable(&vq, f->r.as, false, false), -EINVAL);
	vq.num = 16;
	vq.desc_addr = T_DESC + 8; /* misaligned */
	assert_int_equal(virtq_enable(&vq, f->r.as, false, false), -EINVAL);
	vq.desc_addr = 0x1000; /* outside RAM */
	assert_int_equal(virtq_enable(&vq, f->r.as, false, false), -EFAULT);
	vq.desc_addr = T_DESC;
	vq.used_addr = T_RAM_BASE + T_RAM_SIZE - 8; /* runs past the end of RAM */
	assert_int_equal(virtq_enable(&vq, f->r.as, false, false), -EFAULT);
	assert_false(vq.ready);
	assert_int_equal(virtq_pop(&vq, &f->elem), 0);
}

static void test_stale_after_reset(void **state)
{
	struct fixture *f = *state;

	t_ring_clear(&f->r);
	enable(f, false, false);
	t_desc(&f->r, 0, T_DATA, 8, VIRTQ_DESC_F_WRITE, 0);
	t_offer(&f->r, 0);
	assert_int_equal(virtq_pop(&f->vq, &f->elem), 1);
	enable(f, false, false); /* reset and re-enable: the popped element is stale */
	virtq_push(&f->vq, &f->elem, 8);
	assert_int_equal(t_used(&f->r)[1], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_chain, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_interrupt_flag, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_event_idx, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_indirect, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_enable_checks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stale_after_reset, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
