/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Model files (Documentation/model-format.md): a fixed header, a
 * key/value metadata section, the payload (fp32 weights, int8 weights, or
 * fp32 weights plus Adam moments for a training checkpoint) and a CRC32.
 * Files are mapped read-only; an int8 or fp32 net points straight into the
 * mapping.
 */
#ifndef LLMOS_MODEL_FILE_H
#define LLMOS_MODEL_FILE_H

#include "model.h"

#define LLM_FILE_MAGIC "LLMOSMDL"
#define LLM_FILE_VERSION 1
#define LLM_FILE_HEADER 128

enum llm_payload {
	LLM_PAYLOAD_FP32 = 1,
	LLM_PAYLOAD_INT8 = 2,
	LLM_PAYLOAD_CHECKPOINT = 3,	/* fp32 weights, Adam m, Adam v */
};

struct llm_file {
	struct llm_config cfg;
	struct llm_info info;
	enum llm_payload payload_type;
	const uint8_t *data;	/* whole file */
	size_t size;
	const uint8_t *payload;
	bool mapped;
};

/*
 * Checks a file image and fills f (pointing into data). On failure returns
 * -EINVAL and writes "NAME: what is wrong" to err.
 */
int llm_file_parse(struct llm_file *f, const void *data, size_t size,
		   const char *name, char *err, size_t errlen);
/* mmap()s path and parses it. */
int llm_file_open(struct llm_file *f, const char *path, char *err,
		  size_t errlen);
void llm_file_close(struct llm_file *f);

/* Refuses a model made for another vocabulary, saying which. */
int llm_file_check_vocab(const struct llm_file *f, const char *name,
			 uint32_t vocab_hash, uint32_t vocab_size, char *err,
			 size_t errlen);

/*
 * An fp32 model (copied) from an fp32 or checkpoint file; for a
 * checkpoint, adam_m and adam_v (if not NULL) get copies of the moments.
 */
int llm_file_model(const struct llm_file *f, struct llm_model *m,
		   float **adam_m, float **adam_v);
/* A net over the file's weights (no copy; the file must stay open). */
int llm_file_net(const struct llm_file *f, struct llm_net *n);

/*
 * Writes m as type (quantizing for LLM_PAYLOAD_INT8; adam_m/v required for
 * a checkpoint), atomically through a temporary file.
 */
int llm_file_save(const char *path, const struct llm_model *m,
		  enum llm_payload type, const float *adam_m,
		  const float *adam_v, char *err, size_t errlen);

#endif
