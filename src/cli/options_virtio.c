/*
 * options_virtio.c - the device options of `fvp run`: --drive, --net,
 * --rng and --console. Each device joins opt->vm.virtio in command-line
 * order (that order is the slot order, so the first --drive is vda).
 *
 * Pure like options.c: option values are key=value lists; strings kept
 * beyond argv's (file names, interface names) are copied into
 * opt->strings, so nothing is allocated and argv is never written.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli/options.h"
#include "core/hex.h"

/* Copy [s, s + len) into opt->strings; NULL if full. */
static const char *keep(struct cli_options *opt, const char *s, size_t len)
{
	char *p;

	if (len + 1 > sizeof(opt->strings) - opt->strings_used)
		return NULL;
	p = opt->strings + opt->strings_used;
	memcpy(p, s, len);
	p[len] = '\0';
	opt->strings_used += len + 1;
	return p;
}

static struct vm_virtio_config *new_device(struct cli_options *opt, enum vm_virtio_kind kind,
					   const char *what, FILE *err)
{
	struct vm_virtio_config *c;

	if (opt->vm.nvirtio == VM_MAX_VIRTIO) {
		fprintf(err, "fvp: %s: too many virtio devices (at most %d)\n", what,
			VM_MAX_VIRTIO);
		return NULL;
	}
	c = &opt->vm.virtio[opt->vm.nvirtio++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	return c;
}

/* Split the next "key=value" item off *s: key and value point into a kept copy. */
struct kv {
	char key[16];
	const char *val;
	size_t vlen;
};

static int next_item(const char **s, struct kv *kv)
{
	const char *item = *s, *end = strchr(item, ','), *eq;
	size_t len = end ? (size_t)(end - item) : strlen(item);

	*s = end ? end + 1 : item + len;
	eq = memchr(item, '=', len);
	if (!eq) {
		kv->val = NULL;
		kv->vlen = 0;
		eq = item + len;
	} else {
		kv->val = eq + 1;
		kv->vlen = len - (size_t)(eq + 1 - item);
	}
	if ((size_t)(eq - item) >= sizeof(kv->key))
		return -EINVAL;
	memcpy(kv->key, item, (size_t)(eq - item));
	kv->key[eq - item] = '\0';
	return 0;
}

static bool val_is(const struct kv *kv, const char *s)
{
	return kv->val && kv->vlen == strlen(s) && !memcmp(kv->val, s, kv->vlen);
}

static int parse_onoff(const struct kv *kv, bool *b)
{
	if (val_is(kv, "on") || val_is(kv, "yes") || val_is(kv, "true"))
		*b = true;
	else if (val_is(kv, "off") || val_is(kv, "no") || val_is(kv, "false"))
		*b = false;
	else
		return -EINVAL;
	return 0;
}

static int parse_num_queues(const struct kv *kv, unsigned *n, FILE *err)
{
	unsigned long v = 0;
	size_t i;

	for (i = 0; i < kv->vlen && i < 3 && kv->val[i] >= '0' && kv->val[i] <= '9'; i++)
		v = v * 10 + (unsigned long)(kv->val[i] - '0');
	if (i == 0 || i != kv->vlen || v < 1 || v > VM_BLK_MAX_QUEUES) {
		fprintf(err, "fvp: --drive: num-queues=%.*s: use a number from 1 to %d\n",
			(int)kv->vlen, kv->val, VM_BLK_MAX_QUEUES);
		return -EINVAL;
	}
	*n = (unsigned)v;
	return 0;
}

int cli_parse_drive(struct cli_options *opt, const char *arg, FILE *err)
{
	struct vm_virtio_config *c = new_device(opt, VM_VIRTIO_BLK, "--drive", err);
	struct vm_drive_config *d;
	const char *s = arg;
	struct kv kv;

	if (!c)
		return -EINVAL;
	d = &c->drive;
	while (*s) {
		if (next_item(&s, &kv) || !kv.val)
			goto bad;
		if (!strcmp(kv.key, "file") && kv.vlen) {
			d->file = keep(opt, kv.val, kv.vlen);
			if (!d->file)
				goto bad;
		} else if (!strcmp(kv.key, "if")) {
			if (!val_is(&kv, "virtio")) {
				fprintf(err,
					"fvp: --drive: if=%.*s is not supported: use if=virtio\n",
					(int)kv.vlen, kv.val);
				return -EINVAL;
			}
		} else if (!strcmp(kv.key, "readonly")) {
			if (parse_onoff(&kv, &d->readonly))
				goto bad;
		} else if (!strcmp(kv.key, "aio")) {
			if (val_is(&kv, "io_uring"))
				d->aio = "io_uring";
			else if (val_is(&kv, "sync"))
				d->aio = "sync";
			else {
				fprintf(err,
					"fvp: --drive: aio=%.*s is unknown: use io_uring or sync\n",
					(int)kv.vlen, kv.val);
				return -EINVAL;
			}
		} else if (!strcmp(kv.key, "cache")) {
			if (val_is(&kv, "none"))
				d->direct = true;
			else if (val_is(&kv, "writeback"))
				d->direct = false;
			else {
				fprintf(
				    err,
				    "fvp: --drive: cache=%.*s is unknown: use writeback or none\n",
				    (int)kv.vlen, kv.val);
				return -EINVAL;
			}
		} else if (!strcmp(kv.key, "num-queues")) {
			if (parse_num_queues(&kv, &d->num_queues, err))
				return -EINVAL;
		} else if (!strcmp(kv.key, "serial")) {
			if (kv.vlen > VM_SERIAL_LEN) {
				fprintf(err, "fvp: --drive: serial is longer than %d bytes\n",
					VM_SERIAL_LEN);
				return -EINVAL;
			}
			memcpy(d->serial, kv.val, kv.vlen);
			d->serial[kv.vlen] = '\0';
		} else {
			goto bad;
		}
	}
	if (!d->file) {
		fprintf(err, "fvp: --drive '%s': file=FILE is required\n", arg);
		return -EINVAL;
	}
	return 0;
bad:
	fprintf(err,
		"fvp: --drive '%s' is invalid: use "
		"file=F,if=virtio[,readonly=on][,aio=io_uring|sync][,cache=writeback|none]"
		"[,serial=S][,num-queues=N]\n",
		arg);
	return -EINVAL;
}

/* XX:XX:XX:XX:XX:XX, hex digits either case: -EINVAL if not that form, -EADDRNOTAVAIL for an
 * address no card can have (multicast, or all zero). */
static int parse_mac(const struct kv *kv, uint8_t mac[6])
{
	if (!kv->val || kv->vlen != 17)
		return -EINVAL;
	for (unsigned i = 0; i < 6; i++) {
		const char *p = kv->val + 3 * i;
		int hi = hex_digit_value(p[0]), lo = hex_digit_value(p[1]);

		if (hi < 0 || lo < 0 || (i < 5 && p[2] != ':'))
			return -EINVAL;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	if ((mac[0] & 1) || !(mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]))
		return -EADDRNOTAVAIL;
	return 0;
}

#define HOSTFWD_FORM "[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT"
#define HOSTFWD_MAX  64 /* longest hostfwd value: two dotted quads, two ports and some */

/*
 * SIDE's "[ADDR]:PORT" -> *addr (host byte order; left alone when ADDR is empty) and *port
 * (1-65535). 0, or -EINVAL with the reason in why.
 */
static int parse_addr_port(char *s, const char *side, uint32_t *addr, uint16_t *port, char *why,
			   size_t whylen)
{
	char *colon = strrchr(s, ':'), *end;
	struct in_addr in;
	unsigned long p;

	if (!colon) {
		snprintf(why, whylen, "the %s side '%s' lacks the ':' before its port", side, s);
		return -EINVAL;
	}
	*colon = '\0';
	if (*s && inet_pton(AF_INET, s, &in) != 1) {
		snprintf(why, whylen, "the %s address '%s' is not a dotted IPv4 address", side, s);
		return -EINVAL;
	}
	if (*s)
		*addr = ntohl(in.s_addr);
	errno = 0;
	p = strtoul(colon + 1, &end, 10);
	if (!isdigit((unsigned char)colon[1]) || *end || errno || !p || p > 65535) {
		snprintf(why, whylen, "the %s port '%s' is not a number from 1 to 65535", side,
			 colon + 1);
		return -EINVAL;
	}
	*port = (uint16_t)p;
	return 0;
}

/*
 * hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, QEMU's form, in s (written
 * to) -> f. An empty protocol is tcp; an empty HOSTADDR leaves f's (127.0.0.1: QEMU's is
 * every address, written 0.0.0.0 here); an empty GUESTADDR leaves 0, the guest's DHCP
 * address. 0, or -EINVAL with the reason in why.
 */
static int parse_hostfwd_value(char *s, struct vm_net_hostfwd *f, char *why, size_t whylen)
{
	char *rest = strchr(s, ':'), *dash = rest ? strchr(rest, '-') : NULL;
	int ret;

	if (!dash) {
		snprintf(why, whylen,
			 "it lacks the ':' after the protocol or the '-' between host and guest");
		return -EINVAL;
	}
	*rest++ = '\0';
	*dash++ = '\0';
	f->udp = !strcmp(s, "udp");
	if (*s && strcmp(s, "tcp") != 0 && !f->udp) {
		snprintf(why, whylen, "the protocol '%s' is neither tcp nor udp", s);
		return -EINVAL;
	}
	ret = parse_addr_port(rest, "host", &f->host_addr, &f->host_port, why, whylen);
	if (!ret)
		ret = parse_addr_port(dash, "guest", &f->guest_addr, &f->guest_port, why, whylen);
	if (!ret && *dash && !f->guest_addr) { /* dash now holds the guest address alone */
		snprintf(why, whylen, "the guest address 0.0.0.0 is no guest's (leave it empty)");
		ret = -EINVAL;
	}
	return ret;
}

static int parse_hostfwd(const struct kv *kv, struct vm_net_config *n, FILE *err)
{
	char buf[HOSTFWD_MAX + 1], why[2 * HOSTFWD_MAX];
	struct vm_net_hostfwd f = {.host_addr = INADDR_LOOPBACK};

	if (n->nhostfwd == VM_MAX_HOSTFWD) {
		fprintf(err, "fvp: --net: more than %d hostfwd= forwards\n", VM_MAX_HOSTFWD);
		return -EINVAL;
	}
	if (kv->vlen > HOSTFWD_MAX) {
		fprintf(err, "fvp: --net: hostfwd= is longer than %d characters; use %s\n",
			HOSTFWD_MAX, HOSTFWD_FORM);
		return -EINVAL;
	}
	memcpy(buf, kv->val, kv->vlen);
	buf[kv->vlen] = '\0';
	if (parse_hostfwd_value(buf, &f, why, sizeof(why))) {
		fprintf(err, "fvp: --net: hostfwd=%.*s is invalid: %s; use %s\n", (int)kv->vlen,
			kv->val, why, HOSTFWD_FORM);
		return -EINVAL;
	}
	n->hostfwd[n->nhostfwd++] = f;
	return 0;
}

int cli_parse_net(struct cli_options *opt, const char *arg, FILE *err)
{
	struct vm_virtio_config *c;
	struct vm_net_config *n;
	const char *s = arg;
	struct kv kv;

	if (!strcmp(arg, "none"))
		return 0;
	c = new_device(opt, VM_VIRTIO_NET, "--net", err);
	if (!c)
		return -EINVAL;
	n = &c->net;
	if (next_item(&s, &kv) || kv.val ||
	    (strcmp(kv.key, "user") != 0 && strcmp(kv.key, "tap") != 0))
		goto bad;
	n->tap = !strcmp(kv.key, "tap");
	while (*s) {
		if (next_item(&s, &kv) || !kv.val)
			goto bad;
		if (!strcmp(kv.key, "mac")) {
			int ret = parse_mac(&kv, n->mac);

			if (ret == -EADDRNOTAVAIL) {
				fprintf(err,
					"fvp: --net mac=%.17s is multicast or all zero, which no "
					"card can have: use a unicast address, e.g. "
					"52:54:00:12:34:56\n",
					kv.val);
				return -EINVAL;
			}
			if (ret)
				goto bad;
			n->has_mac = true;
		} else if (!strcmp(kv.key, "hostfwd") && !n->tap) {
			if (parse_hostfwd(&kv, n, err))
				return -EINVAL;
		} else if (!strcmp(kv.key, "restrict") && !n->tap) {
			if (parse_onoff(&kv, &n->restricted))
				goto bad;
		} else if (!strcmp(kv.key, "ifname") && n->tap && kv.vlen && kv.vlen < 16) {
			n->ifname = keep(opt, kv.val, kv.vlen);
			if (!n->ifname)
				goto bad;
		} else {
			goto bad;
		}
	}
	if (n->tap && !n->ifname) {
		fprintf(err, "fvp: --net tap needs ifname=NAME\n");
		return -EINVAL;
	}
	return 0;
bad:
	fprintf(err,
		"fvp: --net '%s' is invalid: use user[,hostfwd=" HOSTFWD_FORM
		"][,restrict=on][,mac=M], "
		"tap,ifname=N[,mac=M] or none\n",
		arg);
	return -EINVAL;
}

int cli_parse_rng(struct cli_options *opt, FILE *err)
{
	return new_device(opt, VM_VIRTIO_RNG, "--rng", err) ? 0 : -EINVAL;
}

int cli_parse_console(struct cli_options *opt, const char *arg, FILE *err)
{
	if (!strcmp(arg, "uart"))
		return 0;
	if (strcmp(arg, "virtio") != 0) {
		fprintf(err, "fvp: --console '%s' is unknown: use uart or virtio\n", arg);
		return -EINVAL;
	}
	if (opt->vm.console_virtio) {
		fprintf(err, "fvp: --console virtio is given twice\n");
		return -EINVAL;
	}
	if (!new_device(opt, VM_VIRTIO_CONSOLE, "--console virtio", err))
		return -EINVAL;
	opt->vm.console_virtio = true;
	return 0;
}
