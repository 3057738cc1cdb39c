/* Cloudflare Stream webhooks: every case of tests/vectors/webhook.json, plus
   the boundary's error paths. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static int64_t g_default_tolerance = CDNSIGN_WEBHOOK_DEFAULT_TOLERANCE;

static void run_sign(const json_t *c) {
    const json_t *in = json_object_get(c, "input");
    const json_t *want = json_object_get(c, "expected");
    int64_t time = 0;
    size_t len = 0;
    uint8_t *body = input_body(in, &len);
    char *header = NULL;
    CHECK(jv_int(in, "time", &time), "time");
    cdnsign_status st = cdnsign_webhook_sign(jv_str(in, "secret"), body, len, time, &header);
    if (jv_str(want, "header")) {
        if (CHECK_STATUS(st, CDNSIGN_STATUS_OK)) {
            CHECK_STR(header, jv_str(want, "header"));
        }
    } else {
        CHECK_EXPECTED_ERROR(st, want);
        CHECK(header == NULL, "out-param written on failure");
    }
    cdnsign_string_free(header);
    free(body);
}

static void run_verify(const json_t *c) {
    const json_t *in = json_object_get(c, "input");
    const json_t *want = json_object_get(c, "expected");
    const json_t *secrets = json_object_get(in, "secrets");
    const char **list = calloc(jv_len(secrets) + 1, sizeof *list);
    int64_t tolerance = g_default_tolerance, now = 0, n = 0;
    cdnsign_webhook_verifier *v = NULL;
    size_t len = 0;
    uint8_t *body = input_body(in, &len);
    for (size_t i = 0; i < jv_len(secrets); i++) {
        list[i] = jv_text(json_array_get(secrets, i));
    }
    if (jv_bool(in, "ignore_time") == 1) {
        tolerance = CDNSIGN_WEBHOOK_IGNORE_TIMESTAMP;
    } else if (jv_int(in, "tolerance", &n)) {
        tolerance = n;
    }
    CHECK(jv_int(in, "now", &now), "now");
    cdnsign_status st = cdnsign_webhook_verifier_new(list, jv_len(secrets), tolerance, &v);
    if (st != CDNSIGN_STATUS_OK) {
        /* a verifier that cannot be built: the vector's code (empty secret...) */
        CHECK(jv_bool(want, "ok") == 0, "verifier refused: %s", cdnsign_last_error_message());
        CHECK_EXPECTED_ERROR(st, want);
        CHECK(v == NULL, "out-param written on failure");
    } else {
        cdnsign_webhook_verified out;
        memset(&out, 0xAB, sizeof out);
        const char *header = jv_str(in, "header"); /* null -> NULL: no header */
        st = cdnsign_webhook_verifier_verify(v, header, body, len, now, &out);
        if (jv_bool(want, "ok") == 1) {
            int64_t time = 0, index = 0;
            jv_int(want, "time", &time);
            jv_int(want, "secret_index", &index);
            if (CHECK_STATUS(st, CDNSIGN_STATUS_OK)) {
                CHECK(out.time == time, "time %lld, want %lld", (long long)out.time,
                      (long long)time);
                CHECK(out.age == now - time, "age %lld", (long long)out.age);
                CHECK(out.secret_index == (size_t)index, "secret_index %zu, want %lld",
                      out.secret_index, (long long)index);
            }
            /* the details are optional */
            CHECK_STATUS(cdnsign_webhook_verifier_verify(v, header, body, len, now, NULL),
                         CDNSIGN_STATUS_OK);
        } else {
            CHECK_EXPECTED_ERROR(st, want);
            CHECK(out.time == (int64_t)0xABABABABABABABABull, "out-param written on failure");
        }
    }
    cdnsign_webhook_verifier_free(v);
    free(list);
    free(body);
}

static void run_event(const json_t *c) {
    const json_t *in = json_object_get(c, "input");
    const json_t *want = json_object_get(c, "expected");
    size_t len = 0;
    uint8_t *body = input_body(in, &len);
    char *json = NULL;
    cdnsign_status st = cdnsign_webhook_parse_event(body, len, &json);
    if (jv_bool(want, "ok") == 1) {
        if (CHECK_STATUS(st, CDNSIGN_STATUS_OK)) {
            char err[128];
            json_t *got = jv_parse(json, strlen(json), err, sizeof err);
            if (CHECK(got != NULL, "event JSON does not parse: %s", err)) {
                /* every expected member but "ok", and nothing else but the body itself */
                size_t members = 0;
                const char *name;
                json_t *value;
                json_object_foreach((json_t *)want, name, value) {
                    if (strcmp(name, "ok") == 0) {
                        continue;
                    }
                    members++;
                    const json_t *g = json_object_get(got, name);
                    char *a = jv_serialize(g), *b = jv_serialize(value);
                    CHECK(jv_equal(g, value), "%s: got %s, want %s", name, a ? a : "(absent)", b);
                    free(a);
                    free(b);
                }
                CHECK(json_object_get(got, "raw") != NULL, "event has no raw body");
                CHECK(jv_len(got) == members + 1, "event has %zu members, vector %zu + raw",
                      jv_len(got), members);
            }
            json_decref(got);
        }
    } else {
        CHECK_EXPECTED_ERROR(st, want);
        CHECK(json == NULL, "out-param written on failure");
    }
    cdnsign_string_free(json);
    free(body);
}

static void vectors(void) {
    json_t *doc = load_vectors("webhook.json");
    const json_t *cases = json_object_get(doc, "cases");
    int sign = 0, verify = 0, event = 0;
    jv_int(doc, "default_tolerance", &g_default_tolerance);
    case_begin("webhook", "default_tolerance_matches_the_vectors");
    CHECK(g_default_tolerance == CDNSIGN_WEBHOOK_DEFAULT_TOLERANCE, "%lld",
          (long long)g_default_tolerance);
    case_end();
    for (size_t i = 0; cases && i < jv_len(cases); i++) {
        const json_t *c = json_array_get(cases, i);
        const char *id = jv_str(c, "id");
        case_begin("webhook", case_name("webhook.json", c));
        if (strncmp(id, "sign_", 5) == 0) {
            run_sign(c);
            sign++;
        } else if (strncmp(id, "verify_", 7) == 0) {
            run_verify(c);
            verify++;
        } else if (strncmp(id, "event_", 6) == 0) {
            run_event(c);
            event++;
        } else {
            CHECK(0, "unknown case kind %s", id);
        }
        case_end();
    }
    case_begin("webhook", "vectors_read");
    CHECK(sign >= 10 && verify >= 40 && event >= 10, "sign %d, verify %d, event %d", sign, verify,
          event);
    case_end();
    json_decref(doc);
}

/* verify_event: verified details + typed event in one call; explain. */
static void verify_event_and_explain(void) {
    static const char secret[] = "85011ed3a913c6ad5f9cf6c5573cc0a7";
    static const char body[] =
        "{\"uid\":\"u1\",\"readyToStream\":false,\"status\":{\"state\":\"error\","
        "\"errReasonCode\":\"ERR_NON_VIDEO\",\"errReasonText\":\"not a video\"}}";
    const char *secrets[] = {"old", secret};
    const int64_t t = 1767290400;
    char *header = NULL, *event = NULL, *explain = NULL;
    cdnsign_webhook_verifier *v = NULL;
    cdnsign_webhook_verified out = {0, 0, 0};
    case_begin("webhook", "verify_event_rotation_and_explain");
    CHECK_STATUS(cdnsign_webhook_sign(secret, (const uint8_t *)body, strlen(body), t, &header),
                 CDNSIGN_STATUS_OK);
    CHECK_STATUS(cdnsign_webhook_verifier_new(secrets, 2, 60, &v), CDNSIGN_STATUS_OK);
    if (CHECK_STATUS(cdnsign_webhook_verifier_verify_event(v, header, (const uint8_t *)body,
                                                           strlen(body), t - 5, &out, &event),
                     CDNSIGN_STATUS_OK)) {
        CHECK(out.secret_index == 1 && out.age == -5 && out.time == t, "details");
        CHECK(str_contains(event, "\"lifecycle\":\"failed\""), "%s", event);
        CHECK(str_contains(event, "\"error_reason_code\":\"ERR_NON_VIDEO\""), "%s", event);
    }
    cdnsign_string_free(event);
    event = NULL;
    /* outside the custom tolerance, both ways */
    CHECK_STATUS(cdnsign_webhook_verifier_verify_event(v, header, (const uint8_t *)body,
                                                       strlen(body), t + 61, &out, &event),
                 CDNSIGN_STATUS_TIMESTAMP_TOO_OLD);
    CHECK_STATUS(cdnsign_webhook_verifier_verify(v, header, (const uint8_t *)body, strlen(body),
                                                 t - 61, NULL),
                 CDNSIGN_STATUS_TIMESTAMP_IN_FUTURE);
    /* tampered: one byte of the body changed */
    char *tampered = malloc(sizeof body);
    memcpy(tampered, body, sizeof body);
    tampered[10] ^= 1;
    CHECK_STATUS(cdnsign_webhook_verifier_verify(v, header, (const uint8_t *)tampered,
                                                 strlen(body), t, NULL),
                 CDNSIGN_STATUS_BAD_SIGNATURE);
    CHECK_STR(cdnsign_last_error_field(), "sig1");
    free(tampered);
    /* a verified signature over a body that is not an event */
    char *header2 = NULL;
    CHECK_STATUS(cdnsign_webhook_sign(secret, (const uint8_t *)"[]", 2, t, &header2),
                 CDNSIGN_STATUS_OK);
    CHECK_STATUS(cdnsign_webhook_verifier_verify_event(v, header2, (const uint8_t *)"[]", 2, t,
                                                       &out, &event),
                 CDNSIGN_STATUS_MALFORMED);
    CHECK(event == NULL, "untouched");
    cdnsign_string_free(header2);
    /* explain without the secret */
    if (CHECK_STATUS(cdnsign_webhook_explain(header, t + 1000, (int64_t)strlen(body), &explain),
                     CDNSIGN_STATUS_OK)) {
        CHECK(str_contains(explain, "\"kind\"") && str_contains(explain, "timestamp_too_old"),
              "%s", explain);
    }
    cdnsign_string_free(explain);
    explain = NULL;
    CHECK_STATUS(cdnsign_webhook_explain("https://example.com/", t, -1, &explain),
                 CDNSIGN_STATUS_INVALID_INPUT);
    cdnsign_string_free(header);
    cdnsign_webhook_verifier_free(v);
    case_end();
}

static void error_paths(void) {
    const char *secrets[] = {"s3cret"};
    const char *bad_utf8[] = {"s3\xff"};
    cdnsign_webhook_verifier *v = NULL;
    char *out = NULL;
    case_begin("webhook", "null_utf8_buffer_and_tolerance_errors");
    CHECK_STATUS(cdnsign_webhook_sign(NULL, (const uint8_t *)"{}", 2, 1, &out),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STR(cdnsign_last_error_field(), "secret");
    CHECK_STATUS(cdnsign_webhook_sign("s", NULL, 2, 1, &out), CDNSIGN_STATUS_INVALID_BUFFER);
    CHECK_STATUS(cdnsign_webhook_sign("s", NULL, 0, 1767290400, NULL), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_webhook_sign("s\xc3", NULL, 0, 1, &out), CDNSIGN_STATUS_INVALID_UTF8);
    CHECK_STATUS(cdnsign_webhook_sign("s", NULL, 0, 1767290400000, &out),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK(out == NULL, "untouched");
    /* empty body is fine */
    if (CHECK_STATUS(cdnsign_webhook_sign("s", NULL, 0, 1767290400, &out), CDNSIGN_STATUS_OK)) {
        CHECK(str_contains(out, "time=1767290400,sig1="), "%s", out);
    }
    cdnsign_string_free(out);
    out = NULL;
    CHECK_STATUS(cdnsign_webhook_verifier_new(NULL, 1, 300, &v), CDNSIGN_STATUS_INVALID_BUFFER);
    CHECK_STATUS(cdnsign_webhook_verifier_new(NULL, 0, 300, &v), CDNSIGN_STATUS_INVALID_KEY);
    CHECK_STATUS(cdnsign_webhook_verifier_new(bad_utf8, 1, 300, &v), CDNSIGN_STATUS_INVALID_UTF8);
    CHECK_STATUS(cdnsign_webhook_verifier_new(secrets, 1, -2, &v), CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STR(cdnsign_last_error_field(), "tolerance_seconds");
    CHECK_STATUS(cdnsign_webhook_verifier_new(secrets, 1, 300, NULL), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK(v == NULL, "untouched");
    CHECK_STATUS(cdnsign_webhook_verifier_new(secrets, 1, 300, &v), CDNSIGN_STATUS_OK);
    CHECK_STATUS(cdnsign_webhook_verifier_verify(NULL, "time=1,sig1=00", NULL, 0, 1, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STR(cdnsign_last_error_field(), "verifier");
    CHECK_STATUS(cdnsign_webhook_verifier_verify(v, NULL, NULL, 0, 1, NULL),
                 CDNSIGN_STATUS_MISSING_CREDENTIAL);
    CHECK_STATUS(cdnsign_webhook_verifier_verify(v, "time=\xff", NULL, 0, 1, NULL),
                 CDNSIGN_STATUS_INVALID_UTF8);
    CHECK_STATUS(cdnsign_webhook_verifier_verify(v, "garbage", NULL, 0, 1, NULL),
                 CDNSIGN_STATUS_MALFORMED);
    CHECK_STATUS(cdnsign_webhook_verifier_verify(v, "time=1,sig1=00", NULL, 7, 1, NULL),
                 CDNSIGN_STATUS_INVALID_BUFFER);
    CHECK_STATUS(cdnsign_webhook_verifier_verify_event(v, "time=1,sig1=00", NULL, 0, 1, NULL, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STR(cdnsign_last_error_field(), "out_event_json");
    CHECK_STATUS(cdnsign_webhook_parse_event(NULL, 0, &out), CDNSIGN_STATUS_MALFORMED);
    CHECK_STATUS(cdnsign_webhook_parse_event((const uint8_t *)"{}", 2, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_webhook_explain(NULL, 1, -1, &out), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_webhook_explain("time=1,sig1=00", 1, -1, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK(out == NULL, "untouched");
    cdnsign_webhook_verifier_free(v);
    cdnsign_webhook_verifier_free(NULL);
    case_end();
}

void test_webhook(void) {
    vectors();
    verify_event_and_explain();
    error_paths();
}
