/*
 * test_log.h - the FVP log captured in a temporary file, for unit tests that check the one
 * line an error path logs: test_log_open before the test, test_log_has to look for a
 * message, test_log_close after (removes the file). One capture per test program.
 */
#ifndef FVP_TEST_LOG_H
#define FVP_TEST_LOG_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "core/log.h"

static char test_log_path[64];

/* Sends the log to a new temporary file; 0 or -1. */
static inline int test_log_open(void)
{
	int fd;

	snprintf(test_log_path, sizeof(test_log_path), "/tmp/fvp-test-log-XXXXXX");
	fd = mkstemp(test_log_path);
	if (fd < 0)
		return -1;
	close(fd);
	return log_open(test_log_path);
}

static inline void test_log_close(void)
{
	log_close();
	unlink(test_log_path);
}

/* True when the log so far holds needle. */
static inline bool test_log_has(const char *needle)
{
	char buf[4096];
	size_t n;
	FILE *f = fopen(test_log_path, "r");

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	return fclose(f) == 0 && strstr(buf, needle) != NULL;
}

#endif
