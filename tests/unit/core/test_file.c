/*
 * test_file.c - file_write_whole: new and replaced files get every byte and no temporary
 * file stays; a failure leaves the target as it was; a device is written in place.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "core/file.h"
#include "../test_log.h"

static char dir[64], path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/fvp-test-file-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/out.dtb", dir);
	return test_log_open();
}

/* The names in the scratch folder, sorted, joined by spaces (at most len bytes). */
static void folder_names(char *out, size_t len)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);

	assert_true(n >= 0);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0)
			snprintf(out + strlen(out), len - strlen(out), "%s%s", out[0] ? " " : "",
				 names[i]->d_name);
		free(names[i]);
	}
	free(names);
}

static int teardown(void **state)
{
	char names[256], *save = NULL, p[160];

	(void)state;
	test_log_close();
	folder_names(names, sizeof(names));
	for (char *n = strtok_r(names, " ", &save); n; n = strtok_r(NULL, " ", &save)) {
		snprintf(p, sizeof(p), "%s/%s", dir, n);
		if (unlink(p) && rmdir(p))
			return -1;
	}
	return rmdir(dir);
}

/* The file's bytes, NUL-terminated, in buf. */
static void read_back(const char *p, char *buf, size_t len)
{
	FILE *f = fopen(p, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	assert_int_equal(fclose(f), 0);
}

/* Only the target is in the folder: no temporary file stayed. */
static void assert_folder_holds_only(const char *name)
{
	char names[256];

	folder_names(names, sizeof(names));
	assert_string_equal(names, name);
}

static void test_new_and_replaced(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(file_write_whole(path, "first", 5), 0);
	read_back(path, buf, sizeof(buf));
	assert_string_equal(buf, "first");
	assert_int_equal(file_write_whole(path, "2nd", 3), 0);
	read_back(path, buf, sizeof(buf));
	assert_string_equal(buf, "2nd");
	assert_folder_holds_only("out.dtb");
}

static void test_missing_folder(void **state)
{
	char bad[160];

	(void)state;
	snprintf(bad, sizeof(bad), "%s/no-such-dir/out.dtb", dir);
	assert_int_equal(file_write_whole(bad, "x", 1), -ENOENT);
	assert_true(test_log_has("no-such-dir/out.dtb: cannot create"));
	assert_int_equal(access(bad, F_OK), -1);
}

/* A temporary name that cannot be created (a folder there) fails; the target stays. */
static void test_failure_keeps_target(void **state)
{
	char tmp[160], buf[64];

	(void)state;
	assert_int_equal(file_write_whole(path, "kept", 4), 0);
	snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid());
	assert_int_equal(mkdir(tmp, 0700), 0);
	assert_int_equal(file_write_whole(path, "lost", 4), -EEXIST);
	read_back(path, buf, sizeof(buf));
	assert_string_equal(buf, "kept");
	assert_int_equal(rmdir(tmp), 0);
}

static void test_device_in_place(void **state)
{
	struct stat st;

	(void)state;
	assert_int_equal(file_write_whole("/dev/null", "x", 1), 0);
	assert_int_equal(stat("/dev/null", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(file_write_whole("/dev/full", "x", 1), -ENOSPC);
	assert_true(test_log_has("/dev/full: write failed"));
	assert_int_equal(stat("/dev/full", &st), 0);
	assert_true(S_ISCHR(st.st_mode));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_new_and_replaced, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_folder, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_failure_keeps_target, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_device_in_place, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
