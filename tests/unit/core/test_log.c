/*
 * test_log.c - logging of src/core/log.c: debug-class lists (-d) and their errors, the class
 * table (-d help), --log FILE (errors, switching files, back to stderr), level threshold,
 * prefixes and newlines, class messages, and whole lines from concurrent threads.
 * Every test puts the process-wide sink, threshold and mask back as it found them.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "core/log.h"

#define LOG_THREADS	     4
#define LINES_PER_THREAD     300
#define CONCURRENT_LINE_FILL 100

static char log_path[64], log_path2[64];

static void make_path(char *path, size_t len)
{
	int fd;

	snprintf(path, len, "/tmp/fvp-test-log-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
}

static int setup_paths(void **state)
{
	(void)state;
	make_path(log_path, sizeof(log_path));
	make_path(log_path2, sizeof(log_path2));
	return 0;
}

static int restore_log(void **state)
{
	(void)state;
	log_close();
	log_threshold = LOG_WARN;
	log_mask = 0;
	unlink(log_path);
	unlink(log_path2);
	return 0;
}

/* The whole file as a string the caller frees. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	long size;
	char *buf;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size >= 0);
	rewind(f);
	buf = calloc(1, (size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_parse_classes(void **state)
{
	unsigned mask = 0xdead;
	const char *bad = NULL;
	char long_name[101];

	(void)state;
	assert_int_equal(log_parse_classes("in_asm,ir", &mask, &bad), 0);
	assert_int_equal(mask, 1u << LOG_CLASS_in_asm | 1u << LOG_CLASS_ir);
	assert_int_equal(log_parse_classes("", &mask, &bad), 0);
	assert_int_equal(mask, 0);
	/* empty items and a trailing comma are ignored */
	assert_int_equal(log_parse_classes("int,,mmu,", &mask, &bad), 0);
	assert_int_equal(mask, 1u << LOG_CLASS_int | 1u << LOG_CLASS_mmu);
	assert_int_equal(log_parse_classes("out_asm,exec,unimp,ir_opt", &mask, &bad), 0);
	assert_int_equal(mask, 1u << LOG_CLASS_out_asm | 1u << LOG_CLASS_exec |
				   1u << LOG_CLASS_unimp | 1u << LOG_CLASS_ir_opt);

	/* errors name the offending item and leave the mask alone */
	mask = 0xdead;
	assert_int_equal(log_parse_classes("in_asm,nope,ir", &mask, &bad), -EINVAL);
	assert_string_equal(bad, "nope");
	assert_int_equal(mask, 0xdead);
	assert_int_equal(log_parse_classes("in", &mask, &bad), -EINVAL); /* prefix of in_asm */
	assert_string_equal(bad, "in");
	assert_int_equal(log_parse_classes("IR", &mask, &bad), -EINVAL);      /* names are exact */
	assert_int_equal(log_parse_classes("in_asmx", &mask, NULL), -EINVAL); /* bad optional */
	memset(long_name, 'x', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_int_equal(log_parse_classes(long_name, &mask, &bad), -EINVAL);
	assert_int_equal(strlen(bad), 60); /* cut, for a one-line message */
	assert_int_equal(mask, 0xdead);
}

static void test_print_classes(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	unsigned lines = 0;

	(void)state;
	assert_non_null(out);
	log_print_classes(out);
	assert_int_equal(fclose(out), 0);
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	assert_int_equal(lines, LOG_CLASS_COUNT);
	assert_non_null(strstr(text, "  in_asm   guest instructions of each translated block\n"));
	assert_non_null(strstr(text, "  out_asm  host code of each compiled block"));
	assert_non_null(strstr(text, "  mmu      page-table walks and TLB flushes\n"));
	free(text);
}

static void test_open_errors(void **state)
{
	(void)state;
	assert_ptr_equal(log_stream(), stderr);
	assert_int_equal(log_open("/nonexistent-fvp-dir/fvp.log"), -ENOENT);
	assert_int_equal(log_open("/tmp"), -EISDIR);
	assert_ptr_equal(log_stream(), stderr); /* a failed --log keeps stderr */
	/* a failed open after a good one keeps the good one */
	assert_int_equal(log_open(log_path), 0);
	assert_int_equal(log_open("/nonexistent-fvp-dir/fvp.log"), -ENOENT);
	log_error("still here");
	log_close();
	{
		char *text = slurp(log_path);
		assert_string_equal(text, "fvp: error: still here\n");
		free(text);
	}
}

static void test_levels_and_prefixes(void **state)
{
	char *text;

	(void)state;
	assert_int_equal(log_open(log_path), 0);
	assert_ptr_not_equal(log_stream(), stderr);
	log_threshold = LOG_WARN;
	log_error("e%d", 1);
	log_warn("w%s", "2");
	log_info("hidden info");
	log_debug("hidden debug");
	log_threshold = LOG_DEBUG;
	log_info("i3\n"); /* a trailing newline is not doubled */
	log_debug("d%c", '4');
	log_threshold = LOG_ERROR;
	log_warn("hidden warning");
	log_close();
	assert_ptr_equal(log_stream(), stderr);
	log_close(); /* twice is fine */
	text = slurp(log_path);
	assert_string_equal(text, "fvp: error: e1\n"
				  "fvp: warning: w2\n"
				  "fvp: i3\n"
				  "fvp: debug: d4\n");
	free(text);
}

static void test_switch_files(void **state)
{
	char *first, *second;

	(void)state;
	assert_int_equal(log_open(log_path), 0);
	log_error("one");
	assert_int_equal(log_open(log_path2), 0); /* the first file is closed, complete */
	log_error("two");
	first = slurp(log_path);
	assert_string_equal(first, "fvp: error: one\n");
	log_close();
	second = slurp(log_path2);
	assert_string_equal(second, "fvp: error: two\n");
	free(first);
	free(second);
	/* --log truncates */
	assert_int_equal(log_open(log_path2), 0);
	log_close();
	second = slurp(log_path2);
	assert_string_equal(second, "");
	free(second);
}

static void test_class_messages(void **state)
{
	char *text;

	(void)state;
	assert_int_equal(log_open(log_path), 0);
	log_mask = 0;
	assert_false(log_enabled(LOG_CLASS_ir));
	log_class(ir, "not shown %d", 1);
	log_mask = 1u << LOG_CLASS_ir;
	assert_true(log_enabled(LOG_CLASS_ir));
	assert_false(log_enabled(LOG_CLASS_in_asm));
	log_class(in_asm, "not shown %d", 2);
	log_class(ir, "block %#x", 0x80000000u);
	log_threshold = LOG_ERROR; /* classes do not depend on the level */
	log_class(ir, "again\n");
	log_close();
	text = slurp(log_path);
	assert_string_equal(text, "block 0x80000000\nagain\n"); /* no prefix */
	free(text);
}

static void *log_many(void *arg)
{
	unsigned id = (unsigned)(uintptr_t)arg;
	char fill[CONCURRENT_LINE_FILL + 1];

	memset(fill, 'a' + (int)id, CONCURRENT_LINE_FILL);
	fill[CONCURRENT_LINE_FILL] = '\0';
	for (unsigned i = 0; i < LINES_PER_THREAD; i++)
		log_error("t%u %s", id, fill);
	return NULL;
}

static void test_whole_lines_from_threads(void **state)
{
	pthread_t threads[LOG_THREADS];
	unsigned seen[LOG_THREADS] = {0};
	char *text, *line, *save = NULL;

	(void)state;
	assert_int_equal(log_open(log_path), 0);
	for (unsigned i = 0; i < LOG_THREADS; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, log_many, (void *)(uintptr_t)i),
				 0);
	for (unsigned i = 0; i < LOG_THREADS; i++)
		pthread_join(threads[i], NULL);
	log_close();
	text = slurp(log_path);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		static const char head[] = "fvp: error: t";
		unsigned long id;
		char *end;
		char expect[CONCURRENT_LINE_FILL + 32];
		int prefix;

		assert_int_equal(strncmp(line, head, strlen(head)), 0);
		id = strtoul(line + strlen(head), &end, 10);
		assert_true(end > line + strlen(head) && *end == ' ');
		assert_true(id < LOG_THREADS);
		prefix = snprintf(expect, sizeof(expect), "%s%lu ", head, id);
		memset(expect + prefix, 'a' + (int)id, CONCURRENT_LINE_FILL);
		expect[prefix + CONCURRENT_LINE_FILL] = '\0';
		assert_string_equal(line, expect); /* not torn by another thread's output */
		seen[id]++;
	}
	for (unsigned i = 0; i < LOG_THREADS; i++)
		assert_int_equal(seen[i], LINES_PER_THREAD);
	free(text);
}

/* Occurrences of needle in text. */
static unsigned count(const char *text, const char *needle)
{
	unsigned n = 0;

	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* A guest-triggered class prints LOG_SITE_BURST lines of a site; other classes all. */
static void test_rate_limited_class(void **state)
{
	char *text;

	(void)state;
	assert_int_equal(log_open(log_path), 0);
	log_mask = (1u << LOG_CLASS_unimp) | (1u << LOG_CLASS_in_asm);
	for (int i = 0; i < 1000; i++)
		log_class(unimp, "flood %d", i);
	for (int i = 0; i < 100; i++)
		log_class(in_asm, "insn %d", i);
	log_close();
	text = slurp(log_path);
	assert_int_equal(count(text, "flood "), LOG_SITE_BURST);
	assert_int_equal(count(text, "insn "), 100);
	free(text);
}

/* After an interval a site prints again, first saying how many it suppressed. */
static void test_site_interval(void **state)
{
	struct log_site site = {0};
	char *text;

	(void)state;
	assert_int_equal(log_open(log_path), 0);
	for (unsigned i = 0; i < LOG_SITE_BURST + 5; i++)
		assert_int_equal(log_site_pass_at(&site, "dev: bad %u", 1000), i < LOG_SITE_BURST);
	assert_false(log_site_pass_at(&site, "dev: bad %u", 1000 + LOG_SITE_INTERVAL_NS - 1));
	assert_true(log_site_pass_at(&site, "dev: bad %u", 1000 + LOG_SITE_INTERVAL_NS));
	assert_true(log_site_pass_at(&site, "dev: bad %u", 1000 + LOG_SITE_INTERVAL_NS));
	log_close();
	text = slurp(log_path);
	assert_string_equal(text, "fvp: warning: 6 more messages like \"dev: bad %u\" were "
				  "suppressed\n");
	free(text);
}

/* Run fn with stderr sent to log_path2; returns what it wrote there. */
static char *capture_stderr(void (*fn)(void))
{
	int saved = dup(STDERR_FILENO), fd = open(log_path2, O_WRONLY | O_TRUNC);

	assert_true(saved >= 0 && fd >= 0);
	fflush(stderr);
	assert_true(dup2(fd, STDERR_FILENO) >= 0);
	close(fd);
	fn();
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	return slurp(log_path2);
}

static void log_one_of_each(void)
{
	log_error("fatal %d", 1);
	log_warn("warned %d", 2);
}

/* With --log FILE an error still reaches stderr (and the file); a warning only the file. */
static void test_errors_reach_stderr(void **state)
{
	char *err, *text;

	(void)state;
	assert_int_equal(log_open(log_path), 0);
	err = capture_stderr(log_one_of_each);
	log_close();
	text = slurp(log_path);
	assert_string_equal(err, "fvp: error: fatal 1\n");
	assert_string_equal(text, "fvp: error: fatal 1\nfvp: warning: warned 2\n");
	free(err);
	free(text);
}

static void log_warn_thrice(void)
{
	for (int i = 0; i < 3; i++)
		log_warn("lost %d", i);
}

/* A log file that cannot take lines (a full disk) is reported on stderr, once. */
static void test_failing_log_file(void **state)
{
	char *err;

	(void)state;
	assert_int_equal(log_open("/dev/full"), 0);
	err = capture_stderr(log_warn_thrice);
	assert_int_equal(count(err, "writing the log file failed"), 1);
	free(err);
	err = capture_stderr(log_close);
	free(err);
}

#define LOG_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup_paths, restore_log)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    LOG_TEST(test_parse_classes),
	    LOG_TEST(test_print_classes),
	    LOG_TEST(test_open_errors),
	    LOG_TEST(test_levels_and_prefixes),
	    LOG_TEST(test_switch_files),
	    LOG_TEST(test_class_messages),
	    LOG_TEST(test_whole_lines_from_threads),
	    LOG_TEST(test_rate_limited_class),
	    LOG_TEST(test_site_interval),
	    LOG_TEST(test_errors_reach_stderr),
	    LOG_TEST(test_failing_log_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
