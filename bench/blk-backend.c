/*
 * blk-backend.c - host-side benchmark of FVP's block back-ends, without a
 * guest: the same blk_backend_ops the virtio-blk device drives (sync,
 * io_uring), on an image opened as `--drive` opens it (cache=none is
 * O_DIRECT), with a fixed number of reads in flight, sequential or random,
 * for a fixed time; prints a Markdown table of MB/s, the back-ends side by
 * side (median of --repeat runs).
 *
 * The driver works like the device: all requests are submitted on the I/O
 * thread (a "kick" handler fills the free slots, then unplugs), completions
 * arrive on the I/O thread and only mark their slot free and kick again, so
 * a back-end's completion never re-enters it. The sync back-end completes
 * inside submit, so it has one request in flight whatever the depth: that
 * is what it is, and what this measures.
 *
 * Invariants: a slot's buffer belongs to at most one request; a run ends
 * only when nothing is in flight; every read's length is the block size and
 * lies inside the image.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include "core/iothread.h"
#include "dev/block/block.h"

#define MAX_DEPTH 256
#define MAX_LIST  8

struct slot {
	struct blk_request req;
	struct iovec iov;
	struct run *run;
	bool busy;
};

struct run {
	struct blk_backend *be;
	uint64_t size, bs, cursor, rng, bytes;
	unsigned depth, inflight, errors;
	bool random, stopping;
	double deadline;
	int kick, finished;
	struct slot slot[MAX_DEPTH];
};

#define MAX_REPEAT 16 /* --repeat: runs per figure */

struct config {
	const char *file;
	uint64_t size_mib;
	double seconds;
	unsigned repeat;
	bool direct, unaligned;
	const char *aio[MAX_LIST], *pattern[MAX_LIST];
	uint64_t bs[MAX_LIST];
	unsigned depth[MAX_LIST];
	unsigned naio, npattern, nbs, ndepth;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t next_offset(struct run *r)
{
	uint64_t blocks = r->size / r->bs, off;

	if (r->random) {
		r->rng ^= r->rng << 13; /* xorshift64: the same offsets in every run */
		r->rng ^= r->rng >> 7;
		r->rng ^= r->rng << 17;
		return (r->rng % blocks) * r->bs;
	}
	off = r->cursor;
	r->cursor = (r->cursor + r->bs) % (blocks * r->bs);
	return off;
}

static void read_done(struct blk_request *req, int ret)
{
	struct slot *s = (struct slot *)req;
	struct run *r = s->run;

	s->busy = false;
	r->inflight--;
	if (ret)
		r->errors++;
	else
		r->bytes += req->len;
	iothread_event_signal(r->kick);
}

/* I/O thread: fill the free slots, send them, and tell main when the run is over. */
static void kick(void *opaque, int fd, uint32_t events)
{
	struct run *r = opaque;

	iothread_event_clear(fd);
	if (!r->stopping && (now() >= r->deadline || r->errors))
		r->stopping = true;
	for (unsigned i = 0; i < r->depth && !r->stopping; i++) {
		struct slot *s = &r->slot[i];

		if (s->busy)
			continue;
		s->busy = true;
		r->inflight++;
		s->req = (struct blk_request){.op = BLK_OP_READ,
					      .offset = next_offset(r),
					      .len = r->bs,
					      .iov = &s->iov,
					      .iovcnt = 1,
					      .done = read_done};
		if (r->be->ops->submit(r->be, &s->req))
			read_done(&s->req, -EIO);
	}
	if (r->be->ops->unplug)
		r->be->ops->unplug(r->be);
	if (r->stopping && !r->inflight)
		iothread_event_signal(r->finished);
}

static int wait_event(int efd)
{
	struct epoll_event ev = {.events = EPOLLIN};
	int ep = epoll_create1(EPOLL_CLOEXEC), n;

	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) < 0)
		return -errno;
	do
		n = epoll_wait(ep, &ev, 1, -1);
	while (n < 0 && errno == EINTR);
	close(ep);
	return n == 1 ? 0 : -EIO;
}

/* One timed run; returns MB/s (10^6 bytes/s) or a negative value on failure. */
static double run_once(const struct config *c, const struct blk_backend_ops *ops,
		       const struct blk_image *img, bool random, uint64_t bs, unsigned depth,
		       uint8_t *mem)
{
	struct iothread *io = iothread_create("bench-io");
	struct run *r = calloc(1, sizeof(*r));
	double t0, t1, mbps = -1;

	if (!r)
		goto out;
	r->kick = r->finished = -1;
	if (!io)
		goto out;
	r->size = img->size;
	r->bs = bs;
	r->depth = depth;
	r->random = random;
	r->rng = 0x9e3779b97f4a7c15ull;
	r->kick = iothread_event_create();
	r->finished = iothread_event_create();
	for (unsigned i = 0; i < depth; i++) {
		r->slot[i].run = r;
		r->slot[i].iov.iov_base = mem + i * (bs + 4096) + (c->unaligned ? 1 : 0);
		r->slot[i].iov.iov_len = bs;
	}
	r->be = ops->create(img, io);
	if (r->kick < 0 || r->finished < 0 || !r->be ||
	    iothread_add_fd(io, r->kick, EPOLLIN, kick, r) || iothread_start(io))
		goto out;
	t0 = now();
	r->deadline = t0 + c->seconds;
	iothread_event_signal(r->kick);
	if (wait_event(r->finished) == 0 && !r->errors) {
		t1 = now();
		mbps = (double)r->bytes / (t1 - t0) / 1e6;
	} else {
		fprintf(stderr, "blk-backend: %s: %u read(s) failed\n", ops->name, r->errors);
	}
	iothread_stop(io);
out:
	if (r && r->be)
		r->be->ops->destroy(r->be);
	iothread_destroy(io);
	if (r && r->kick >= 0)
		close(r->kick);
	if (r && r->finished >= 0)
		close(r->finished);
	free(r);
	return mbps;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(const struct config *c, const struct blk_backend_ops *ops,
		     const struct blk_image *img, bool random, uint64_t bs, unsigned depth,
		     uint8_t *mem)
{
	double v[MAX_REPEAT] = {0};
	unsigned n = c->repeat;

	for (unsigned i = 0; i < n; i++) {
		v[i] = run_once(c, ops, img, random, bs, depth, mem);
		if (v[i] < 0)
			return -1;
	}
	qsort(v, n, sizeof(v[0]), cmp_double);
	return v[n / 2];
}

/* A test image of random bytes, written and synced so O_DIRECT reads reach the disk. */
static int make_image(const char *path, uint64_t mib)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	uint64_t buf[8192], x = 88172645463325252ull;

	if (fd < 0)
		return -errno;
	for (uint64_t done = 0; done < mib << 20; done += sizeof(buf)) {
		for (unsigned i = 0; i < 8192; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[i] = x;
		}
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
			close(fd);
			return -EIO;
		}
	}
	if (fsync(fd) < 0) {
		close(fd);
		return -errno;
	}
	close(fd);
	return 0;
}

static uint64_t parse_size(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 10);

	if (*end == 'k' || *end == 'K')
		v <<= 10, end++;
	else if (*end == 'm' || *end == 'M')
		v <<= 20, end++;
	return *end || !v || v % 512 ? 0 : v;
}

/* Split a comma list into at most MAX_LIST items (s is modified). */
static unsigned split(char *s, const char **out)
{
	unsigned n = 0;

	for (char *tok = strtok(s, ","); tok && n < MAX_LIST; tok = strtok(NULL, ","))
		out[n++] = tok;
	return n;
}

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: blk-backend [--file PATH] [--size MIB] [--cache none|writeback]\n"
	    "         [--aio sync,io_uring] [--pattern seq,rand] [--bs 64k,1M] [--depth 1,4,16]\n"
	    "         [--seconds S] [--repeat N] [--unaligned]\n"
	    "  --file      image to read (default: a new file of --size MiB of random bytes in\n"
	    "              the current directory, removed at the end)\n"
	    "  --size      size of that new file in MiB (default 256)\n"
	    "  --cache     none: O_DIRECT, as --drive cache=none (default); writeback: page cache\n"
	    "  --aio       back-ends, side by side (default sync,io_uring)\n"
	    "  --pattern   seq: consecutive blocks; rand: uniformly random blocks (default both)\n"
	    "  --bs        read size (default 4k,64k,1M); --depth: reads in flight (default "
	    "1,4,16)\n"
	    "  --seconds   length of one run (default 2); --repeat: runs per figure (median; 3)\n"
	    "  --unaligned guest buffers at odd addresses (cache=none bounces them)\n");
}

static int parse_args(int argc, char **argv, struct config *c)
{
	static const struct option opts[] = {
	    {"file", required_argument, NULL, 'f'},    {"size", required_argument, NULL, 's'},
	    {"cache", required_argument, NULL, 'c'},   {"aio", required_argument, NULL, 'a'},
	    {"pattern", required_argument, NULL, 'p'}, {"bs", required_argument, NULL, 'b'},
	    {"depth", required_argument, NULL, 'd'},   {"seconds", required_argument, NULL, 't'},
	    {"repeat", required_argument, NULL, 'r'},  {"unaligned", no_argument, NULL, 'u'},
	    {"help", no_argument, NULL, 'h'},	       {NULL, 0, NULL, 0},
	};
	static char aio[] = "sync,io_uring", pattern[] = "seq,rand";
	const char *list[MAX_LIST];
	char *bs = NULL, *depth = NULL;
	int o;

	*c = (struct config){.size_mib = 256, .seconds = 2, .repeat = 3, .direct = true};
	c->naio = split(aio, c->aio);
	c->npattern = split(pattern, c->pattern);
	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'f':
			c->file = optarg;
			break;
		case 's':
			c->size_mib = strtoull(optarg, NULL, 10);
			break;
		case 'c':
			if (strcmp(optarg, "none") != 0 && strcmp(optarg, "writeback") != 0)
				return -EINVAL;
			c->direct = !strcmp(optarg, "none");
			break;
		case 'a':
			c->naio = split(optarg, c->aio);
			break;
		case 'p':
			c->npattern = split(optarg, c->pattern);
			break;
		case 'b':
			bs = optarg;
			break;
		case 'd':
			depth = optarg;
			break;
		case 't':
			c->seconds = strtod(optarg, NULL);
			break;
		case 'r':
			c->repeat = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'u':
			c->unaligned = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -EINVAL;
		}
	}
	if (optind != argc || !c->size_mib || c->seconds <= 0 || !c->repeat ||
	    c->repeat > MAX_REPEAT)
		return -EINVAL;
	for (unsigned i = 0; i < c->naio; i++)
		if (!blk_backend_find(c->aio[i]))
			return -EINVAL;
	for (unsigned i = 0; i < c->npattern; i++)
		if (strcmp(c->pattern[i], "seq") != 0 && strcmp(c->pattern[i], "rand") != 0)
			return -EINVAL;
	c->nbs = split(bs ? bs : (char[]){"4k,64k,1M"}, list);
	for (unsigned i = 0; i < c->nbs; i++)
		if (!(c->bs[i] = parse_size(list[i])) || c->bs[i] > (16u << 20))
			return -EINVAL;
	c->ndepth = split(depth ? depth : (char[]){"1,4,16"}, list);
	for (unsigned i = 0; i < c->ndepth; i++) {
		c->depth[i] = (unsigned)strtoul(list[i], NULL, 10);
		if (!c->depth[i] || c->depth[i] > MAX_DEPTH)
			return -EINVAL;
	}
	return 0;
}

static void print_table(const struct config *c, const struct blk_image *img, uint8_t *mem)
{
	printf("| pattern | bs | in flight |");
	for (unsigned a = 0; a < c->naio; a++)
		printf(" %s MB/s |", c->aio[a]);
	if (c->naio == 2)
		printf(" %s / %s |", c->aio[1], c->aio[0]);
	printf("\n");
	printf("| --- | ---: | ---: |");
	for (unsigned a = 0; a < c->naio + (c->naio == 2); a++)
		printf(" ---: |");
	printf("\n");
	for (unsigned p = 0; p < c->npattern; p++)
		for (unsigned b = 0; b < c->nbs; b++)
			for (unsigned d = 0; d < c->ndepth; d++) {
				double v[MAX_LIST];
				bool random = !strcmp(c->pattern[p], "rand");

				printf("| %s | %lluk | %u |", c->pattern[p],
				       (unsigned long long)(c->bs[b] >> 10), c->depth[d]);
				for (unsigned a = 0; a < c->naio; a++) {
					v[a] = median(c, blk_backend_find(c->aio[a]), img, random,
						      c->bs[b], c->depth[d], mem);
					if (v[a] < 0)
						printf(" failed |");
					else
						printf(" %.0f |", v[a]);
				}
				if (c->naio == 2 && v[0] > 0 && v[1] > 0)
					printf(" %.2f |", v[1] / v[0]);
				else if (c->naio == 2)
					printf(" - |");
				printf("\n");
				fflush(stdout);
			}
}

int main(int argc, char **argv)
{
	struct config c;
	struct blk_image img;
	char tmp[] = "fvp-blk-backend-XXXXXX";
	uint64_t max_bs = 0;
	unsigned max_depth = 0;
	uint8_t *mem;
	int ret;

	if (parse_args(argc, argv, &c)) {
		usage(stderr);
		return 2;
	}
	if (!c.file) {
		int fd = mkstemp(tmp);

		if (fd < 0 || (close(fd), make_image(tmp, c.size_mib))) {
			fprintf(stderr, "blk-backend: cannot write a %llu MiB image in .\n",
				(unsigned long long)c.size_mib);
			unlink(tmp);
			return 1;
		}
		c.file = tmp;
	}
	ret = blk_image_open(&img, c.file, true, c.direct);
	if (ret) {
		if (c.file == tmp)
			unlink(tmp);
		return 1;
	}
	for (unsigned i = 0; i < c.nbs; i++)
		max_bs = c.bs[i] > max_bs ? c.bs[i] : max_bs;
	for (unsigned i = 0; i < c.ndepth; i++)
		max_depth = c.depth[i] > max_depth ? c.depth[i] : max_depth;
	if (max_bs > img.size || posix_memalign((void **)&mem, 4096, max_depth * (max_bs + 4096))) {
		fprintf(stderr, "blk-backend: the image is smaller than --bs, or no memory\n");
		return 1;
	}
	memset(mem, 0, max_depth * (max_bs + 4096));
	printf("- image: %s, %llu MiB, cache=%s%s; O_DIRECT alignment: memory %u, offset %u\n",
	       c.file == tmp ? "(new file of random bytes)" : c.file,
	       (unsigned long long)(img.size >> 20), c.direct ? "none" : "writeback",
	       c.unaligned ? ", buffers at odd addresses" : "", img.mem_align, img.offset_align);
	printf("- each figure: median of %u runs of %.1f s; MB/s = 10^6 bytes/s\n\n", c.repeat,
	       c.seconds);
	print_table(&c, &img, mem);
	blk_image_close(&img);
	free(mem);
	if (c.file == tmp)
		unlink(tmp);
	return 0;
}
