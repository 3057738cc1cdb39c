/* Cloudflare Stream tokens: every case of tests/vectors/stream.json, plus the
   boundary's error paths. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* A key description {"format","file","id"?} -> text (caller frees) and kid
   (borrowed; NULL unless the format needs one). */
static char *key_text(const json_t *desc, const char **kid) {
    const char *format = jv_str(desc, "format");
    *kid = str_eq(format, "pem") ? jv_str(desc, "id") : NULL;
    return read_vector_file(jv_str(desc, "file"), NULL);
}

static char *b64url_text(const char *part, size_t n) {
    char *copy = malloc(n + 1);
    memcpy(copy, part, n);
    copy[n] = '\0';
    size_t len = 0;
    uint8_t *raw = b64_decode(copy, &len);
    free(copy);
    char *text = malloc(len + 1);
    if (raw) {
        memcpy(text, raw, len);
    }
    text[raw ? len : 0] = '\0';
    free(raw);
    return text;
}

static void run_sign(const json_t *c, int expect_error) {
    const json_t *in = json_object_get(c, "input");
    const json_t *want = json_object_get(c, "expected");
    const char *kid = NULL;
    char *text = key_text(json_object_get(in, "key"), &kid);
    char *claims = jv_serialize(json_object_get(in, "claims"));
    int64_t now = 0;
    cdnsign_stream_signing_key *signer = NULL;
    char *token = NULL;
    jv_int(in, "now", &now);
    if (!CHECK_STATUS(cdnsign_stream_signing_key_new(text, kid, &signer), CDNSIGN_STATUS_OK)) {
        goto done;
    }
    cdnsign_status st = cdnsign_stream_signing_key_sign_claims(signer, claims, now, &token);
    if (expect_error) {
        CHECK_EXPECTED_ERROR(st, want);
        CHECK(token == NULL, "out-param written on failure");
        goto done;
    }
    if (!CHECK_STATUS(st, CDNSIGN_STATUS_OK)) {
        goto done;
    }
    CHECK_STR(token, jv_str(want, "token"));
    /* header and payload, decoded */
    const char *dot1 = strchr(token, '.');
    const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    if (CHECK(dot1 && dot2, "three parts")) {
        char *header = b64url_text(token, (size_t)(dot1 - token));
        char *payload = b64url_text(dot1 + 1, (size_t)(dot2 - dot1 - 1));
        CHECK_STR(header, jv_str(want, "header"));
        CHECK_STR(payload, jv_str(want, "payload"));
        free(header);
        free(payload);
    }
    /* ours verifies with the public half only */
    char *pem = NULL;
    cdnsign_stream_verifier *v = NULL;
    if (CHECK_STATUS(cdnsign_stream_signing_key_public_pem(signer, &pem), CDNSIGN_STATUS_OK)) {
        const char *texts[] = {pem};
        const char *kids[] = {cdnsign_stream_signing_key_kid(signer)};
        int64_t nbf = 0;
        const json_t *claims_obj = json_object_get(in, "claims");
        int64_t at = jv_int(claims_obj, "nbf", &nbf) && nbf > now ? nbf : now;
        if (CHECK_STATUS(cdnsign_stream_verifier_new(texts, kids, 1, 0, true, &v),
                         CDNSIGN_STATUS_OK)) {
            CHECK_STATUS(cdnsign_stream_verifier_verify(v, token, at,
                                                        jv_str(claims_obj, "sub"), NULL,
                                                        NULL, true, NULL),
                         CDNSIGN_STATUS_OK);
        }
    }
    cdnsign_stream_verifier_free(v);
    cdnsign_string_free(pem);
done:
    cdnsign_string_free(token);
    cdnsign_stream_signing_key_free(signer);
    free(claims);
    free(text);
}

static void run_verify(const json_t *c) {
    const json_t *in = json_object_get(c, "input");
    const json_t *want = json_object_get(c, "expected");
    const json_t *keys = json_object_get(in, "keys");
    const char **texts = calloc(jv_len(keys) + 1, sizeof *texts);
    const char **kids = calloc(jv_len(keys) + 1, sizeof *kids);
    int64_t now = 0, leeway = CDNSIGN_STREAM_DEFAULT_LEEWAY;
    int require_exp = jv_bool(in, "require_exp");
    cdnsign_stream_verifier *v = NULL;
    char *claims = NULL;
    for (size_t i = 0; i < jv_len(keys); i++) {
        texts[i] = key_text(json_array_get(keys, i), &kids[i]);
    }
    jv_int(in, "now", &now);
    jv_int(in, "leeway", &leeway);
    if (!CHECK_STATUS(cdnsign_stream_verifier_new(texts, kids, jv_len(keys), (uint32_t)leeway,
                                                  require_exp != 0, &v),
                      CDNSIGN_STATUS_OK)) {
        goto done;
    }
    cdnsign_status st = cdnsign_stream_verifier_verify(
        v, jv_str(in, "token"), now, jv_str(in, "expected_sub"),
        jv_str(in, "viewer_ip"), jv_str(in, "viewer_country"), false, &claims);
    if (jv_bool(want, "ok") == 1) {
        char err[128];
        json_t *got = NULL;
        if (!CHECK_STATUS(st, CDNSIGN_STATUS_OK) ||
            !CHECK((got = jv_parse(claims, strlen(claims), err, sizeof err)) != NULL, "%s",
                   err)) {
            goto done;
        }
        /* the record: {kid, claims: {...}, access: {decision, rule}} */
        const json_t *got_claims = json_object_get(got, "claims");
        CHECK(jv_equal(json_object_get(got, "kid"), json_object_get(want, "kid")),
              "kid differs: %s", claims);
        static const char *same[] = {"sub", "exp", "nbf", "downloadable"};
        for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
            CHECK(jv_equal(json_object_get(got_claims, same[i]), json_object_get(want, same[i])),
                  "%s differs: %s", same[i], claims);
        }
        int64_t rules = -1;
        jv_int(want, "access_rules", &rules);
        const json_t *got_rules = json_object_get(got_claims, "access_rules");
        CHECK(got_rules && (int64_t)jv_len(got_rules) == rules, "access_rules: %s", claims);
        /* the vectors say {rule, action} or null; the record says which decision */
        const json_t *decision = json_object_get(want, "decision");
        const json_t *access = json_object_get(got, "access");
        int64_t want_rule = -1, got_rule = -1;
        const char *expected = "not_evaluated";
        if (json_is_object(decision)) {
            expected = jv_int(decision, "rule", &want_rule) ? "allowed_by_rule" : "no_match";
        }
        CHECK_STR(jv_str(access, "decision"), expected);
        jv_int(access, "rule", &got_rule);
        CHECK(got_rule == want_rule, "access.rule: %s", claims);
        json_decref(got);
    } else {
        CHECK_EXPECTED_ERROR(st, want);
        int64_t rule = 0;
        if (jv_int(want, "rule", &rule)) {
            char needle[32];
            snprintf(needle, sizeof needle, "accessRules[%lld]", (long long)rule);
            CHECK(str_contains(cdnsign_last_error_message(), needle), "%s",
                  cdnsign_last_error_message());
        }
        CHECK(claims == NULL, "out-param written on failure");
    }
done:
    cdnsign_string_free(claims);
    cdnsign_stream_verifier_free(v);
    for (size_t i = 0; i < jv_len(keys); i++) {
        free((char *)texts[i]);
    }
    free(texts);
    free(kids);
}

static void run_decode(const json_t *c) {
    const json_t *in = json_object_get(c, "input");
    const json_t *want = json_object_get(c, "expected");
    char *json = NULL, *explain = NULL;
    char err[128];
    if (!CHECK_STATUS(cdnsign_stream_decode(jv_str(in, "token"), &json), CDNSIGN_STATUS_OK)) {
        return;
    }
    json_t *got = jv_parse(json, strlen(json), err, sizeof err);
    if (CHECK(got != NULL, "%s", err)) {
        const json_t *claims = json_object_get(got, "claims");
        CHECK(jv_equal(json_object_get(got, "alg"), json_object_get(want, "alg")), "alg: %s", json);
        CHECK(jv_equal(json_object_get(got, "kid"), json_object_get(want, "kid")), "kid: %s", json);
        CHECK(jv_equal(json_object_get(claims, "sub"), json_object_get(want, "sub")), "sub: %s", json);
        CHECK(jv_equal(json_object_get(claims, "exp"), json_object_get(want, "exp")), "exp: %s", json);
        CHECK(jv_equal(json_object_get(claims, "nbf"), json_object_get(want, "nbf")), "nbf: %s", json);
        CHECK(jv_equal(json_object_get(claims, "exp_was_string"), json_object_get(want, "exp_is_string")),
              "exp_is_string: %s", json);
    }
    json_decref(got);
    if (CHECK_STATUS(cdnsign_stream_explain(jv_str(in, "token"), 1767290400, &explain),
                     CDNSIGN_STATUS_OK)) {
        CHECK(str_contains(explain, "\"facts\":{\""), "facts: %s", explain);
    }
    cdnsign_string_free(explain);
    cdnsign_string_free(json);
}

static void run_url(const json_t *c) {
    const json_t *in = json_object_get(c, "input");
    const json_t *want = json_object_get(c, "expected");
    char *url = NULL;
    cdnsign_status st = cdnsign_stream_url(jv_str(in, "customer_code"),
                                           jv_str(in, "id"), jv_str(in, "kind"), &url);
    if (jv_str(want, "url")) {
        if (CHECK_STATUS(st, CDNSIGN_STATUS_OK)) {
            CHECK_STR(url, jv_str(want, "url"));
        }
    } else {
        CHECK_EXPECTED_ERROR(st, want);
    }
    cdnsign_string_free(url);
}

static void run_key(const json_t *c) {
    const json_t *in = json_object_get(c, "input");
    const json_t *want = json_object_get(c, "expected");
    cdnsign_stream_signing_key *signer = NULL;
    const char *kid = str_eq(jv_str(in, "format"), "pem") ? jv_str(in, "id") : NULL;
    cdnsign_status st = cdnsign_stream_signing_key_new(jv_str(in, "text"), kid, &signer);
    CHECK_EXPECTED_ERROR(st, want);
    CHECK(signer == NULL, "out-param written on failure");
    cdnsign_stream_signing_key_free(signer);
}

static void vectors(void) {
    json_t *doc = load_vectors("stream.json");
    const json_t *cases = json_object_get(doc, "cases");
    int counts[6] = {0, 0, 0, 0, 0, 0};
    int default_leeway = 0, mapped_viewer = 0;
    for (size_t i = 0; cases && i < jv_len(cases); i++) {
        const json_t *c = json_array_get(cases, i);
        const char *id = jv_str(c, "id");
        case_begin("stream", case_name("stream.json", c));
        if (strncmp(id, "sign_error_", 11) == 0) {
            run_sign(c, 1);
            counts[1]++;
        } else if (strncmp(id, "sign_", 5) == 0) {
            run_sign(c, 0);
            counts[0]++;
        } else if (strncmp(id, "verify_", 7) == 0) {
            run_verify(c);
            counts[2]++;
            const json_t *in = json_object_get(c, "input");
            const char *ip = jv_str(in, "viewer_ip");
            default_leeway += json_object_get(in, "leeway") == NULL;
            mapped_viewer += ip != NULL && strncmp(ip, "::ffff:", 7) == 0;
        } else if (strncmp(id, "decode_", 7) == 0) {
            run_decode(c);
            counts[3]++;
        } else if (strncmp(id, "url_", 4) == 0) {
            run_url(c);
            counts[4]++;
        } else if (strncmp(id, "key_", 4) == 0) {
            run_key(c);
            counts[5]++;
        } else {
            CHECK(0, "unknown case kind %s", id);
        }
        case_end();
    }
    case_begin("stream", "vectors_read");
    CHECK(counts[0] >= 10 && counts[1] >= 10 && counts[2] >= 50 && counts[3] >= 1 &&
              counts[4] >= 5 && counts[5] >= 5,
          "sign %d, sign_error %d, verify %d, decode %d, url %d, key %d", counts[0], counts[1],
          counts[2], counts[3], counts[4], counts[5]);
    /* Vectors without "leeway" ran against CDNSIGN_STREAM_DEFAULT_LEEWAY, which
       is none: Cloudflare documents no leeway on exp/nbf. */
    CHECK(CDNSIGN_STREAM_DEFAULT_LEEWAY == 0, "default leeway %d",
          (int)CDNSIGN_STREAM_DEFAULT_LEEWAY);
    CHECK(default_leeway >= 2 && mapped_viewer >= 3, "default-leeway %d, mapped-viewer %d",
          default_leeway, mapped_viewer);
    case_end();
    json_decref(doc);
}

/* Every other entry point: simple signing, key exports, keygen, tampering,
   NULL / UTF-8 / handle errors. */
static void api_and_error_paths(void) {
    char *response = NULL, *token = NULL, *jwk = NULL, *pem = NULL, *out = NULL;
    cdnsign_stream_signing_key *signer = NULL;
    cdnsign_stream_verifier *v = NULL;
    const int64_t now = 1767290400;
    case_begin("stream", "generated_key_sign_verify_tamper");
    if (!CHECK_STATUS(cdnsign_stream_generate_key(now, &response), CDNSIGN_STATUS_OK) ||
        !CHECK_STATUS(cdnsign_stream_signing_key_new(response, NULL, &signer), CDNSIGN_STATUS_OK)) {
        goto done;
    }
    const char *kid = cdnsign_stream_signing_key_kid(signer);
    CHECK(kid && strlen(kid) > 0 && str_contains(response, kid), "kid %s", kid ? kid : "(null)");
    CHECK(cdnsign_stream_signing_key_kid(NULL) == NULL, "NULL signer -> NULL kid");
    CHECK_STATUS(cdnsign_stream_signing_key_public_jwk(signer, &jwk), CDNSIGN_STATUS_OK);
    CHECK(str_contains(jwk, "\"kty\":\"RSA\"") && !str_contains(jwk, "\"d\""), "public JWK: %s",
          jwk);
    CHECK_STATUS(cdnsign_stream_signing_key_public_pem(signer, &pem), CDNSIGN_STATUS_OK);
    CHECK(str_contains(pem, "BEGIN PUBLIC KEY"), "%s", pem);
    CHECK_STATUS(cdnsign_stream_signing_key_sign(signer, "6b9e68b07dfee8cc2d116e4c51d6a957", now + 3600,
                                            now, &token),
                 CDNSIGN_STATUS_OK);
    /* a verifier from the public JWK (it carries the kid) */
    const char *texts[] = {jwk};
    if (CHECK_STATUS(cdnsign_stream_verifier_new(texts, NULL, 1, CDNSIGN_STREAM_DEFAULT_LEEWAY,
                                                 true, &v),
                     CDNSIGN_STATUS_OK) &&
        token) {
        CHECK_STATUS(cdnsign_stream_verifier_verify(v, token, now, "6b9e68b07dfee8cc2d116e4c51d6a957",
                                                    "192.0.2.1", "KR", false, &out),
                     CDNSIGN_STATUS_OK);
        CHECK(str_contains(out, "\"access\":{\"decision\":\"no_match\",\"rule\":null}"), "%s",
              out);
        cdnsign_string_free(out);
        out = NULL;
        CHECK_STATUS(cdnsign_stream_verifier_verify(v, token, now, NULL, NULL, NULL, true, &out),
                     CDNSIGN_STATUS_OK);
        CHECK(str_contains(out, "\"access\":{\"decision\":\"not_evaluated\",\"rule\":null}"),
              "%s", out);
        cdnsign_string_free(out);
        out = NULL;
        /* expired 1 s after exp (no leeway by default), wrong video */
        CHECK_STATUS(cdnsign_stream_verifier_verify(v, token, now + 3601, NULL, NULL, NULL, false,
                                                    &out),
                     CDNSIGN_STATUS_EXPIRED);
        CHECK(str_contains(cdnsign_last_error_message(), "expired"), "%s",
              cdnsign_last_error_message());
        CHECK_STATUS(cdnsign_stream_verifier_verify(v, token, now, "ea95132c15732412d22c1476fa83f27a",
                                                    NULL, NULL, false, &out),
                     CDNSIGN_STATUS_SUBJECT_MISMATCH);
        /* tampered: flip one character of the signature, then of the payload */
        size_t n = strlen(token);
        char *bad = malloc(n + 1);
        memcpy(bad, token, n + 1);
        bad[n - 5] = bad[n - 5] == 'A' ? 'B' : 'A';
        CHECK_STATUS(cdnsign_stream_verifier_verify(v, bad, now, NULL, NULL, NULL, false, &out),
                     CDNSIGN_STATUS_BAD_SIGNATURE);
        memcpy(bad, token, n + 1);
        char *payload = strchr(bad, '.') + 3;
        *payload = *payload == 'A' ? 'B' : 'A';
        cdnsign_status st = cdnsign_stream_verifier_verify(v, bad, now, NULL, NULL, NULL, false, &out);
        CHECK(st == CDNSIGN_STATUS_BAD_SIGNATURE || st == CDNSIGN_STATUS_MALFORMED, "%s",
              cdnsign_status_name((uint32_t)st));
        free(bad);
        CHECK_STATUS(cdnsign_stream_verifier_verify(v, token, now, NULL, "not-an-ip", NULL, false,
                                                    &out),
                     CDNSIGN_STATUS_INVALID_INPUT);
        CHECK_STR(cdnsign_last_error_field(), "viewer_ip");
        CHECK(out == NULL, "untouched");
    }
    /* claims JSON: rules and refusals */
    cdnsign_string_free(token);
    token = NULL;
    CHECK_STATUS(cdnsign_stream_signing_key_sign_claims(
                     signer,
                     "{\"sub\":\"6b9e68b07dfee8cc2d116e4c51d6a957\",\"exp\":1767294000,"
                     "\"accessRules\":[{\"type\":\"ip.geoip.country\",\"action\":\"allow\","
                     "\"country\":[\"KR\"]},{\"type\":\"any\",\"action\":\"block\"}]}",
                     now, &token),
                 CDNSIGN_STATUS_OK);
    if (v && token) {
        CHECK_STATUS(cdnsign_stream_verifier_verify(v, token, now, NULL, NULL, "US", false, &out),
                     CDNSIGN_STATUS_ACCESS_DENIED);
        CHECK_STATUS(cdnsign_stream_verifier_verify(v, token, now, NULL, NULL, "KR", false, &out),
                     CDNSIGN_STATUS_OK);
        CHECK(str_contains(out, "\"rule\":0"), "%s", out);
        cdnsign_string_free(out);
        out = NULL;
    }
    CHECK_STATUS(cdnsign_stream_signing_key_sign_claims(signer, "{\"sub\":\"x\",\"exp\":1,\"typo\":1}",
                                                   now, &out),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STATUS(cdnsign_stream_signing_key_sign_claims(signer, "not json", now, &out),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STATUS(cdnsign_stream_signing_key_sign(signer, "uid", now + 90000, now, &out),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STR(cdnsign_last_error_field(), "exp");
    CHECK(out == NULL, "untouched");
done:
    cdnsign_string_free(token);
    cdnsign_string_free(jwk);
    cdnsign_string_free(pem);
    cdnsign_string_free(response);
    cdnsign_stream_verifier_free(v);
    cdnsign_stream_signing_key_free(signer);
    case_end();

    case_begin("stream", "null_utf8_and_key_errors");
    signer = NULL;
    v = NULL;
    out = NULL;
    CHECK_STATUS(cdnsign_stream_signing_key_new(NULL, NULL, &signer), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_stream_signing_key_new("{\"a\":1}", NULL, NULL), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_stream_signing_key_new("\xfe", NULL, &signer), CDNSIGN_STATUS_INVALID_UTF8);
    CHECK_STATUS(cdnsign_stream_signing_key_new("garbage", NULL, &signer), CDNSIGN_STATUS_INVALID_KEY);
    CHECK(signer == NULL, "untouched");
    size_t len = 0;
    char *ec = read_vector_file("keys/test-ec-p256.pkcs8.pem", &len);
    CHECK_STATUS(cdnsign_stream_signing_key_new(ec, "kid1", &signer), CDNSIGN_STATUS_INVALID_KEY);
    char *rsa = read_vector_file("keys/stream-key.pkcs8.pem", &len);
    CHECK_STATUS(cdnsign_stream_signing_key_new(rsa, NULL, &signer), CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STR(cdnsign_last_error_field(), "kid");
    CHECK_STATUS(cdnsign_stream_signing_key_sign(NULL, "uid", 2, 1, &out), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_stream_signing_key_sign_claims(NULL, "{}", 1, &out),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_stream_signing_key_public_pem(NULL, &out), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_stream_signing_key_public_jwk(NULL, &out), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_stream_generate_key(now, NULL), CDNSIGN_STATUS_NULL_ARGUMENT);
    const char *rsa_texts[] = {rsa};
    const char *no_kids[] = {NULL};
    CHECK_STATUS(cdnsign_stream_verifier_new(rsa_texts, no_kids, 1, 0, true, &v),
                 CDNSIGN_STATUS_INVALID_INPUT);
    const char *ec_texts[] = {ec};
    const char *kids[] = {"kid1"};
    CHECK_STATUS(cdnsign_stream_verifier_new(ec_texts, kids, 1, 0, true, &v),
                 CDNSIGN_STATUS_INVALID_KEY);
    CHECK_STATUS(cdnsign_stream_verifier_new(NULL, NULL, 2, 0, true, &v),
                 CDNSIGN_STATUS_INVALID_BUFFER);
    CHECK_STATUS(cdnsign_stream_verifier_new(rsa_texts, kids, 1, 0, true, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK(v == NULL, "untouched");
    CHECK_STATUS(cdnsign_stream_verifier_new(rsa_texts, kids, 1, 0, true, &v), CDNSIGN_STATUS_OK);
    CHECK_STATUS(cdnsign_stream_verifier_verify(v, NULL, now, NULL, NULL, NULL, false, &out),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_stream_verifier_verify(NULL, "a.b.c", now, NULL, NULL, NULL, false, &out),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_stream_verifier_verify(v, "a.b.c", now, NULL, NULL, NULL, false, &out),
                 CDNSIGN_STATUS_MALFORMED);
    CHECK_STATUS(cdnsign_stream_verifier_verify(v, "a.b.c", now, "\xff", NULL, NULL, false, &out),
                 CDNSIGN_STATUS_INVALID_UTF8);
    CHECK_STATUS(cdnsign_stream_url("f33zs165nr7gyfy4", "uid", "webm", &out),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STR(cdnsign_last_error_field(), "kind");
    CHECK_STATUS(cdnsign_stream_url(NULL, "uid", "hls", &out), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_stream_decode("nope", &out), CDNSIGN_STATUS_MALFORMED);
    CHECK_STATUS(cdnsign_stream_decode(NULL, &out), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_stream_explain("https://example.com/", now, &out),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STATUS(cdnsign_stream_explain(NULL, now, &out), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK(out == NULL, "untouched");
    cdnsign_stream_verifier_free(v);
    cdnsign_stream_verifier_free(NULL);
    cdnsign_stream_signing_key_free(NULL);
    free(ec);
    free(rsa);
    case_end();
}

void test_stream(void) {
    vectors();
    api_and_error_paths();
}
