/*
 * The suite reads tests/vectors and the library's JSON outputs with Debian's
 * libjansson (libjansson-dev). These helpers fix the parse flags (strict:
 * duplicate keys refused, any top-level value, \u0000 kept) and read members
 * in the shapes the vectors use.
 */
#ifndef CDNSIGN_TEST_JSON_H
#define CDNSIGN_TEST_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

/* Parses `len` bytes. Returns NULL on error and writes a message to err. */
json_t *jv_parse(const char *text, size_t len, char *err, size_t err_len);
/* Reads and parses a file; NULL on error (message in err). */
json_t *jv_parse_file(const char *path, char *err, size_t err_len);
/* The string of a string member, or NULL. */
const char *jv_str(const json_t *obj, const char *key);
/* The text of a string value, or NULL. */
const char *jv_text(const json_t *v);
/* An integer member; returns 1 and writes *out, 0 otherwise (1.5e3 is not). */
int jv_int(const json_t *obj, const char *key, int64_t *out);
/* A boolean member: 1/0, or -1 when absent or not a bool. */
int jv_bool(const json_t *obj, const char *key);
/* Elements of an array or members of an object; 0 for anything else. */
size_t jv_len(const json_t *v);
/* The i-th element of an array, or the i-th member's value of an object (in
 * document order); NULL past the end or for anything else. */
const json_t *jv_at(const json_t *v, size_t i);
/* Deep equality: object members in any order, numbers by value (1 == 1.0). */
int jv_equal(const json_t *a, const json_t *b);
/* A string's text, or any other value as JSON text (a number as written
 * by jansson); caller frees. */
char *jv_scalar_text(const json_t *v);
/* Serialises v compactly (keys in their original order); caller frees. */
char *jv_serialize(const json_t *v);

/* Reads a whole file, NUL-terminated; caller frees. NULL on error. */
char *read_file(const char *path, size_t *len);

#endif
