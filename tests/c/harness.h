/*
 * Minimal test harness: a "case" is one named unit (a function or one vector
 * case); it fails when any CHECK inside it fails. The final line of the run is
 * "N passed, M failed".
 */
#ifndef CDNSIGN_TEST_HARNESS_H
#define CDNSIGN_TEST_HARNESS_H

#include <stdint.h>
#include <stdio.h>

#include "cdnsign.h"
#include "json.h"

void case_begin(const char *group, const char *name);
void case_end(void);
int check_impl(int ok, const char *file, int line, const char *expr, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Checks that `got` is `want`; on mismatch reports both names and the last error. */
int check_status_impl(cdnsign_status got, cdnsign_status want, const char *file, int line,
                      const char *expr);
/* Checks two strings (either may be NULL) are equal. */
int check_str_impl(const char *got, const char *want, const char *file, int line, const char *expr);

#define CHECK(cond, ...) check_impl(!!(cond), __FILE__, __LINE__, #cond, __VA_ARGS__)
#define CHECK_STATUS(call, want) check_status_impl((call), (want), __FILE__, __LINE__, #call)
#define CHECK_STR(got, want) check_str_impl((got), (want), __FILE__, __LINE__, #got)

/* Directory holding the vectors (tests/vectors), set by main. */
extern const char *g_vectors_dir;
/* Reads tests/vectors/<rel>; caller frees. Exits on failure (a broken setup). */
char *read_vector_file(const char *rel, size_t *len);
/* Parses tests/vectors/<name>; exits on failure. */
json_t *load_vectors(const char *name);
/* strcmp that tolerates NULL. */
int str_eq(const char *a, const char *b);
/* Whether s contains needle (NULL-tolerant). */
int str_contains(const char *s, const char *needle);
/* Decodes standard or URL-safe base64 (padding optional); caller frees. */
uint8_t *b64_decode(const char *text, size_t *len);
/* The status with the core's snake_case code name, or -1. */
int status_from_name(const char *name);

/* For an expected {"code", "field"?} object: checks the status and, when the
   vector names one, the last error's field. Call right after the failing call. */
int check_expected_error(cdnsign_status st, const json_t *expected, const char *file, int line);
#define CHECK_EXPECTED_ERROR(st, expected) check_expected_error((st), (expected), __FILE__, __LINE__)
/* "<file>:<id>" for case names. */
const char *case_name(const char *file, const json_t *c);
/* The input's "body" (UTF-8) or "body_b64" bytes; caller frees. */
uint8_t *input_body(const json_t *input, size_t *len);

/* Test groups. */
void test_json(void);
void test_core(void);
void test_threads(void);
void test_cloudfront(void);
void test_webhook(void);
void test_stream(void);
void test_mediacdn(void);
void test_cloudcdn(void);
void test_manifest(void);
void test_misuse(void);

#endif
