/* Google Cloud CDN: every case of tests/vectors/cloudcdn.json, plus the
   boundary's error paths. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* "key_file"/"file" (under keys/) or "key_text"; caller frees. */
static char *key_text(const json_t *spec) {
    const char *file = jv_str(spec, "key_file");
    if (!file) {
        file = jv_str(spec, "file");
    }
    if (file) {
        char rel[256];
        snprintf(rel, sizeof rel, "keys/%s", file);
        return read_vector_file(rel, NULL);
    }
    const char *text = jv_str(spec, "key_text");
    char *copy = malloc(strlen(text ? text : "") + 1);
    strcpy(copy, text ? text : "");
    return copy;
}

static void run_sign(const json_t *in, const json_t *want) {
    const char *op = jv_str(in, "op");
    const json_t *error = json_object_get(want, "error");
    char *key = key_text(in);
    int padded = jv_bool(in, "padded");
    int64_t expires = 0;
    cdnsign_cloudcdn_signer *signer = NULL;
    char *out = NULL, *signed_value = NULL;
    jv_int(in, "expires", &expires);
    cdnsign_status st = cdnsign_cloudcdn_signer_new(jv_str(in, "key_name"), key, padded != 0,
                                                    &signer);
    if (st == CDNSIGN_STATUS_OK) {
        if (str_eq(op, "sign_url")) {
            st = cdnsign_cloudcdn_signer_sign_url(signer, jv_str(in, "url"), expires, &out,
                                                  &signed_value);
        } else if (str_eq(op, "sign_prefix")) {
            st = cdnsign_cloudcdn_signer_sign_prefix(signer, jv_str(in, "url"),
                                                     jv_str(in, "prefix"), expires, &out,
                                                     &signed_value);
        } else {
            st = cdnsign_cloudcdn_signer_sign_cookie(signer, jv_str(in, "prefix"), expires,
                                                     &out, &signed_value);
        }
    }
    if (error) {
        CHECK_EXPECTED_ERROR(st, error);
        CHECK(out == NULL && signed_value == NULL, "out-params written on failure");
    } else if (CHECK_STATUS(st, CDNSIGN_STATUS_OK)) {
        const char *prefix = jv_str(want, "output_prefix");
        if (prefix) {
            CHECK(strncmp(out, prefix, strlen(prefix)) == 0, "%s", out);
        } else if (str_eq(op, "sign_cookie")) {
            CHECK_STR(out, jv_str(want, "cookie"));
            CHECK(str_contains(out, jv_str(want, "output")), "%s", out);
            CHECK_STR(signed_value, jv_str(want, "signed_value"));
        } else {
            CHECK_STR(out, jv_str(want, "output"));
            CHECK_STR(signed_value, jv_str(want, "signed_value"));
        }
    }
    cdnsign_string_free(out);
    cdnsign_string_free(signed_value);
    cdnsign_cloudcdn_signer_free(signer);
    free(key);
}

static void run_verify(const json_t *in, const json_t *want, int64_t default_now) {
    const json_t *keys = json_object_get(in, "keys");
    const json_t *req = json_object_get(in, "request");
    const char **names = calloc(jv_len(keys) + 1, sizeof *names);
    char **files = calloc(jv_len(keys) + 1, sizeof *files);
    cdnsign_cloudcdn_verifier *v = NULL;
    char *out = NULL;
    int64_t now = default_now;
    jv_int(req, "now", &now);
    for (size_t i = 0; i < jv_len(keys); i++) {
        names[i] = jv_str(json_array_get(keys, i), "name");
        files[i] = key_text(json_array_get(keys, i));
    }
    if (CHECK_STATUS(cdnsign_cloudcdn_verifier_new(names, (const char *const *)files, jv_len(keys),
                                                   &v),
                     CDNSIGN_STATUS_OK)) {
        cdnsign_status st = cdnsign_cloudcdn_verifier_verify(v, jv_str(req, "url"),
                                                             jv_str(req, "cookie"), now, &out);
        const json_t *error = json_object_get(want, "error");
        if (error) {
            CHECK_EXPECTED_ERROR(st, error);
            CHECK(out == NULL, "out-param written on failure");
        } else if (CHECK_STATUS(st, CDNSIGN_STATUS_OK)) {
            char err[128];
            json_t *got = jv_parse(out, strlen(out), err, sizeof err);
            if (CHECK(got != NULL, "%s", err)) {
                CHECK(jv_equal(json_object_get(got, "form"), json_object_get(want, "form")), "form: %s", out);
                CHECK(jv_equal(json_object_get(got, "key_name"), json_object_get(want, "key_name")),
                      "key_name: %s", out);
                CHECK(jv_equal(json_object_get(got, "expires"), json_object_get(want, "expires")),
                      "expires: %s", out);
            }
            json_decref(got);
        }
    }
    cdnsign_string_free(out);
    cdnsign_cloudcdn_verifier_free(v);
    for (size_t i = 0; i < jv_len(keys); i++) {
        free(files[i]);
    }
    free(files);
    free(names);
}

static void run_key(const json_t *in, const json_t *want) {
    char *key = key_text(in);
    cdnsign_cloudcdn_signer *signer = NULL;
    cdnsign_status st = cdnsign_cloudcdn_signer_new("k", key, true, &signer);
    const json_t *error = json_object_get(want, "error");
    if (error) {
        CHECK_EXPECTED_ERROR(st, error);
        CHECK(signer == NULL, "untouched");
    } else {
        CHECK_STATUS(st, CDNSIGN_STATUS_OK);
    }
    cdnsign_cloudcdn_signer_free(signer);
    free(key);
}

static void vectors(void) {
    json_t *doc = load_vectors("cloudcdn.json");
    const json_t *cases = json_object_get(doc, "cases");
    int64_t now = 0;
    int counts[3] = {0, 0, 0};
    jv_int(doc, "now", &now);
    for (size_t i = 0; cases && i < jv_len(cases); i++) {
        const json_t *c = json_array_get(cases, i);
        const json_t *in = json_object_get(c, "input");
        const json_t *want = json_object_get(c, "expected");
        const char *op = jv_str(in, "op");
        case_begin("cloudcdn", case_name("cloudcdn.json", c));
        if (str_eq(op, "key")) {
            run_key(in, want);
            counts[0]++;
        } else if (str_eq(op, "verify")) {
            run_verify(in, want, now);
            counts[2]++;
        } else if (str_eq(op, "sign_url") || str_eq(op, "sign_prefix") ||
                   str_eq(op, "sign_cookie")) {
            run_sign(in, want);
            counts[1]++;
        } else {
            CHECK(0, "unknown op %s", op ? op : "(none)");
        }
        case_end();
    }
    case_begin("cloudcdn", "vectors_read");
    CHECK(counts[0] >= 3 && counts[1] >= 20 && counts[2] >= 15, "key %d, sign %d, verify %d",
          counts[0], counts[1], counts[2]);
    case_end();
    json_decref(doc);
}

static void api_and_error_paths(void) {
    char *key = NULL, *url = NULL, *cookie = NULL, *json = NULL;
    cdnsign_cloudcdn_signer *signer = NULL;
    cdnsign_cloudcdn_verifier *v = NULL;
    const int64_t now = 1767290400;
    case_begin("cloudcdn", "generated_key_round_trip_tamper_explain");
    if (CHECK_STATUS(cdnsign_cloudcdn_generate_key(&key), CDNSIGN_STATUS_OK) &&
        CHECK_STATUS(cdnsign_cloudcdn_signer_new("k1", key, false, &signer), CDNSIGN_STATUS_OK)) {
        const char *names[] = {"k0", "k1"};
        const char *files[] = {"AAAAAAAAAAAAAAAAAAAAAA==", key};
        CHECK_STATUS(cdnsign_cloudcdn_verifier_new(names, files, 2, &v), CDNSIGN_STATUS_OK);
        CHECK_STATUS(cdnsign_cloudcdn_signer_sign_url(signer, "https://h.example/a.mp4?x=1",
                                                      now + 60, &url, NULL),
                     CDNSIGN_STATUS_OK);
        if (v && url) {
            CHECK_STATUS(cdnsign_cloudcdn_verifier_verify(v, url, NULL, now, &json),
                         CDNSIGN_STATUS_OK);
            CHECK(str_contains(json, "\"key_name\":\"k1\""), "%s", json);
            cdnsign_string_free(json);
            json = NULL;
            CHECK_STATUS(cdnsign_cloudcdn_verifier_verify(v, url, NULL, now + 61, NULL),
                         CDNSIGN_STATUS_EXPIRED);
            /* tamper the signature with another valid base64url character */
            char *c = &url[strlen(url) - 3], was = *c;
            *c = was == 'A' ? 'B' : 'A';
            CHECK_STATUS(cdnsign_cloudcdn_verifier_verify(v, url, NULL, now, NULL),
                         CDNSIGN_STATUS_BAD_SIGNATURE);
            *c = was;
            CHECK_STATUS(cdnsign_cloudcdn_explain(url, now, &json), CDNSIGN_STATUS_OK);
            CHECK(str_contains(json, "\"kind\""), "%s", json);
            cdnsign_string_free(json);
            json = NULL;
            CHECK_STATUS(cdnsign_cloudcdn_verifier_verify(v, "https://h.example/a.mp4", NULL, now,
                                                          NULL),
                         CDNSIGN_STATUS_MISSING_CREDENTIAL);
        }
        /* cookie, verified from a Cookie header */
        if (CHECK_STATUS(cdnsign_cloudcdn_signer_sign_cookie(signer, "https://h.example/v/",
                                                             now + 60, &cookie, NULL),
                         CDNSIGN_STATUS_OK) &&
            v) {
            char header[512];
            snprintf(header, sizeof header, "a=1; %s", cookie);
            CHECK_STATUS(cdnsign_cloudcdn_verifier_verify(v, "https://h.example/v/seg.ts", header,
                                                          now, &json),
                         CDNSIGN_STATUS_OK);
            CHECK(str_contains(json, "\"form\":\"cookie\""), "%s", json);
            CHECK_STATUS(cdnsign_cloudcdn_verifier_verify(v, "https://h.example/other/seg.ts",
                                                          header, now, NULL),
                         CDNSIGN_STATUS_URL_MISMATCH);
        }
    }
    cdnsign_string_free(json);
    cdnsign_string_free(cookie);
    cdnsign_string_free(url);
    cdnsign_string_free(key);
    cdnsign_cloudcdn_verifier_free(v);
    cdnsign_cloudcdn_signer_free(signer);
    case_end();

    case_begin("cloudcdn", "null_utf8_and_key_errors");
    signer = NULL;
    v = NULL;
    url = NULL;
    CHECK_STATUS(cdnsign_cloudcdn_signer_new(NULL, "nZtRohdNF9m3cKM24IcK4w==", true, &signer),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_cloudcdn_signer_new("k", "not base64 !", true, &signer),
                 CDNSIGN_STATUS_INVALID_KEY);
    CHECK_STATUS(cdnsign_cloudcdn_signer_new("k\xff", "nZtRohdNF9m3cKM24IcK4w==", true, &signer),
                 CDNSIGN_STATUS_INVALID_UTF8);
    CHECK_STATUS(cdnsign_cloudcdn_signer_new("k", "nZtRohdNF9m3cKM24IcK4w==", true, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK(signer == NULL, "untouched");
    CHECK_STATUS(cdnsign_cloudcdn_signer_sign_url(NULL, "https://h/", 1, &url, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_cloudcdn_signer_new("k", "nZtRohdNF9m3cKM24IcK4w==", true, &signer),
                 CDNSIGN_STATUS_OK);
    CHECK_STATUS(cdnsign_cloudcdn_signer_sign_url(signer, "https://h/a", now + 60, NULL, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_cloudcdn_signer_sign_url(signer, "https://h/a", 1767290400000, &url, NULL),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STATUS(cdnsign_cloudcdn_signer_sign_prefix(signer, "https://h/a", NULL, now, &url, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_cloudcdn_signer_sign_cookie(signer, "\xc3(", now, &url, NULL),
                 CDNSIGN_STATUS_INVALID_UTF8);
    CHECK_STATUS(cdnsign_cloudcdn_generate_key(NULL), CDNSIGN_STATUS_NULL_ARGUMENT);
    const char *names[] = {"k"};
    const char *bad[] = {"short"};
    CHECK_STATUS(cdnsign_cloudcdn_verifier_new(names, bad, 1, &v), CDNSIGN_STATUS_INVALID_KEY);
    CHECK_STATUS(cdnsign_cloudcdn_verifier_new(NULL, bad, 1, &v), CDNSIGN_STATUS_INVALID_BUFFER);
    CHECK_STATUS(cdnsign_cloudcdn_verifier_verify(NULL, "https://h/", NULL, now, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_cloudcdn_explain("hello", now, &url), CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STATUS(cdnsign_cloudcdn_explain(NULL, now, &url), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK(url == NULL && v == NULL, "untouched");
    cdnsign_cloudcdn_signer_free(signer);
    cdnsign_cloudcdn_signer_free(NULL);
    cdnsign_cloudcdn_verifier_free(NULL);
    case_end();
}

void test_cloudcdn(void) {
    vectors();
    api_and_error_paths();
}
