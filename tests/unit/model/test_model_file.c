// SPDX-License-Identifier: GPL-2.0
/*
 * Model files: round trips of every payload type, the messages a user sees
 * for broken files, and a fuzz run of corrupted images (truncations, bit
 * flips, huge sizes, with and without a repaired checksum). Built with
 * ASan/UBSan: a read past the image or undefined behaviour fails the run.
 */
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>

#include "model_file.h"
#include "model_testlib.h"
#include "score.h"

#define FUZZ_ROUNDS 3000

static struct llm_model m;
static char dir[64], fp32_path[128], int8_path[128], ckpt_path[128];
static uint8_t *img[3];	/* fp32, int8, checkpoint */
static size_t img_size[3];

static void read_file(const char *path, uint8_t **buf, size_t *size)
{
	struct stat st;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &st), 0);
	*size = st.st_size;
	*buf = malloc(*size);
	assert_int_equal(fread(*buf, 1, *size, f), *size);
	fclose(f);
}

static void write_file(const char *path, const void *buf, size_t size)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, size, f), size);
	fclose(f);
}

static void fix_crc(uint8_t *buf, size_t size)
{
	uint32_t c = (uint32_t)crc32(0, buf, (uInt)(size - 4));

	memcpy(buf + size - 4, &c, 4);
}

/* Scores a few tokens: whatever a file held, using it must be safe. */
static void use(const struct llm_file *f)
{
	struct llm_net n;
	struct llm_scorer *s;
	struct llm_ctx *c;
	uint32_t i;

	assert_int_equal(llm_file_net(f, &n), 0);
	s = llm_scorer_new(&n, 2, NULL);
	c = llm_ctx_new(&n, 0);
	for (i = 0; i < n.cfg.context + 2; i++)
		llm_ctx_push(s, c, (uint16_t)(i % n.cfg.vocab_size));
	llm_ctx_free(c);
	llm_scorer_free(s);
	llm_net_free(&n);
}

static void test_roundtrip(void **state)
{
	struct llm_file f;
	struct llm_model back;
	struct llm_net a, b;
	struct llm_scorer *sa, *sb;
	struct llm_ctx *ca, *cb;
	char err[256];
	int i;

	(void)state;
	assert_int_equal(llm_file_open(&f, fp32_path, err, sizeof(err)), 0);
	assert_int_equal(f.payload_type, LLM_PAYLOAD_FP32);
	assert_memory_equal(&f.cfg, &m.cfg, sizeof(m.cfg));
	assert_true(f.info.alert_threshold == 3.25f);
	assert_string_equal(llm_meta_get(&f.info, "class.0"), "interactive");
	assert_string_equal(llm_meta_get(&f.info, "data.abi"), "raw");
	assert_null(llm_meta_get(&f.info, "class"));
	assert_int_equal(llm_file_model(&f, &back, NULL, NULL), 0);
	assert_memory_equal(back.params, m.params, m.n_params * sizeof(float));
	assert_int_equal(back.info.init_id, m.info.init_id);
	llm_model_free(&back);
	llm_file_close(&f);

	/* The int8 file scores exactly like an in-memory quantization. */
	assert_int_equal(llm_file_open(&f, int8_path, err, sizeof(err)), 0);
	assert_int_equal(f.payload_type, LLM_PAYLOAD_INT8);
	assert_int_equal(llm_file_net(&f, &a), 0);
	assert_int_equal(llm_net_quantize(&b, &m), 0);
	assert_true(a.int8);
	sa = llm_scorer_new(&a, 1, NULL);
	sb = llm_scorer_new(&b, 1, NULL);
	ca = llm_ctx_new(&a, 0);
	cb = llm_ctx_new(&b, 0);
	for (i = 0; i < 20; i++) {
		float x = llm_ctx_push(sa, ca, (uint16_t)(i * 7 % 12));
		float y = llm_ctx_push(sb, cb, (uint16_t)(i * 7 % 12));

		assert_true(i == 0 ? isnan(x) && isnan(y) : x == y);
	}
	llm_ctx_free(ca), llm_ctx_free(cb);
	llm_scorer_free(sa), llm_scorer_free(sb);
	llm_net_free(&a), llm_net_free(&b);
	assert_int_equal(llm_file_check_vocab(&f, "x", m.info.vocab_hash, 12,
					      err, sizeof(err)), 0);
	assert_int_not_equal(llm_file_check_vocab(&f, "x.llmos", 0xbeef, 12,
						  err, sizeof(err)), 0);
	printf("# %s\n", err);
	assert_non_null(strstr(err, "x.llmos: built for vocabulary"));
	llm_file_close(&f);
}

/* Writes a damaged copy of the fp32 image and expects msg from the loader. */
static void expect(const char *what, const uint8_t *buf, size_t size,
		   const char *msg)
{
	char path[160], err[256] = "";
	struct llm_file f;

	snprintf(path, sizeof(path), "%s/bad.llmos", dir);
	write_file(path, buf, size);
	assert_int_not_equal(llm_file_open(&f, path, err, sizeof(err)), 0);
	printf("# %-16s -> %s\n", what, err);
	assert_non_null(strstr(err, msg));
	assert_non_null(strstr(err, path));
	unlink(path);
}

static void test_messages(void **state)
{
	uint8_t *b = malloc(img_size[0]);
	size_t n = img_size[0];
	char want[128];
	uint32_t v;

	(void)state;
	snprintf(want, sizeof(want),
		 "truncated: header says %zu bytes, file has 1000", n);
	expect("truncated", img[0], 1000, want);
	expect("tiny", img[0], 20, "truncated");
	expect("empty", img[0], 0, "truncated");
	memcpy(b, img[0], n);
	b[0] = 'X';
	expect("bad magic", b, n, "not an llmos model");
	memcpy(b, img[0], n);
	b[n / 2] ^= 0x10;
	expect("bit flip", b, n, "corrupt: CRC32");
	memcpy(b, img[0], n);
	v = 2;
	memcpy(b + 8, &v, 4);
	fix_crc(b, n);
	expect("version", b, n, "format version 2");
	memcpy(b, img[0], n);
	v = 33;				/* d_model not a multiple of 32 */
	memcpy(b + 36, &v, 4);
	fix_crc(b, n);
	expect("hyperparameters", b, n, "bad hyperparameters");
	memcpy(b, img[0], n);
	v = 13;				/* vocabulary: payload no longer fits */
	memcpy(b + 52, &v, 4);
	fix_crc(b, n);
	expect("payload size", b, n, "the hyperparameters need");
	free(b);
}

/* Offset in image k of the first byte of the payload. */
static size_t payload_at(int k)
{
	uint64_t off;

	memcpy(&off, img[k] + 80, 8);
	return off;
}

/*
 * A value in the payload the kernels must not be given, CRC repaired:
 * refused naming the tensor, the block and the value.
 */
static void test_payload_values(void **state)
{
	size_t n = img_size[1] > img_size[2] ? img_size[1] : img_size[2];
	size_t p0 = payload_at(0), p1 = payload_at(1), p2 = payload_at(2);
	size_t codes = m.cfg.d_model * m.cfg.d_model;
	uint8_t *b = malloc(n > img_size[0] ? n : img_size[0]);
	const float nan = NAN, inf = INFINITY, neg = -1.0f;

	(void)state;
	memcpy(b, img[0], img_size[0]);
	memcpy(b + p0 + 4 * 3, &nan, 4);
	fix_crc(b, img_size[0]);
	expect("NaN weight", b, img_size[0],
	       "tensor tok_emb: value 3 is nan");
	/* The int8 payload starts with tok_emb (64-byte aligned), pos_emb. */
	p1 += (m.cfg.vocab_size + m.cfg.context + 2) * m.cfg.d_model * 4;
	memcpy(b, img[1], img_size[1]);
	memcpy(b + p1 + codes + 4, &inf, 4);
	fix_crc(b, img_size[1]);
	expect("infinite scale", b, img_size[1],
	       "tensor wq (layer 0): scale 1 is inf");
	memcpy(b, img[1], img_size[1]);
	memcpy(b + p1 + codes, &neg, 4);
	fix_crc(b, img_size[1]);
	expect("negative scale", b, img_size[1],
	       "tensor wq (layer 0): scale 0 is -1");
	memcpy(b, img[1], img_size[1]);
	b[p1 + 5] = 0x80;
	fix_crc(b, img_size[1]);
	expect("int8 code -128", b, img_size[1],
	       "tensor wq (layer 0): code -128 at 5, codes are -127..127");
	memcpy(b, img[2], img_size[2]);
	memcpy(b + img_size[2] - 8, &inf, 4);
	fix_crc(b, img_size[2]);
	expect("infinite moment", b, img_size[2],
	       "Adam's second moment of b_reg: value 0 is inf");
	memcpy(b, img[2], img_size[2]);
	memcpy(b + p2 + m.n_params * 4, &nan, 4);
	fix_crc(b, img_size[2]);
	expect("NaN moment", b, img_size[2],
	       "Adam's first moment of tok_emb: value 0 is nan");
	free(b);
}

static void test_fuzz(void **state)
{
	struct llm_rng r = { 99 };
	unsigned int rejected = 0, accepted = 0, round;
	unsigned int must = 0, must_rejected = 0;
	char err[256];

	(void)state;
	for (round = 0; round < FUZZ_ROUNDS; round++) {
		int which = round & 1;
		size_t n = img_size[which], i;
		uint8_t *b;
		struct llm_file f;
		int kind = (int)llm_rng_below(&r, 5);

		if (kind == 0)		/* truncation */
			n = llm_rng_below(&r, n);
		b = malloc(n ? n : 1);
		memcpy(b, img[which], n);
		if (kind == 1 || kind == 2) {	/* bit flips */
			int flips = 1 + (int)llm_rng_below(&r, 8);

			while (flips--) {
				/* Mostly the header, where fields live. */
				i = llm_rng_below(&r, 2) ?
				    llm_rng_below(&r, LLM_FILE_HEADER) :
				    llm_rng_below(&r, n);
				b[i] ^= (uint8_t)(1u << llm_rng_below(&r, 8));
			}
		}
		if (kind == 3) {	/* huge or odd values in a field */
			uint64_t huge[] = { ~0ULL, 1ULL << 31, 1ULL << 40,
					    0x7fffffff, 0, 1, 65537 };
			uint64_t v = huge[llm_rng_below(&r, 7)];
			size_t at = 4 * llm_rng_below(&r, 24);

			memcpy(b + at, &v, llm_rng_below(&r, 2) ? 8 : 4);
		}
		/* Make the checksum agree so deeper checks get exercised. */
		if ((kind == 2 || kind == 3) && n > 4)
			fix_crc(b, n);
		if (kind == 4) {	/* metadata text damage, repaired CRC */
			b[LLM_FILE_HEADER + llm_rng_below(&r, 16)] =
				(uint8_t)llm_rng_below(&r, 3) * '=';
			fix_crc(b, n);
		}
		/* A shorter file, or a changed one with a stale checksum. */
		if (kind == 0 || (kind == 1 && memcmp(b, img[which], n)))
			must++;
		if (llm_file_parse(&f, b, n, "fuzz", err, sizeof(err))) {
			rejected++;
			must_rejected += kind == 0 || kind == 1;
			assert_non_null(strstr(err, "fuzz: "));
		} else {
			accepted++;
			use(&f);
			llm_file_close(&f);
		}
		free(b);
	}
	printf("# fuzz: %u corrupted images, %u rejected, %u accepted and used safely (checksum repaired, fields still consistent)\n",
	       FUZZ_ROUNDS, rejected, accepted);
	printf("# fuzz: %u of %u truncated or checksum-stale images rejected\n",
	       must_rejected, must);
	assert_int_equal(must_rejected, must);
	assert_true(must > FUZZ_ROUNDS / 3);
}

static int setup(void **state)
{
	struct llm_config c;
	char err[256];
	float *moments;

	(void)state;
	tl_tiny_config(&c);
	c.n_layers = 1;
	c.context = 8;
	snprintf(dir, sizeof(dir), "%s", tl_tmpdir());
	snprintf(fp32_path, sizeof(fp32_path), "%s/m.llmos", dir);
	snprintf(int8_path, sizeof(int8_path), "%s/m8.llmos", dir);
	snprintf(ckpt_path, sizeof(ckpt_path), "%s/ck.llmos", dir);
	if (llm_model_init(&m, &c, 0xabcd, 8))
		return -1;
	moments = calloc(m.n_params, sizeof(*moments));
	m.info.alert_threshold = 3.25f;
	if (llm_meta_set(&m.info, "class.0", "interactive") ||
	    llm_meta_set(&m.info, "data.abi", "raw") ||
	    llm_file_save(fp32_path, &m, LLM_PAYLOAD_FP32, NULL, NULL, err,
			  sizeof(err)) ||
	    llm_file_save(int8_path, &m, LLM_PAYLOAD_INT8, NULL, NULL, err,
			  sizeof(err)) || !moments ||
	    llm_file_save(ckpt_path, &m, LLM_PAYLOAD_CHECKPOINT, moments,
			  moments, err, sizeof(err)))
		return -1;
	free(moments);
	read_file(fp32_path, &img[0], &img_size[0]);
	read_file(int8_path, &img[1], &img_size[1]);
	read_file(ckpt_path, &img[2], &img_size[2]);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(fp32_path);
	unlink(int8_path);
	unlink(ckpt_path);
	rmdir(dir);
	free(img[0]);
	free(img[1]);
	free(img[2]);
	llm_model_free(&m);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_payload_values),
		cmocka_unit_test(test_fuzz),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
