/*
 * String processing: reversal, substring search, run-length encoding,
 * base64, word counting and a Caesar rotation over fixed text.
 */
#include "common.h"

static const char text[] =
    "the quick brown fox jumps over the lazy dog; aaaabbbcccd! "
    "Emulators must agree with the reference byte for byte, including edge cases.";

static void reverse(char *s, size_t n)
{
	for (size_t i = 0; i < n / 2; i++) {
		char t = s[i];

		s[i] = s[n - 1 - i];
		s[n - 1 - i] = t;
	}
}

static long find(const char *hay, const char *needle)
{
	size_t hn = strlen(hay), nn = strlen(needle);

	for (size_t i = 0; i + nn <= hn; i++)
		if (memcmp(hay + i, needle, nn) == 0)
			return (long)i;
	return -1;
}

static void base64(const uint8_t *in, size_t n, char *out)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = tab[(v >> 18) & 63];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? tab[v & 63] : '=';
	}
	out[o] = 0;
}

int diff_main(void)
{
	char buf[256], out[512];
	size_t n = strlen(text);

	memcpy(buf, text, n + 1);
	reverse(buf, n);
	out_printf("reversed: %s\n", buf);
	static const char *needles[] = {"fox", "dog;", "byte for", "zebra", "e", "."};

	for (int i = 0; i < 6; i++)
		out_printf("find '%s' = %ld\n", needles[i], find(text, needles[i]));
	size_t o = 0;

	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && text[j] == text[i])
			j++;
		if (j - i > 1)
			o += (size_t)(out[o] = (char)('0' + (j - i)), 1);
		out[o++] = text[i];
		i = j;
	}
	out[o] = 0;
	out_printf("rle: %s\n", out);
	base64((const uint8_t *)text, n, out);
	out_printf("base64: %s\n", out);
	base64((const uint8_t *)"ab", 2, out);
	out_printf("base64 pad: %s\n", out);
	int words = 0, in_word = 0, letters[26] = {0};

	for (size_t i = 0; i < n; i++) {
		char ch = text[i];
		int alpha = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');

		if (alpha && !in_word)
			words++;
		in_word = alpha;
		if (ch >= 'a' && ch <= 'z')
			letters[ch - 'a']++;
	}
	out_printf("words %d, e=%d o=%d z=%d\n", words, letters['e' - 'a'], letters['o' - 'a'],
		   letters['z' - 'a']);
	for (size_t i = 0; i < n; i++) {
		char ch = text[i];

		buf[i] = ch >= 'a' && ch <= 'z' ? (char)('a' + (ch - 'a' + 13) % 26) : ch;
	}
	buf[n] = 0;
	out_printf("rot13: %s\n", buf);
	out_printf("fmt: [%5d] [%3d] [%05x] [%s] [%c] [%u]\n", -42, 7, 0xbeef, "", 'Z',
		   4000000000u);
	return 0;
}
