// SPDX-License-Identifier: GPL-2.0
/* Reading, checking and writing model files. */
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "errmsg.h"
#include "kernels.h"
#include "model_file.h"

/* Fields are stored little-endian, as this code's hosts are. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "model files are little-endian");

/* Header field offsets; see Documentation/model-format.md. */
enum {
	H_MAGIC = 0, H_VERSION = 8, H_HEADER_SIZE = 12, H_FILE_SIZE = 16,
	H_PAYLOAD_TYPE = 24, H_GROUP = 28, H_CONFIG = 32, H_VOCAB_HASH = 60,
	H_INIT_ID = 64, H_THRESHOLD = 72, H_META_SIZE = 76,
	H_PAYLOAD_OFF = 80, H_PAYLOAD_SIZE = 88,
};

#define ALIGN 64

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static size_t align_up(size_t n)
{
	return (n + ALIGN - 1) / ALIGN * ALIGN;
}

/*
 * An int8 payload holds its tensors one after the other, each aligned, a
 * quantized one as its codes, then a scale per group. Returns where the
 * tensor of n values after *size starts, and moves *size past it.
 */
static size_t int8_place(size_t *size, size_t n, bool quantized)
{
	size_t at = align_up(*size);

	*size = at + (quantized ? n + n / LLM_GROUP * sizeof(float) :
		      n * sizeof(float));
	return at;
}

struct layout {
	enum llm_payload type;
	size_t size;
	uint8_t *base;		/* NULL: only measure */
	const uint8_t *cbase;
	struct llm_net *net;	/* when building a net view */
	const struct llm_model *src;	/* when writing */
	struct llm_weights *srcw;
	uint32_t layer_count;
};

/* Where each tensor of an int8 payload starts, and what it holds. */
static void int8_one(void *arg, const char *name, uint32_t layer,
		     uint32_t rows, uint32_t cols, bool quantized, float **slot)
{
	struct layout *l = arg;
	size_t n = (size_t)rows * cols, at = int8_place(&l->size, n, quantized);

	(void)name;
	(void)layer;
	if (!l->base)
		return;
	if (quantized)
		llm_quantize((int8_t *)(l->base + at),
			     (float *)(l->base + at + n), *slot, rows, cols);
	else
		memcpy(l->base + at, *slot, n * sizeof(float));
}

static size_t payload_size(const struct llm_config *c, enum llm_payload t)
{
	struct llm_layer_w layers[LLM_MAX_LAYERS];
	struct llm_weights w = { .layers = layers };
	struct layout l = { .type = t };

	switch (t) {
	case LLM_PAYLOAD_FP32:
		return llm_param_count(c) * sizeof(float);
	case LLM_PAYLOAD_CHECKPOINT:
		return 3 * llm_param_count(c) * sizeof(float);
	case LLM_PAYLOAD_INT8:
		llm_walk_tensors(c, &w, int8_one, &l);
		return align_up(l.size);
	}
	return 0;
}

/* check_payload()'s walk: where it is, and the first bad value it saw. */
struct check {
	const uint8_t *base;
	size_t size;
	bool int8;
	const char *what;	/* the block: weights, or one of Adam's */
	char fault[128];
};

static void check_one(void *arg, const char *name, uint32_t layer,
		      uint32_t rows, uint32_t cols, bool quantized,
		      float **slot)
{
	struct check *c = arg;
	size_t n = (size_t)rows * cols, i, at = c->size;
	const int8_t *q;
	const float *x;
	char t[48];

	(void)slot;
	if (c->int8)
		at = int8_place(&c->size, n, quantized);
	else
		c->size += n * sizeof(float);
	q = (const int8_t *)(c->base + at);
	x = (const float *)(c->base + at);
	if (c->int8 && quantized) {
		for (i = 0; i < n && q[i] != -128; i++)
			;
		if (i < n && !c->fault[0])
			snprintf(c->fault, sizeof(c->fault),
				 "%s %s: code -128 at %zu, codes are -127..127",
				 c->what,
				 llm_tensor_label(t, sizeof(t), name, layer),
				 i);
		x = (const float *)(c->base + at + n);
		for (i = 0; i < n / LLM_GROUP &&
		     x[i] >= 0.0f && x[i] <= FLT_MAX; i++)
			;
		if (i < n / LLM_GROUP && !c->fault[0])
			snprintf(c->fault, sizeof(c->fault),
				 "%s %s: scale %zu is %g", c->what,
				 llm_tensor_label(t, sizeof(t), name, layer),
				 i, x[i]);
		return;
	}
	for (i = 0; i < n && isfinite(x[i]); i++)
		;
	if (i < n && !c->fault[0])
		snprintf(c->fault, sizeof(c->fault),
			 "%s %s: value %zu is %g", c->what,
			 llm_tensor_label(t, sizeof(t), name, layer), i, x[i]);
}

/* Every value finite, every scale >= 0, every code in -127..127. */
static void check_payload(struct check *c, const struct llm_config *cfg,
			  enum llm_payload type)
{
	static const char *const what[] = {
		"tensor", "Adam's first moment of", "Adam's second moment of",
	};
	struct llm_layer_w layers[LLM_MAX_LAYERS];
	struct llm_weights w = { .layers = layers };
	int k;

	c->int8 = type == LLM_PAYLOAD_INT8;
	for (k = 0; k < (type == LLM_PAYLOAD_CHECKPOINT ? 3 : 1); k++) {
		c->what = what[k];
		llm_walk_tensors(cfg, &w, check_one, c);
	}
}

int llm_file_parse(struct llm_file *f, const void *data, size_t size,
		   const char *name, char *err, size_t errlen)
{
	const uint8_t *p = data;
	struct check check = { 0 };
	uint64_t fsize, poff, psize;
	uint32_t version, hsize, meta, stored, crc;
	const char *bad;
	size_t want, off;

	memset(f, 0, sizeof(*f));
	if (size < 8 || memcmp(p, LLM_FILE_MAGIC, 8))
		return llm_fail(err, errlen, name,
			    "not an llmos model (bad magic)");
	if (size < LLM_FILE_HEADER + 4)
		return llm_fail(err, errlen, name,
			    "truncated: %zu bytes, the header alone needs %d",
			    size, LLM_FILE_HEADER + 4);
	version = rd32(p + H_VERSION);
	if (version != LLM_FILE_VERSION)
		return llm_fail(err, errlen, name,
			    "format version %u, this build reads version %d",
			    version, LLM_FILE_VERSION);
	hsize = rd32(p + H_HEADER_SIZE);
	if (hsize != LLM_FILE_HEADER)
		return llm_fail(err, errlen, name, "header size %u, expected %d",
			    hsize, LLM_FILE_HEADER);
	fsize = rd64(p + H_FILE_SIZE);
	if (fsize > size)
		return llm_fail(err, errlen, name,
			    "truncated: header says %llu bytes, file has %zu",
			    (unsigned long long)fsize, size);
	if (fsize < size)
		return llm_fail(err, errlen, name,
			    "%zu bytes of trailing data: header says %llu bytes",
			    size - (size_t)fsize, (unsigned long long)fsize);
	stored = rd32(p + size - 4);
	crc = (uint32_t)crc32_z(0, p, size - 4);
	if (stored != crc)
		return llm_fail(err, errlen, name,
			    "corrupt: CRC32 is %08x, file says %08x", crc,
			    stored);

	/* The checksum matched: from here on, a bad field is a writer bug. */
	memcpy(&f->cfg, p + H_CONFIG, sizeof(f->cfg));
	bad = llm_config_check(&f->cfg);
	if (bad)
		return llm_fail(err, errlen, name, "bad hyperparameters: %s", bad);
	if (rd32(p + H_GROUP) != LLM_GROUP)
		return llm_fail(err, errlen, name,
			    "quantization group %u, this build uses %d",
			    rd32(p + H_GROUP), LLM_GROUP);
	f->payload_type = rd32(p + H_PAYLOAD_TYPE);
	if (f->payload_type < LLM_PAYLOAD_FP32 ||
	    f->payload_type > LLM_PAYLOAD_CHECKPOINT)
		return llm_fail(err, errlen, name, "unknown payload type %u",
			    f->payload_type);
	meta = rd32(p + H_META_SIZE);
	poff = rd64(p + H_PAYLOAD_OFF);
	psize = rd64(p + H_PAYLOAD_SIZE);
	want = payload_size(&f->cfg, f->payload_type);
	if (psize != want)
		return llm_fail(err, errlen, name,
			    "payload is %llu bytes, the hyperparameters need %zu",
			    (unsigned long long)psize, want);
	if (meta > size || poff % ALIGN || poff < LLM_FILE_HEADER + meta ||
	    poff > size || psize > size - poff || poff + psize + 4 != size)
		return llm_fail(err, errlen, name,
			    "sections do not fit: metadata %u, payload %llu+%llu, file %zu",
			    meta, (unsigned long long)poff,
			    (unsigned long long)psize, size);
	/* Metadata: "key=value" strings, each NUL-terminated. */
	for (off = 0; off < meta; off += strlen((const char *)p +
					LLM_FILE_HEADER + off) + 1) {
		const char *e = (const char *)p + LLM_FILE_HEADER + off;
		size_t len = strnlen(e, meta - off);

		if (len == meta - off || !memchr(e, '=', len) || e[0] == '=')
			return llm_fail(err, errlen, name,
				    "bad metadata entry at byte %zu", off);
	}
	check.base = p + poff;
	check_payload(&check, &f->cfg, f->payload_type);
	if (check.fault[0])
		return llm_fail(err, errlen, name, "%s", check.fault);
	f->info.vocab_hash = rd32(p + H_VOCAB_HASH);
	f->info.init_id = rd64(p + H_INIT_ID);
	memcpy(&f->info.alert_threshold, p + H_THRESHOLD, 4);
	if (meta) {
		f->info.meta = malloc(meta);
		if (!f->info.meta)
			return -ENOMEM;
		memcpy(f->info.meta, p + LLM_FILE_HEADER, meta);
		f->info.meta_len = meta;
	}
	f->data = p;
	f->size = size;
	f->payload = p + poff;
	return 0;
}

int llm_file_open(struct llm_file *f, const char *path, char *err,
		  size_t errlen)
{
	struct stat st;
	void *map;
	int fd, ret;

	memset(f, 0, sizeof(*f));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return llm_fail(err, errlen, path, "%s", strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return llm_fail(err, errlen, path, "not a regular file");
	}
	if (st.st_size == 0) {
		close(fd);
		return llm_fail(err, errlen, path, "truncated: the file is empty");
	}
	map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return llm_fail(err, errlen, path, "mmap: %s", strerror(errno));
	ret = llm_file_parse(f, map, st.st_size, path, err, errlen);
	if (ret) {
		munmap(map, st.st_size);
		return ret;
	}
	f->mapped = true;
	return 0;
}

void llm_file_close(struct llm_file *f)
{
	if (f->mapped)
		munmap((void *)f->data, f->size);
	llm_info_free(&f->info);
	memset(f, 0, sizeof(*f));
}

int llm_file_check_vocab(const struct llm_file *f, const char *name,
			 uint32_t vocab_hash, uint32_t vocab_size, char *err,
			 size_t errlen)
{
	if (f->info.vocab_hash != vocab_hash)
		return llm_fail(err, errlen, name,
			    "built for vocabulary %08x, the data uses %08x",
			    f->info.vocab_hash, vocab_hash);
	if (vocab_size && f->cfg.vocab_size != vocab_size)
		return llm_fail(err, errlen, name,
			    "vocabulary of %u tokens, the data has %u",
			    f->cfg.vocab_size, vocab_size);
	return 0;
}

int llm_file_model(const struct llm_file *f, struct llm_model *m,
		   float **adam_m, float **adam_v)
{
	size_t n = llm_param_count(&f->cfg) * sizeof(float);
	float **mom[2] = { adam_m, adam_v };
	int i, err;

	if (f->payload_type == LLM_PAYLOAD_INT8)
		return -EINVAL;
	err = llm_model_init(m, &f->cfg, 0, 0);
	if (err)
		return err;
	memcpy(m->params, f->payload, n);
	llm_info_free(&m->info);
	if (llm_info_copy(&m->info, &f->info))
		goto nomem;
	for (i = 0; i < 2; i++) {
		if (!mom[i])
			continue;
		*mom[i] = NULL;
		if (f->payload_type != LLM_PAYLOAD_CHECKPOINT)
			continue;
		*mom[i] = malloc(n);
		if (!*mom[i])
			goto nomem;
		memcpy(*mom[i], f->payload + (i + 1) * n, n);
	}
	return 0;
nomem:
	if (adam_m && f->payload_type == LLM_PAYLOAD_CHECKPOINT) {
		free(*adam_m);
		*adam_m = NULL;
	}
	llm_model_free(m);
	return -ENOMEM;
}

/* The net matrix a quantized tensor feeds. */
static struct llm_mat *net_mat(struct llm_net *n, const char *name,
			       uint32_t layer)
{
	struct llm_net_layer *y;

	if (!strcmp(name, "w_lm"))
		return &n->lm;
	y = &n->layers[layer];
	if (!strcmp(name, "wq"))
		return &y->wq;
	if (!strcmp(name, "wk"))
		return &y->wk;
	if (!strcmp(name, "wv"))
		return &y->wv;
	if (!strcmp(name, "wo"))
		return &y->wo;
	if (!strcmp(name, "w1"))
		return &y->w1;
	return &y->w2;
}

/*
 * Walks an int8 payload: binds fp32 tensors to their slots and, once a net
 * exists (l->net), points its matrices at the codes and scales.
 */
static void net_one(void *arg, const char *name, uint32_t layer,
		    uint32_t rows, uint32_t cols, bool quantized, float **slot)
{
	struct layout *l = arg;
	size_t cnt = (size_t)rows * cols;
	size_t at = int8_place(&l->size, cnt, quantized);

	if (!quantized) {
		*slot = (float *)(l->cbase + at);
	} else if (l->net) {
		struct llm_mat *mat = net_mat(l->net, name, layer);

		mat->f = NULL;
		mat->q = (const int8_t *)(l->cbase + at);
		mat->s = (const float *)(l->cbase + at + cnt);
	}
}

int llm_file_net(const struct llm_file *f, struct llm_net *n)
{
	struct llm_model view = { .cfg = f->cfg };
	struct layout l = { .cbase = f->payload };
	int err;

	if (f->payload_type != LLM_PAYLOAD_INT8) {
		/* Bind the weights in place: the mapping is never written. */
		err = llm_weights_bind(&f->cfg, (float *)f->payload, &view.w);
		if (err)
			return err;
		view.info = f->info;
		err = llm_net_from_model(n, &view);
		llm_weights_free(&view.w);
		n->info = &f->info;
		return err;
	}
	/* Start from an fp32 view to get the biases, then repoint. */
	err = llm_weights_bind(&f->cfg, NULL, &view.w);
	if (err)
		return err;
	llm_walk_tensors(&f->cfg, &view.w, net_one, &l);
	err = llm_net_from_model(n, &view);
	if (!err) {
		l.size = 0;
		l.net = n;
		n->int8 = true;
		llm_walk_tensors(&f->cfg, &view.w, net_one, &l);
		n->info = &f->info;
	}
	llm_weights_free(&view.w);
	return err;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static int write_all(const char *path, const uint8_t *buf, size_t size,
		     char *err, size_t errlen)
{
	char tmp[4096];
	FILE *fp;
	int ok;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return llm_fail(err, errlen, path, "path too long");
	fp = fopen(tmp, "wb");
	if (!fp)
		return llm_fail(err, errlen, tmp, "%s", strerror(errno));
	ok = fwrite(buf, 1, size, fp) == size;
	ok = !fclose(fp) && ok;
	if (!ok || rename(tmp, path)) {
		unlink(tmp);
		return llm_fail(err, errlen, path, "write failed: %s",
			    strerror(errno));
	}
	return 0;
}

int llm_file_save(const char *path, const struct llm_model *m,
		  enum llm_payload type, const float *adam_m,
		  const float *adam_v, char *err, size_t errlen)
{
	size_t np = m->n_params * sizeof(float);
	size_t psize = payload_size(&m->cfg, type);
	size_t poff = align_up(LLM_FILE_HEADER + m->info.meta_len);
	size_t size = poff + psize + 4;
	uint8_t *buf;
	int ret;

	if (type == LLM_PAYLOAD_CHECKPOINT && (!adam_m || !adam_v))
		return -EINVAL;
	buf = calloc(1, size);
	if (!buf)
		return llm_fail(err, errlen, path, "out of memory");
	memcpy(buf + H_MAGIC, LLM_FILE_MAGIC, 8);
	put32(buf + H_VERSION, LLM_FILE_VERSION);
	put32(buf + H_HEADER_SIZE, LLM_FILE_HEADER);
	put64(buf + H_FILE_SIZE, size);
	put32(buf + H_PAYLOAD_TYPE, type);
	put32(buf + H_GROUP, LLM_GROUP);
	memcpy(buf + H_CONFIG, &m->cfg, sizeof(m->cfg));
	put32(buf + H_VOCAB_HASH, m->info.vocab_hash);
	put64(buf + H_INIT_ID, m->info.init_id);
	memcpy(buf + H_THRESHOLD, &m->info.alert_threshold, 4);
	put32(buf + H_META_SIZE, (uint32_t)m->info.meta_len);
	put64(buf + H_PAYLOAD_OFF, poff);
	put64(buf + H_PAYLOAD_SIZE, psize);
	if (m->info.meta_len)
		memcpy(buf + LLM_FILE_HEADER, m->info.meta, m->info.meta_len);
	if (type == LLM_PAYLOAD_INT8) {
		struct llm_weights w = m->w;
		struct layout l = { .base = buf + poff };

		llm_walk_tensors(&m->cfg, &w, int8_one, &l);
	} else {
		memcpy(buf + poff, m->params, np);
		if (type == LLM_PAYLOAD_CHECKPOINT) {
			memcpy(buf + poff + np, adam_m, np);
			memcpy(buf + poff + 2 * np, adam_v, np);
		}
	}
	put32(buf + size - 4, (uint32_t)crc32_z(0, buf, size - 4));
	ret = write_all(path, buf, size, err, errlen);
	free(buf);
	return ret;
}
