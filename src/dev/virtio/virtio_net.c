/*
 * virtio_net.c - virtio-net is not implemented yet: the command line
 * accepts --net (parsed and unit-tested), but creating the card fails with
 * one error line before the guest starts, so no VM runs with a half card.
 */
#include "dev/virtio/virtio_net.h"

#include "core/log.h"

struct virtio_dev *virtio_net_create(const struct vm_net_config *cfg, struct address_space *as,
				     struct iothread *io)
{
	log_error("--net %s: virtio-net is not implemented in this build yet",
		  cfg->tap ? "tap" : "user");
	return NULL;
}
