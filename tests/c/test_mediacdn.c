/* Google Media CDN: every case of tests/vectors/mediacdn.json, plus the
   boundary's error paths. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const char *g_default_param = "edge-cache-token";

/* "key_file"/"file" (under keys/), else the named text member; caller frees. */
static char *key_text(const json_t *spec, const char *text_member) {
    const char *file = jv_str(spec, "key_file");
    if (!file) {
        file = jv_str(spec, "file");
    }
    if (file) {
        char rel[256];
        snprintf(rel, sizeof rel, "keys/%s", file);
        return read_vector_file(rel, NULL);
    }
    const char *text = jv_str(spec, text_member);
    char *copy = malloc(strlen(text ? text : "") + 1);
    strcpy(copy, text ? text : "");
    return copy;
}

/* A JSON array of strings as a C array (NULL when absent); caller frees the array. */
static const char **string_array(const json_t *v, size_t *len) {
    *len = 0;
    if (!json_is_array(v)) {
        return NULL;
    }
    const char **out = calloc(jv_len(v) + 1, sizeof *out);
    for (size_t i = 0; i < jv_len(v); i++) {
        out[i] = jv_text(json_array_get(v, i));
    }
    *len = jv_len(v);
    return out;
}

static int check_outcome(cdnsign_status st, const json_t *want) {
    const json_t *error = json_object_get(want, "error");
    if (error) {
        CHECK_EXPECTED_ERROR(st, error);
        return 0;
    }
    return CHECK_STATUS(st, CDNSIGN_STATUS_OK);
}

static void run_keys(const char *op, const json_t *in, const json_t *want) {
    char *text = key_text(in, "key_text");
    char *value = NULL;
    if (str_eq(op, "private_key")) {
        cdnsign_mediacdn_key *key = NULL;
        if (check_outcome(cdnsign_mediacdn_key_new(text, &key), want) &&
            CHECK_STATUS(cdnsign_mediacdn_key_public(key, &value), CDNSIGN_STATUS_OK)) {
            CHECK_STR(value, jv_str(want, "keyset_value"));
        }
        CHECK(json_object_get(want, "error") == NULL || key == NULL, "untouched");
        cdnsign_mediacdn_key_free(key);
    } else if (str_eq(op, "public_key")) {
        if (check_outcome(cdnsign_mediacdn_public_key_value(text, &value), want)) {
            CHECK_STR(value, jv_str(want, "keyset_value"));
        }
    } else {
        size_t len = 0;
        int64_t want_len = -1;
        if (check_outcome(cdnsign_mediacdn_hmac_secret_check(text, &len), want)) {
            jv_int(want, "len", &want_len);
            CHECK((int64_t)len == want_len, "len %zu, want %lld", len, (long long)want_len);
        }
    }
    cdnsign_string_free(value);
    free(text);
}

static void run_signature(const char *op, const json_t *in, const json_t *want) {
    char *text = key_text(in, "key_text");
    cdnsign_mediacdn_key *key = NULL;
    cdnsign_mediacdn_signer *signer = NULL;
    char *out = NULL, *signed_value = NULL;
    int64_t expires = 0;
    jv_int(in, "expires", &expires);
    if (!CHECK_STATUS(cdnsign_mediacdn_key_new(text, &key), CDNSIGN_STATUS_OK)) {
        free(text);
        return;
    }
    cdnsign_status st = cdnsign_mediacdn_signer_new(key, jv_str(in, "key_name"),
                                                    jv_bool(in, "padded") == 1, NULL, &signer);
    /* the signer keeps its own copy of the key */
    cdnsign_mediacdn_key_free(key);
    if (st == CDNSIGN_STATUS_OK) {
        if (str_eq(op, "sign_url")) {
            st = cdnsign_mediacdn_signer_sign_url(signer, jv_str(in, "url"), expires, &out,
                                                  &signed_value);
        } else if (str_eq(op, "sign_prefix")) {
            st = cdnsign_mediacdn_signer_sign_prefix(signer, jv_str(in, "url"),
                                                     jv_str(in, "prefix"), expires, &out,
                                                     &signed_value);
        } else if (str_eq(op, "sign_path")) {
            st = cdnsign_mediacdn_signer_sign_path(signer, jv_str(in, "prefix"),
                                                   jv_str(in, "rest"), expires, &out,
                                                   &signed_value);
        } else {
            st = cdnsign_mediacdn_signer_sign_cookie(signer, jv_str(in, "prefix"), expires,
                                                     &out, &signed_value);
        }
    }
    if (check_outcome(st, want)) {
        CHECK_STR(signed_value, jv_str(want, "signed_value"));
        if (str_eq(op, "sign_cookie")) {
            CHECK_STR(out, jv_str(want, "cookie"));
            CHECK(str_contains(out, jv_str(want, "output")), "%s", out);
        } else {
            CHECK_STR(out, jv_str(want, "output"));
        }
    } else {
        CHECK(out == NULL && signed_value == NULL, "out-params written on failure");
    }
    cdnsign_string_free(out);
    cdnsign_string_free(signed_value);
    cdnsign_mediacdn_signer_free(signer);
    free(text);
}

static void run_token(const char *op, const json_t *in, const json_t *want) {
    const char *algorithm = jv_str(in, "algorithm");
    const char *param = jv_str(in, "param");
    char *text = key_text(in, "key_text");
    cdnsign_mediacdn_token_signer *signer = NULL;
    cdnsign_status st;
    if (str_eq(algorithm, "ed25519")) {
        cdnsign_mediacdn_key *key = NULL;
        st = cdnsign_mediacdn_key_new(text, &key);
        if (st == CDNSIGN_STATUS_OK) {
            st = cdnsign_mediacdn_token_signer_new_ed25519(key, jv_bool(in, "padded") == 1,
                                                           param, &signer);
        }
        cdnsign_mediacdn_key_free(key);
    } else {
        st = cdnsign_mediacdn_token_signer_new_hmac(algorithm, text, param, &signer);
    }
    char *token = NULL, *details = NULL;
    const char **globs = NULL, **ranges = NULL, **names = NULL, **values = NULL;
    if (st == CDNSIGN_STATUS_OK) {
        cdnsign_mediacdn_token_claims claims;
        memset(&claims, 0, sizeof claims);
        jv_int(in, "expires", &claims.expires);
        jv_int(in, "starts", &claims.starts);
        globs = string_array(json_object_get(in, "path_globs"), &claims.path_globs_len);
        claims.path_globs = globs;
        const char *sep = jv_str(in, "glob_separator");
        claims.glob_separator = sep ? sep[0] : 0;
        claims.url_prefix = jv_str(in, "url_prefix");
        claims.full_path = jv_str(in, "full_path");
        claims.session_id = jv_str(in, "session_id");
        claims.data = jv_str(in, "data");
        const json_t *headers = json_object_get(in, "headers");
        if (headers) {
            names = calloc(jv_len(headers) + 1, sizeof *names);
            values = calloc(jv_len(headers) + 1, sizeof *values);
            for (size_t i = 0; i < jv_len(headers); i++) {
                names[i] = jv_text(json_array_get(json_array_get(headers, i), 0));
                values[i] = jv_text(json_array_get(json_array_get(headers, i), 1));
            }
            claims.header_names = names;
            claims.header_values = values;
            claims.headers_len = jv_len(headers);
        }
        ranges = string_array(json_object_get(in, "ip_ranges"), &claims.ip_ranges_len);
        claims.ip_ranges = ranges;
        if (str_eq(op, "short_lived_token")) {
            int64_t now = 0, lifetime = 0;
            jv_int(in, "now", &now);
            jv_int(in, "lifetime", &lifetime);
            st = cdnsign_mediacdn_token_signer_sign_short_lived(signer, &claims, now, lifetime,
                                                                &token, &details);
        } else {
            st = cdnsign_mediacdn_token_signer_sign(signer, &claims, &token, &details);
        }
    }
    if (check_outcome(st, want)) {
        char err[128];
        json_t *d = jv_parse(details, strlen(details), err, sizeof err);
        const char *query_prefix = jv_str(want, "query_prefix");
        if (CHECK(d != NULL, "%s", err)) {
            if (query_prefix) {
                const char *q = jv_str(d, "query");
                CHECK(q && strncmp(q, query_prefix, strlen(query_prefix)) == 0, "%s", details);
            } else {
                CHECK_STR(token, jv_str(want, "token"));
                CHECK_STR(jv_str(d, "signed_value"), jv_str(want, "signed_value"));
                CHECK_STR(jv_str(d, "query"), jv_str(want, "query"));
                CHECK_STR(jv_str(json_object_get(d, "cookie"), "cookie_pair"),
                          jv_str(want, "cookie"));
            }
        }
        json_decref(d);
    } else {
        CHECK(token == NULL && details == NULL, "out-params written on failure");
    }
    cdnsign_string_free(token);
    cdnsign_string_free(details);
    cdnsign_mediacdn_token_signer_free(signer);
    free(globs);
    free(ranges);
    free(names);
    free(values);
    free(text);
}

static void run_verify(const json_t *in, const json_t *want, int64_t default_now) {
    const json_t *ks = json_object_get(in, "keyset");
    const json_t *pub = json_object_get(ks, "public_keys");
    const json_t *shared = json_object_get(ks, "shared_keys");
    const json_t *req = json_object_get(in, "request");
    size_t np = pub ? jv_len(pub) : 0, ns = shared ? jv_len(shared) : 0;
    const char **pub_ids = calloc(np + 1, sizeof *pub_ids);
    char **pub_keys = calloc(np + 1, sizeof *pub_keys);
    const char **sh_ids = calloc(ns + 1, sizeof *sh_ids);
    char **sh_keys = calloc(ns + 1, sizeof *sh_keys);
    for (size_t i = 0; i < np; i++) {
        pub_ids[i] = jv_str(json_array_get(pub, i), "id");
        pub_keys[i] = key_text(json_array_get(pub, i), "value");
    }
    for (size_t i = 0; i < ns; i++) {
        sh_ids[i] = jv_str(json_array_get(shared, i), "id");
        sh_keys[i] = key_text(json_array_get(shared, i), "secret_b64");
    }
    cdnsign_mediacdn_verifier_options options;
    memset(&options, 0, sizeof options);
    options.param = jv_str(in, "param") ? jv_str(in, "param") : g_default_param;
    size_t nalg = 0;
    const char **algs = string_array(json_object_get(in, "allowed_algorithms"), &nalg);
    options.allowed_algorithms = algs;
    options.allowed_algorithms_len = nalg;
    jv_int(in, "max_expiration_ttl", &options.max_expiration_ttl);
    cdnsign_mediacdn_verifier *v = NULL;
    char *out = NULL;
    const json_t *headers = json_object_get(req, "headers");
    size_t nh = headers ? jv_len(headers) : 0;
    const char **hn = calloc(nh + 1, sizeof *hn), **hv = calloc(nh + 1, sizeof *hv);
    for (size_t i = 0; i < nh; i++) {
        hn[i] = jv_text(json_array_get(json_array_get(headers, i), 0));
        hv[i] = jv_text(json_array_get(json_array_get(headers, i), 1));
    }
    int64_t now = default_now;
    jv_int(req, "now", &now);
    if (CHECK_STATUS(cdnsign_mediacdn_verifier_new(jv_str(ks, "name"), pub_ids,
                                                   (const char *const *)pub_keys, np, sh_ids,
                                                   (const char *const *)sh_keys, ns, &options, &v),
                     CDNSIGN_STATUS_OK)) {
        cdnsign_status st = cdnsign_mediacdn_verifier_verify(
            v, jv_str(req, "url"), now, hn, hv, nh, jv_str(req, "cookie"),
            jv_str(req, "client_ip"), &out);
        if (check_outcome(st, want)) {
            char err[128];
            json_t *got = jv_parse(out, strlen(out), err, sizeof err);
            if (CHECK(got != NULL, "%s", err)) {
                CHECK(jv_equal(json_object_get(got, "form"), json_object_get(want, "form")), "form: %s", out);
                CHECK(jv_equal(json_object_get(got, "key_id"), json_object_get(want, "key_id")), "key_id: %s",
                      out);
                CHECK(jv_equal(json_object_get(got, "expires"), json_object_get(want, "expires")),
                      "expires: %s", out);
            }
            json_decref(got);
        } else {
            CHECK(out == NULL, "out-param written on failure");
        }
    }
    cdnsign_string_free(out);
    cdnsign_mediacdn_verifier_free(v);
    for (size_t i = 0; i < np; i++) {
        free(pub_keys[i]);
    }
    for (size_t i = 0; i < ns; i++) {
        free(sh_keys[i]);
    }
    free(pub_ids);
    free(pub_keys);
    free(sh_ids);
    free(sh_keys);
    free(algs);
    free(hn);
    free(hv);
}

static void vectors(void) {
    json_t *doc = load_vectors("mediacdn.json");
    const json_t *cases = json_object_get(doc, "cases");
    int64_t now = 0;
    int counts[4] = {0, 0, 0, 0};
    jv_int(doc, "now", &now);
    if (jv_str(doc, "default_param")) {
        g_default_param = jv_str(doc, "default_param");
    }
    for (size_t i = 0; cases && i < jv_len(cases); i++) {
        const json_t *c = json_array_get(cases, i);
        const json_t *in = json_object_get(c, "input");
        const json_t *want = json_object_get(c, "expected");
        const char *op = jv_str(in, "op");
        case_begin("mediacdn", case_name("mediacdn.json", c));
        if (str_eq(op, "private_key") || str_eq(op, "public_key") || str_eq(op, "hmac_secret")) {
            run_keys(op, in, want);
            counts[0]++;
        } else if (str_eq(op, "sign_url") || str_eq(op, "sign_prefix") ||
                   str_eq(op, "sign_path") || str_eq(op, "sign_cookie")) {
            run_signature(op, in, want);
            counts[1]++;
        } else if (str_eq(op, "token") || str_eq(op, "short_lived_token")) {
            run_token(op, in, want);
            counts[2]++;
        } else if (str_eq(op, "verify")) {
            run_verify(in, want, now);
            counts[3]++;
        } else {
            CHECK(0, "unknown op %s", op ? op : "(none)");
        }
        case_end();
    }
    case_begin("mediacdn", "vectors_read");
    CHECK(counts[0] >= 10 && counts[1] >= 30 && counts[2] >= 50 && counts[3] >= 50,
          "keys %d, signatures %d, tokens %d, verify %d", counts[0], counts[1], counts[2],
          counts[3]);
    case_end();
    g_default_param = "edge-cache-token";
    json_decref(doc);
}

static void api_and_error_paths(void) {
    char *seed = NULL, *pub = NULL, *url = NULL, *json = NULL, *token = NULL;
    cdnsign_mediacdn_key *key = NULL;
    cdnsign_mediacdn_signer *signer = NULL;
    cdnsign_mediacdn_token_signer *ts = NULL;
    cdnsign_mediacdn_verifier *v = NULL;
    const int64_t now = 1767290400;
    case_begin("mediacdn", "generated_key_every_form_tamper_explain");
    if (CHECK_STATUS(cdnsign_mediacdn_generate_key(&seed, &pub), CDNSIGN_STATUS_OK) &&
        CHECK_STATUS(cdnsign_mediacdn_key_new(seed, &key), CDNSIGN_STATUS_OK)) {
        char *again = NULL;
        CHECK_STATUS(cdnsign_mediacdn_key_public(key, &again), CDNSIGN_STATUS_OK);
        CHECK_STR(again, pub);
        cdnsign_string_free(again);
        const char *ids[] = {"k1"};
        const char *keys[] = {pub};
        const char *sids[] = {"s1"};
        const char *secrets[] = {"MDEyMzQ1Njc4OWFiY2RlZg"};
        const char *algs[] = {"ed25519", "hmac-sha256"};
        cdnsign_mediacdn_verifier_options options = {NULL, algs, 2, 0, 0};
        CHECK_STATUS(cdnsign_mediacdn_verifier_new("ks", ids, keys, 1, sids, secrets, 1, &options,
                                                   &v),
                     CDNSIGN_STATUS_OK);
        CHECK_STATUS(cdnsign_mediacdn_signer_new(key, "k1", false, NULL, &signer),
                     CDNSIGN_STATUS_OK);
        if (v && signer &&
            CHECK_STATUS(cdnsign_mediacdn_signer_sign_path(signer, "https://m.example/v/",
                                                           "seg-1.ts", now + 60, &url, NULL),
                         CDNSIGN_STATUS_OK)) {
            CHECK_STATUS(cdnsign_mediacdn_verifier_verify(v, url, now, NULL, NULL, 0, NULL, NULL,
                                                          &json),
                         CDNSIGN_STATUS_OK);
            CHECK(str_contains(json, "\"form\":\"path_component\"") &&
                      str_contains(json, "\"key_id\":\"k1\""),
                  "%s", json);
            cdnsign_string_free(json);
            json = NULL;
            CHECK_STATUS(cdnsign_mediacdn_explain(url, now, &json), CDNSIGN_STATUS_OK);
            CHECK(str_contains(json, "\"kind\""), "%s", json);
            cdnsign_string_free(json);
            json = NULL;
            char *sig = strstr(url, "Signature=") + 12;
            *sig = *sig == 'A' ? 'B' : 'A';
            CHECK_STATUS(cdnsign_mediacdn_verifier_verify(v, url, now, NULL, NULL, 0, NULL, NULL,
                                                          NULL),
                         CDNSIGN_STATUS_BAD_SIGNATURE);
        }
        /* an HMAC token bound to a header and an IP range */
        if (CHECK_STATUS(cdnsign_mediacdn_token_signer_new_hmac("hmac-sha256", secrets[0], NULL,
                                                                &ts),
                         CDNSIGN_STATUS_OK) &&
            v) {
            const char *globs[] = {"/v/*"};
            const char *names[] = {"X-Client"};
            const char *values[] = {"abc"};
            const char *ranges[] = {"192.0.2.0/24"};
            cdnsign_mediacdn_token_claims claims;
            memset(&claims, 0, sizeof claims);
            claims.path_globs = globs;
            claims.path_globs_len = 1;
            claims.header_names = names;
            claims.header_values = values;
            claims.headers_len = 1;
            claims.ip_ranges = ranges;
            claims.ip_ranges_len = 1;
            char *details = NULL;
            if (CHECK_STATUS(cdnsign_mediacdn_token_signer_sign_short_lived(ts, &claims, now, 0,
                                                                            &token, &details),
                             CDNSIGN_STATUS_OK)) {
                char full[2048];
                snprintf(full, sizeof full, "https://m.example/v/a.m3u8?edge-cache-token=%s",
                         token);
                CHECK_STATUS(cdnsign_mediacdn_verifier_verify(v, full, now + 30, names, values, 1,
                                                              NULL, "192.0.2.9", &json),
                             CDNSIGN_STATUS_OK);
                CHECK(str_contains(json, "\"algorithm\":\"hmac-sha256\""), "%s", json);
                CHECK(str_contains(json, "\"expires\":1767290460"), "%s", json);
                const char *other[] = {"xyz"};
                CHECK_STATUS(cdnsign_mediacdn_verifier_verify(v, full, now, names, other, 1, NULL,
                                                              "192.0.2.9", NULL),
                             CDNSIGN_STATUS_BAD_SIGNATURE);
                CHECK_STATUS(cdnsign_mediacdn_verifier_verify(v, full, now, names, values, 1,
                                                              NULL, "198.51.100.1", NULL),
                             CDNSIGN_STATUS_IP_NOT_ALLOWED);
                CHECK_STATUS(cdnsign_mediacdn_verifier_verify(v, full, now + 61, names, values, 1,
                                                              NULL, "192.0.2.9", NULL),
                             CDNSIGN_STATUS_EXPIRED);
                CHECK_STATUS(cdnsign_mediacdn_verifier_verify(v, full, now, names, values, 1,
                                                              NULL, "not-an-ip", NULL),
                             CDNSIGN_STATUS_INVALID_INPUT);
                CHECK_STR(cdnsign_last_error_field(), "client_ip");
            }
            cdnsign_string_free(details);
        }
    }
    cdnsign_string_free(json);
    cdnsign_string_free(token);
    cdnsign_string_free(url);
    cdnsign_string_free(seed);
    cdnsign_string_free(pub);
    cdnsign_mediacdn_verifier_free(v);
    cdnsign_mediacdn_token_signer_free(ts);
    cdnsign_mediacdn_signer_free(signer);
    cdnsign_mediacdn_key_free(key);
    case_end();

    case_begin("mediacdn", "null_utf8_and_key_errors");
    key = NULL;
    signer = NULL;
    ts = NULL;
    v = NULL;
    url = NULL;
    size_t len = 0;
    CHECK_STATUS(cdnsign_mediacdn_key_new(NULL, &key), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_mediacdn_key_new("short", &key), CDNSIGN_STATUS_INVALID_KEY);
    CHECK_STATUS(cdnsign_mediacdn_key_new("\xff", &key), CDNSIGN_STATUS_INVALID_UTF8);
    CHECK_STATUS(cdnsign_mediacdn_key_new("DJUcnLguVFKmVCFnWGubG1MZg7fWAnxacMjKDhVZMGI=", NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_mediacdn_key_public(NULL, &url), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_mediacdn_public_key_value("nope", &url), CDNSIGN_STATUS_INVALID_KEY);
    CHECK_STATUS(cdnsign_mediacdn_hmac_secret_check("MDEy", &len), CDNSIGN_STATUS_INVALID_KEY);
    CHECK_STATUS(cdnsign_mediacdn_hmac_secret_check("MDEyMzQ1Njc4OWFiY2RlZg", NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_mediacdn_generate_key(NULL, &url), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_mediacdn_signer_new(NULL, "k", false, NULL, &signer),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_mediacdn_token_signer_new_ed25519(NULL, false, NULL, &ts),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_mediacdn_token_signer_new_hmac("md5", "MDEyMzQ1Njc4OWFiY2RlZg", NULL,
                                                        &ts),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STATUS(cdnsign_mediacdn_key_new("DJUcnLguVFKmVCFnWGubG1MZg7fWAnxacMjKDhVZMGI=", &key),
                 CDNSIGN_STATUS_OK);
    CHECK_STATUS(cdnsign_mediacdn_signer_new(key, "1bad", false, NULL, &signer),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STATUS(cdnsign_mediacdn_signer_new(key, "k", false, "bad param", &signer),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STATUS(cdnsign_mediacdn_signer_new(key, "k", false, NULL, &signer), CDNSIGN_STATUS_OK);
    CHECK_STATUS(cdnsign_mediacdn_signer_sign_url(signer, NULL, now, &url, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_mediacdn_signer_sign_prefix(signer, "https://m/a", "https://m/", now,
                                                     NULL, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_mediacdn_signer_sign_path(NULL, "https://m/", "a", now, &url, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_mediacdn_signer_sign_cookie(signer, "https://m/\xc3", now, &url, NULL),
                 CDNSIGN_STATUS_INVALID_UTF8);
    CHECK_STATUS(cdnsign_mediacdn_token_signer_new_ed25519(key, false, NULL, &ts),
                 CDNSIGN_STATUS_OK);
    CHECK_STATUS(cdnsign_mediacdn_token_signer_sign(ts, NULL, &url, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    cdnsign_mediacdn_token_claims claims;
    memset(&claims, 0, sizeof claims);
    claims.expires = now + 60;
    claims.path_globs_len = 2; /* NULL array with a length */
    CHECK_STATUS(cdnsign_mediacdn_token_signer_sign(ts, &claims, &url, NULL),
                 CDNSIGN_STATUS_INVALID_BUFFER);
    claims.path_globs_len = 0;
    CHECK_STATUS(cdnsign_mediacdn_token_signer_sign(ts, &claims, &url, NULL),
                 CDNSIGN_STATUS_INVALID_INPUT); /* NULL = absent: no scope field */
    CHECK_STR(cdnsign_last_error_field(), "scope");
    claims.headers_len = 1; /* NULL header arrays with a length */
    CHECK_STATUS(cdnsign_mediacdn_token_signer_sign(ts, &claims, &url, NULL),
                 CDNSIGN_STATUS_INVALID_BUFFER);
    claims.headers_len = 0;
    CHECK_STATUS(cdnsign_mediacdn_token_signer_sign_short_lived(ts, &claims, now, 7200, &url, NULL),
                 CDNSIGN_STATUS_INVALID_INPUT);
    const char *ids[] = {"k"};
    const char *bad[] = {"nope"};
    CHECK_STATUS(cdnsign_mediacdn_verifier_new(NULL, ids, bad, 1, NULL, NULL, 0, NULL, &v),
                 CDNSIGN_STATUS_INVALID_KEY);
    cdnsign_mediacdn_verifier_options options = {NULL, NULL, 0, 0, 301};
    CHECK_STATUS(cdnsign_mediacdn_verifier_new(NULL, NULL, NULL, 0, NULL, NULL, 0, &options, &v),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STR(cdnsign_last_error_field(), "leeway");
    CHECK_STATUS(cdnsign_mediacdn_verifier_new(NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_mediacdn_verifier_verify(NULL, "https://m/", now, NULL, NULL, 0, NULL,
                                                  NULL, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_mediacdn_explain("hello", now, &url), CDNSIGN_STATUS_INVALID_INPUT);
    CHECK(url == NULL && v == NULL, "untouched");
    cdnsign_mediacdn_token_signer_free(ts);
    cdnsign_mediacdn_signer_free(signer);
    cdnsign_mediacdn_key_free(key);
    cdnsign_mediacdn_key_free(NULL);
    cdnsign_mediacdn_signer_free(NULL);
    cdnsign_mediacdn_token_signer_free(NULL);
    cdnsign_mediacdn_verifier_free(NULL);
    case_end();
}

void test_mediacdn(void) {
    vectors();
    api_and_error_paths();
}
