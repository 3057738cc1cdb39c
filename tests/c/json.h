/*
 * A small, strict JSON reader for the test suite: enough to read
 * the tests/vectors JSON files (objects, arrays, strings with every escape including
 * surrogate pairs, numbers, true/false/null) into a tree. Not a library.
 */
#ifndef CDNSIGN_TEST_JSON_H
#define CDNSIGN_TEST_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef enum json_type {
    JSON_NULL,
    JSON_BOOL,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
} json_type;

typedef struct json_value {
    json_type type;
    int boolean;              /* JSON_BOOL */
    char *text;               /* JSON_STRING: decoded UTF-8, NUL-terminated;
                                 JSON_NUMBER: the literal as written */
    size_t len;               /* length of text (a string may hold \u0000) */
    struct json_value *items; /* JSON_ARRAY elements / JSON_OBJECT values */
    char **keys;              /* JSON_OBJECT keys (decoded) */
    size_t count;             /* number of items */
} json_value;

/* Parses `len` bytes. Returns NULL on error and writes a message to err. */
json_value *json_parse(const char *text, size_t len, char *err, size_t err_len);
/* Reads and parses a file; NULL on error (message in err). */
json_value *json_parse_file(const char *path, char *err, size_t err_len);
void json_free(json_value *v);

/* Object member by key, or NULL (also when v is not an object). */
const json_value *json_get(const json_value *v, const char *key);
/* Array element, or NULL. */
const json_value *json_at(const json_value *v, size_t i);
/* The string of a JSON_STRING member, or NULL. */
const char *json_get_str(const json_value *obj, const char *key);
/* An integral JSON_NUMBER member; returns 1 and writes *out, 0 otherwise. */
int json_get_int(const json_value *obj, const char *key, int64_t *out);
/* A JSON_BOOL member: 1/0, or -1 when absent or not a bool. */
int json_get_bool(const json_value *obj, const char *key);
/* Deep equality: object members in any order, numbers by value (1 == 1.0). */
int json_equal(const json_value *a, const json_value *b);
/* Serialises v compactly (keys in their original order); caller frees. */
char *json_serialize(const json_value *v);

/* Reads a whole file; caller frees. NULL on error. */
char *read_file(const char *path, size_t *len);

#endif
