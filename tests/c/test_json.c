/* Self-test of how the suite reads JSON (it decides what every vector says):
 * libjansson with the flags of json.c. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static void parses_escapes_and_numbers(void) {
    static const char doc[] =
        "{\"s\":\"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\",\"n\":-12,\"f\":1.5e3,"
        "\"t\":true,\"z\":null,\"a\":[1,{\"k\":[]}],\"nul\":\"x\\u0000y\"}";
    char err[128];
    case_begin("json", "escapes_numbers_nesting");
    json_t *v = jv_parse(doc, strlen(doc), err, sizeof err);
    if (CHECK(v != NULL, "parse failed: %s", err)) {
        int64_t n = 0;
        CHECK_STR(jv_str(v, "s"), "a\"b\\c/\n\xc3\xa9\xf0\x9f\x98\x80");
        CHECK(jv_int(v, "n", &n) && n == -12, "n=%lld", (long long)n);
        CHECK(!jv_int(v, "f", &n), "1.5e3 is not an integer literal");
        CHECK(jv_bool(v, "t") == 1 && jv_bool(v, "z") == -1, "bools");
        CHECK(json_is_null(json_object_get(v, "z")), "null");
        CHECK(json_is_object(json_array_get(json_object_get(v, "a"), 1)), "nested");
        CHECK(json_string_length(json_object_get(v, "nul")) == 3, "embedded NUL keeps its length");
        CHECK(jv_len(v) == 7 && jv_len(json_object_get(v, "a")) == 2, "sizes");
        json_t *one = jv_parse("[1]", 3, err, sizeof err), *real = jv_parse("[1.0]", 5, err, sizeof err);
        CHECK(jv_equal(one, real), "1 == 1.0");
        json_decref(one);
        json_decref(real);
        char *back = jv_serialize(v);
        CHECK_STR(back, "{\"s\":\"a\\\"b\\\\c/\\n\xc3\xa9\xf0\x9f\x98\x80\",\"n\":-12,\"f\":1500.0,"
                        "\"t\":true,\"z\":null,\"a\":[1,{\"k\":[]}],\"nul\":\"x\\u0000y\"}");
        free(back);
    }
    json_decref(v);
    case_end();
}

static void rejects_bad_documents(void) {
    static const char *bad[] = {"{", "[1,]", "{\"a\" 1}", "\"\\ud800\"", "01", "tru", "[] x",
                                "\"a\nb\"", "{\"a\":1,}", "{\"a\":1,\"a\":2}"};
    char err[128];
    case_begin("json", "rejects_bad_documents");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *v = jv_parse(bad[i], strlen(bad[i]), err, sizeof err);
        CHECK(v == NULL, "accepted %s", bad[i]);
        CHECK(err[0] != '\0', "no message for %s", bad[i]);
        json_decref(v);
    }
    case_end();
}

void test_json(void) {
    parses_escapes_and_numbers();
    rejects_bad_documents();
}
