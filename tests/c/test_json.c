/* Self-test of the suite's JSON reader (it decides what every vector says). */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static void parses_escapes_and_numbers(void) {
    static const char doc[] =
        "{\"s\":\"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\",\"n\":-12,\"f\":1.5e3,"
        "\"t\":true,\"z\":null,\"a\":[1,{\"k\":[]}],\"nul\":\"x\\u0000y\"}";
    char err[128];
    case_begin("json", "escapes_numbers_nesting");
    json_value *v = json_parse(doc, strlen(doc), err, sizeof err);
    if (CHECK(v != NULL, "parse failed: %s", err)) {
        int64_t n = 0;
        CHECK_STR(json_get_str(v, "s"), "a\"b\\c/\n\xc3\xa9\xf0\x9f\x98\x80");
        CHECK(json_get_int(v, "n", &n) && n == -12, "n=%lld", (long long)n);
        CHECK(!json_get_int(v, "f", &n), "1.5e3 is not an integer literal");
        CHECK(json_get_bool(v, "t") == 1 && json_get_bool(v, "z") == -1, "bools");
        CHECK(json_get(v, "z")->type == JSON_NULL, "null");
        CHECK(json_at(json_get(v, "a"), 1)->type == JSON_OBJECT, "nested");
        CHECK(json_get(v, "nul")->len == 3, "embedded NUL keeps its length");
        char *back = json_serialize(v);
        CHECK_STR(back, "{\"s\":\"a\\\"b\\\\c/\\n\xc3\xa9\xf0\x9f\x98\x80\",\"n\":-12,\"f\":1.5e3,"
                        "\"t\":true,\"z\":null,\"a\":[1,{\"k\":[]}],\"nul\":\"x\\u0000y\"}");
        free(back);
    }
    json_free(v);
    case_end();
}

static void rejects_bad_documents(void) {
    static const char *bad[] = {"{", "[1,]", "{\"a\" 1}", "\"\\ud800\"", "01", "tru", "[] x",
                                "\"a\nb\"", "{\"a\":1,}"};
    char err[128];
    case_begin("json", "rejects_bad_documents");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_value *v = json_parse(bad[i], strlen(bad[i]), err, sizeof err);
        CHECK(v == NULL, "accepted %s", bad[i]);
        CHECK(err[0] != '\0', "no message for %s", bad[i]);
        json_free(v);
    }
    case_end();
}

void test_json(void) {
    parses_escapes_and_numbers();
    rejects_bad_documents();
}
