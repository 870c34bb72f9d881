// SPDX-License-Identifier: GPL-2.0
/* Deterministic evaluation splits of ADFA-LD and of the UNM sets. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "split.h"

void eval_set_free(struct eval_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->items[i].path);
		free(s->items[i].name);
		trace_free(&s->items[i].tr);
	}
	free(s->items);
	for (unsigned int i = 0; i < s->ntypes; i++)
		free(s->types[i]);
	memset(s, 0, sizeof(*s));
}

size_t eval_set_count(const struct eval_set *s, enum eval_part part,
		      int attack)
{
	size_t c = 0;

	for (size_t i = 0; i < s->n; i++)
		c += s->items[i].part == part &&
		     (attack < 0 || s->items[i].attack == attack);
	return c;
}

double eval_split_u(const char *name, uint64_t seed)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (int i = 0; i < 8; i++) {
		h ^= (seed >> (8 * i)) & 0xff;
		h *= 0x100000001b3ULL;
	}
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	/* splitmix64's finalizer spreads FNV's weak low bits. */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return (double)(h >> 11) * (1.0 / 9007199254740992.0);
}

static int add_item(struct eval_set *s, const char *path, const char *name,
		    enum eval_part part, int attack, int type)
{
	struct eval_item *it;

	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 1024;
		struct eval_item *p = realloc(s->items, nc * sizeof(*p));

		if (!p)
			return -1;
		s->items = p;
		s->cap = nc;
	}
	it = &s->items[s->n];
	memset(it, 0, sizeof(*it));
	it->path = path ? strdup(path) : NULL;
	it->name = strdup(name);
	if ((path && !it->path) || !it->name) {
		free(it->path);
		free(it->name);
		return -1;
	}
	it->part = part;
	it->attack = attack;
	it->type = type;
	s->n++;
	return 0;
}

static int add_type(struct eval_set *s, const char *name, size_t len)
{
	for (unsigned int i = 0; i < s->ntypes; i++)
		if (strlen(s->types[i]) == len &&
		    !strncmp(s->types[i], name, len))
			return i;
	if (s->ntypes == EVAL_MAX_TYPES)
		return -1;
	s->types[s->ntypes] = strndup(name, len);
	if (!s->types[s->ntypes])
		return -1;
	return s->ntypes++;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Sorted names in dir (no dot files) of regular files or of folders. */
static int list_dir(const char *dir, int want_dirs, char ***out, size_t *nout,
		    char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL, path[4096];
	size_t n = 0, cap = 0;

	*out = NULL;
	*nout = 0;
	if (!d) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) ||
		    (want_dirs ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)))
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			char **p = realloc(v, nc * sizeof(*p));

			if (!p)
				goto oom;
			v = p;
			cap = nc;
		}
		v[n] = strdup(e->d_name);
		if (!v[n])
			goto oom;
		n++;
	}
	closedir(d);
	qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	*nout = n;
	return 0;
oom:
	closedir(d);
	free_names(v, n);
	snprintf(err, errlen, "out of memory");
	return -1;
}

/* Files of dir/sub as items; part < 0 means split by the hash. */
static int add_folder(struct eval_set *s, const char *dir, const char *sub,
		      int part, uint64_t seed, double frac, int attack,
		      int type, char *err, size_t errlen)
{
	char folder[4096], path[4096];
	char **names;
	size_t n;

	snprintf(folder, sizeof(folder), "%s/%s", dir, sub);
	if (list_dir(folder, 0, &names, &n, err, errlen))
		return -1;
	for (size_t i = 0; i < n; i++) {
		enum eval_part p = part >= 0 ? (enum eval_part)part :
			eval_split_u(names[i], seed) < frac ? EVAL_CALIB :
			EVAL_TEST;

		if (snprintf(path, sizeof(path), "%s/%s", folder,
			     names[i]) >= (int)sizeof(path) ||
		    add_item(s, path, names[i], p, attack, type)) {
			free_names(names, n);
			snprintf(err, errlen, "%s: path too long or out of memory",
				 folder);
			return -1;
		}
	}
	free_names(names, n);
	return 0;
}

/* "Hydra_FTP_10" -> length of "Hydra_FTP". */
static size_t type_len(const char *folder)
{
	size_t n = strlen(folder), i = n;

	while (i > 0 && folder[i - 1] >= '0' && folder[i - 1] <= '9')
		i--;
	if (i < n && i > 1 && folder[i - 1] == '_')
		return i - 1;
	return n;
}

int adfa_split(const char *dir, uint64_t seed, double calib_frac,
	       struct eval_set *s, char *err, size_t errlen)
{
	char attacks[4096];
	char **folders;
	size_t nf;

	memset(s, 0, sizeof(*s));
	if (add_folder(s, dir, "Training_Data_Master", EVAL_TRAIN, 0, 0, 0,
		       -1, err, errlen) ||
	    add_folder(s, dir, "Validation_Data_Master", -1, seed, calib_frac,
		       0, -1, err, errlen))
		goto fail;
	snprintf(attacks, sizeof(attacks), "%s/Attack_Data_Master", dir);
	if (list_dir(attacks, 1, &folders, &nf, err, errlen))
		goto fail;
	for (size_t i = 0; i < nf; i++) {
		int type = add_type(s, folders[i], type_len(folders[i]));

		if (type < 0) {
			snprintf(err, errlen, "too many attack types");
			free_names(folders, nf);
			goto fail;
		}
		if (add_folder(s, attacks, folders[i], EVAL_TEST, 0, 0, 1,
			       type, err, errlen)) {
			free_names(folders, nf);
			goto fail;
		}
	}
	free_names(folders, nf);
	return 0;
fail:
	eval_set_free(s);
	return -1;
}

int eval_set_load(struct eval_set *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->items[i].path && !s->items[i].tr.tok &&
		    trace_load_plain(s->items[i].path, &s->items[i].tr, err,
				     errlen))
			return -1;
	return 0;
}

static int add_unm_file(struct eval_set *s, const char *folder,
			const char *file, int attack, uint64_t seed,
			double train_frac, char *err, size_t errlen)
{
	char path[4096], name[4096];
	struct unm_proc *procs;
	size_t np;
	int type = -1;

	if (snprintf(path, sizeof(path), "%s/%s", folder, file) >=
	    (int)sizeof(path)) {
		snprintf(err, errlen, "%s: path too long", folder);
		return -1;
	}
	if (unm_load(path, &procs, &np, err, errlen))
		return -1;
	if (attack) {
		const char *dot = strrchr(file, '.');

		type = add_type(s, file, dot ? (size_t)(dot - file) :
				strlen(file));
		if (type < 0)
			goto oom;
	}
	for (size_t i = 0; i < np; i++) {
		enum eval_part part = EVAL_TEST;

		snprintf(name, sizeof(name), "%s:%ld", file, procs[i].pid);
		if (!attack && eval_split_u(name, seed) < train_frac)
			part = EVAL_TRAIN;
		if (add_item(s, NULL, name, part, attack, type))
			goto oom;
		/* The item takes over the tokens. */
		s->items[s->n - 1].tr = procs[i].tr;
		procs[i].tr.tok = NULL;
		procs[i].tr.len = 0;
	}
	unm_free(procs, np);
	return 0;
oom:
	unm_free(procs, np);
	snprintf(err, errlen, "out of memory");
	return -1;
}

int unm_split(const char *dir, uint64_t seed, double train_frac,
	      struct eval_set *s, char *err, size_t errlen)
{
	static const char *const sub[2] = { "normal", "intrusion" };

	memset(s, 0, sizeof(*s));
	for (int attack = 0; attack < 2; attack++) {
		char folder[4096];
		char **names;
		size_t n;

		snprintf(folder, sizeof(folder), "%s/%s", dir, sub[attack]);
		if (list_dir(folder, 0, &names, &n, err, errlen))
			goto fail;
		for (size_t i = 0; i < n; i++) {
			size_t l = strlen(names[i]);

			if (l < 4 || strcmp(names[i] + l - 4, ".int"))
				continue;
			if (add_unm_file(s, folder, names[i], attack, seed,
					 train_frac, err, errlen)) {
				free_names(names, n);
				goto fail;
			}
		}
		free_names(names, n);
	}
	/* Tiny sets: keep at least one normal process on each side. */
	if (!eval_set_count(s, EVAL_TRAIN, 0) ||
	    !eval_set_count(s, EVAL_TEST, 0)) {
		enum eval_part want = eval_set_count(s, EVAL_TRAIN, 0) ?
			EVAL_TEST : EVAL_TRAIN;

		for (size_t i = 0; i < s->n; i++) {
			if (!s->items[i].attack && s->items[i].part != want) {
				s->items[i].part = want;
				break;
			}
		}
	}
	if (!eval_set_count(s, EVAL_TRAIN, 0) ||
	    !eval_set_count(s, EVAL_TEST, 0) ||
	    !eval_set_count(s, EVAL_TEST, 1)) {
		snprintf(err, errlen, "%s: too few processes to split", dir);
		goto fail;
	}
	return 0;
fail:
	eval_set_free(s);
	return -1;
}
