/* AWS CloudFront: tests/vectors/cloudfront-sdk-conformance.json (cross-SDK
   set), tests/vectors/cloudfront.json (botocore / JS SDK outputs with the
   verdicts a verifier must give, and the design refusals), plus the
   boundary's error paths. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static const char *SIGNING_PARAMS[] = {"Expires", "Policy", "Signature", "Key-Pair-Id",
                                       "Hash-Algorithm"};

static int is_signing_param(const char *name, size_t n) {
    for (size_t i = 0; i < sizeof SIGNING_PARAMS / sizeof SIGNING_PARAMS[0]; i++) {
        if (strlen(SIGNING_PARAMS[i]) == n && strncmp(SIGNING_PARAMS[i], name, n) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The value of query parameter `name` in `url` (malloc'd), or NULL. */
static char *query_param(const char *url, const char *name) {
    const char *q = url ? strchr(url, '?') : NULL;
    size_t n = strlen(name);
    while (q) {
        q++;
        const char *end = strchr(q, '&');
        size_t len = end ? (size_t)(end - q) : strlen(q);
        if (len > n && strncmp(q, name, n) == 0 && q[n] == '=') {
            char *v = malloc(len - n);
            memcpy(v, q + n + 1, len - n - 1);
            v[len - n - 1] = '\0';
            return v;
        }
        q = end;
    }
    return NULL;
}

/* `concrete` + ?/& + the CloudFront signing parameters of `signed_url`. */
static char *apply_to(const char *signed_url, const char *concrete) {
    size_t cap = strlen(signed_url) + strlen(concrete) + 2;
    char *out = malloc(cap);
    strcpy(out, concrete);
    char sep = strchr(concrete, '?') ? '&' : '?';
    const char *q = strchr(signed_url, '?');
    while (q) {
        q++;
        const char *end = strchr(q, '&');
        size_t len = end ? (size_t)(end - q) : strlen(q);
        const char *eq = memchr(q, '=', len);
        if (is_signing_param(q, eq ? (size_t)(eq - q) : len)) {
            size_t o = strlen(out);
            out[o] = sep;
            memcpy(out + o + 1, q, len);
            out[o + 1 + len] = '\0';
            sep = '&';
        }
        q = end;
    }
    return out;
}

/* "name=value; ..." from a {name: value} object (values may be numbers). */
static char *cookie_header_of(const json_t *cookies) {
    size_t cap = 16;
    const char *name;
    json_t *value;
    json_object_foreach((json_t *)cookies, name, value) {
        char *text = jv_scalar_text(value);
        cap += strlen(name) + strlen(text) + 4;
        free(text);
    }
    char *out = calloc(1, cap);
    json_object_foreach((json_t *)cookies, name, value) {
        char *text = jv_scalar_text(value);
        if (out[0]) {
            strcat(out, "; ");
        }
        strcat(out, name);
        strcat(out, "=");
        strcat(out, text);
        free(text);
    }
    return out;
}

/* Our cookies JSON [{"name","value"}] equals a {name: value} object. */
static int cookies_equal(const char *ours_json, const json_t *theirs) {
    char err[128];
    json_t *ours = jv_parse(ours_json, strlen(ours_json), err, sizeof err);
    const json_t *list = json_object_get(ours, "cookies");
    int ok = list && theirs && jv_len(list) == jv_len(theirs);
    for (size_t i = 0; ok && i < jv_len(list); i++) {
        const char *name = jv_str(json_array_get(list, i), "name");
        char *want = jv_scalar_text(json_object_get(theirs, name));
        ok = want && str_eq(want, jv_str(json_array_get(list, i), "value"));
        free(want);
    }
    json_decref(ours);
    return ok;
}

static cdnsign_cloudfront_signer *new_signer(const char *kp, const char *key_file,
                                             const char *hash, bool weak, cdnsign_status *st) {
    size_t len = 0;
    char *pem = read_vector_file(key_file, &len);
    cdnsign_cloudfront_signer *signer = NULL;
    *st = cdnsign_cloudfront_signer_new(kp, (const uint8_t *)pem, len, NULL, 0, hash, weak,
                                        &signer);
    free(pem);
    return signer;
}

/* ---- cross-SDK conformance ---------------------------------------------------- */

static void run_conformance(const json_t *c) {
    const json_t *in = json_object_get(c, "input");
    const json_t *want = json_object_get(c, "expected");
    const char *id = jv_str(c, "id");
    const char *kp = jv_str(in, "keyPairId");
    const char *resource = jv_str(in, "resource");
    cdnsign_status st;
    cdnsign_cloudfront_signer *signer =
        new_signer(kp, jv_str(in, "privateKeyFile"), NULL, true, &st);
    cdnsign_cloudfront_verifier *v = NULL;
    char *pem = NULL, *url = NULL;
    if (!CHECK_STATUS(st, CDNSIGN_STATUS_OK) ||
        !CHECK_STATUS(cdnsign_cloudfront_signer_public_key_pem(signer, &pem), CDNSIGN_STATUS_OK)) {
        goto done;
    }
    const char *ids[] = {kp};
    const char *keys[] = {pem};
    if (!CHECK_STATUS(cdnsign_cloudfront_verifier_new(ids, keys, 1, true, &v), CDNSIGN_STATUS_OK)) {
        goto done;
    }
    cdnsign_cloudfront_sign_options options;
    memset(&options, 0, sizeof options);
    jv_int(in, "expirationDate", &options.expires);
    jv_int(in, "activeDate", &options.starts);
    options.ip_range = jv_str(in, "ipRange");
    const int64_t valid_at = options.expires - 1;

    if (jv_bool(want, "error") == 1) {
        CHECK_STATUS(cdnsign_cloudfront_signer_sign_url(signer, resource, &options, &url),
                     CDNSIGN_STATUS_INVALID_INPUT);
        CHECK_STR(cdnsign_last_error_field(), "expires");
        const json_t *words = json_object_get(want, "errorContains");
        for (size_t i = 0; words && i < jv_len(words); i++) {
            const char *word = jv_text(json_array_get(words, i));
            CHECK(str_contains(cdnsign_last_error_message(), word), "message lacks \"%s\": %s",
                  word, cdnsign_last_error_message());
        }
        goto done;
    }
    if (strncmp(id, "json-injection", 14) == 0) {
        /* refused, naming the field the injection came through */
        CHECK_STATUS(cdnsign_cloudfront_signer_sign_url(signer, resource, &options, &url),
                     CDNSIGN_STATUS_INVALID_INPUT);
        CHECK_STR(cdnsign_last_error_field(), options.ip_range ? "ip_range" : "url");
        goto done;
    }
    if (str_eq(jv_str(want, "signatureAlgorithm"), "ECDSA-SHA1")) {
        /* randomised: verify theirs, and ours */
        char theirs[2048];
        snprintf(theirs, sizeof theirs, "%s?Expires=%lld&Signature=%s&Key-Pair-Id=%s", resource,
                 (long long)options.expires, jv_str(want, "signature"), kp);
        char *got = NULL;
        if (CHECK_STATUS(cdnsign_cloudfront_verifier_verify_url(v, theirs, valid_at, NULL, &got),
                         CDNSIGN_STATUS_OK)) {
            char err[64];
            json_t *g = jv_parse(got, strlen(got), err, sizeof err);
            CHECK_STR(jv_str(g, "policy_json"), jv_str(want, "policyJson"));
            json_decref(g);
        }
        cdnsign_string_free(got);
        if (CHECK_STATUS(cdnsign_cloudfront_signer_sign_url(signer, resource, &options, &url),
                         CDNSIGN_STATUS_OK)) {
            CHECK_STATUS(cdnsign_cloudfront_verifier_verify_url(v, url, valid_at, NULL, NULL),
                         CDNSIGN_STATUS_OK);
            CHECK(!str_eq(url, theirs), "ECDSA signatures are randomised");
        }
        char *bad = strstr(theirs, "Expires=17");
        if (CHECK(bad != NULL, "%s", theirs)) {
            bad[9] = '8';
            CHECK_STATUS(cdnsign_cloudfront_verifier_verify_url(v, theirs, valid_at, NULL, NULL),
                         CDNSIGN_STATUS_BAD_SIGNATURE);
        }
        goto done;
    }
    const json_t *cookies = json_object_get(want, "cookies");
    if (cookies) {
        char *json = NULL;
        if (CHECK_STATUS(cdnsign_cloudfront_signer_sign_cookies(signer, resource, &options, NULL,
                                                                &json),
                         CDNSIGN_STATUS_OK)) {
            CHECK(cookies_equal(json, cookies), "cookies differ: %s", json);
            char err[64];
            json_t *j = jv_parse(json, strlen(json), err, sizeof err);
            /* the request: the resource with its wildcard filled in */
            char request[512];
            const char *star = strchr(resource, '*');
            snprintf(request, sizeof request, "%.*s%s%s", (int)(star ? star - resource : (long)strlen(resource)),
                     resource, star ? "videos/intro.mp4" : "", star ? star + 1 : "");
            CHECK_STATUS(cdnsign_cloudfront_verifier_verify_cookies(
                             v, jv_str(j, "cookie_header"), request, valid_at, "10.1.2.3",
                             NULL),
                         CDNSIGN_STATUS_OK);
            json_decref(j);
        }
        cdnsign_string_free(json);
        goto done;
    }
    const char *target = jv_str(want, "applyTo");
    if (target) {
        options.resource = resource;
    } else {
        target = resource;
    }
    char *policy = NULL;
    if (CHECK_STATUS(cdnsign_cloudfront_build_policy(target, &options, &policy), CDNSIGN_STATUS_OK)) {
        CHECK_STR(policy, jv_str(want, "policyJson"));
    }
    if (CHECK_STATUS(cdnsign_cloudfront_signer_sign_url(signer, target, &options, &url),
                     CDNSIGN_STATUS_OK)) {
        char *sig = query_param(url, "Signature");
        CHECK_STR(sig, jv_str(want, "signature"));
        free(sig);
        const json_t *params = json_object_get(want, "queryParams");
        const char *name;
        json_t *value;
        json_object_foreach((json_t *)params, name, value) {
            char *got = query_param(url, name);
            char *text = jv_scalar_text(value);
            CHECK(str_eq(got, text), "%s=%s, want %s", name, got ? got : "(absent)", text);
            free(text);
            free(got);
        }
        CHECK_STATUS(cdnsign_cloudfront_verifier_verify_url(
                         v, url, valid_at, options.ip_range ? "192.168.0.9" : NULL, NULL),
                     CDNSIGN_STATUS_OK);
    }
    cdnsign_string_free(policy);
done:
    cdnsign_string_free(url);
    cdnsign_string_free(pem);
    cdnsign_cloudfront_verifier_free(v);
    cdnsign_cloudfront_signer_free(signer);
}

/* ---- cloudfront.json ------------------------------------------------------------ */

typedef struct cf_keys {
    cdnsign_cloudfront_verifier *verifier;
    const json_t *keys; /* doc["keys"] */
} cf_keys;

static int is_rsa(const cf_keys *k, const char *kp) {
    for (size_t i = 0; i < jv_len(k->keys); i++) {
        const json_t *e = jv_at(k->keys, i);
        if (str_eq(jv_str(e, "keyPairId"), kp)) {
            return str_eq(jv_str(e, "type"), "rsa");
        }
    }
    return 0;
}

static void sign_options_of(const json_t *in, cdnsign_cloudfront_sign_options *o) {
    memset(o, 0, sizeof *o);
    jv_int(in, "expires", &o->expires);
    jv_int(in, "starts", &o->starts);
    o->ip_range = jv_str(in, "ipRange");
    o->resource = jv_str(in, "resource");
    o->policy_kind = jv_str(in, "policyKind");
}

/* Presents a credential ("url" or "cookies" of a reference's output) and
   returns the status. */
static cdnsign_status present(const cf_keys *k, const json_t *out, const char *kind,
                              const char *apply, const char *request_url, int64_t now,
                              const char *ip) {
    cdnsign_status st;
    if (str_eq(kind, "url")) {
        const char *signed_url = jv_str(out, "url");
        char *url = apply ? apply_to(signed_url, apply) : NULL;
        st = cdnsign_cloudfront_verifier_verify_url(k->verifier, url ? url : signed_url, now, ip,
                                                    NULL);
        free(url);
    } else {
        char *header = cookie_header_of(json_object_get(out, "cookies"));
        st = cdnsign_cloudfront_verifier_verify_cookies(k->verifier, header, request_url, now, ip,
                                                        NULL);
        free(header);
    }
    return st;
}

static void run_reference(const cf_keys *k, const json_t *c, int *stats) {
    const json_t *in = json_object_get(c, "input");
    const json_t *want = json_object_get(c, "expected");
    const char *id = jv_str(c, "id");
    const char *kp = jv_str(in, "keyPairId");
    const char *url = jv_str(in, "url");
    cdnsign_status st;
    cdnsign_cloudfront_signer *signer = new_signer(kp, jv_str(in, "privateKeyFile"),
                                                   jv_str(in, "hashAlgorithm"), false, &st);
    if (!CHECK_STATUS(st, CDNSIGN_STATUS_OK)) {
        return;
    }
    int rsa = is_rsa(k, kp);
    cdnsign_cloudfront_sign_options options;
    sign_options_of(in, &options);
    const json_t *verify = json_object_get(want, "verify");
    const json_t *first = json_array_get(json_object_get(verify, "checks"), 0);
    const char *ok_ip = jv_str(first, "clientIp");
    const char *concrete = jv_str(in, "requestUrl");

    if (!str_eq(id, "jssdk_canned_wildcard_quirk")) {
        char *policy = NULL, *ours = NULL, *cookies = NULL;
        CHECK_STATUS(cdnsign_cloudfront_build_policy(url, &options, &policy), CDNSIGN_STATUS_OK);
        CHECK_STATUS(cdnsign_cloudfront_signer_sign_url(signer, url, &options, &ours),
                     CDNSIGN_STATUS_OK);
        if (!policy || !ours) {
            goto ours_done;
        }
        int custom = str_eq(jv_str(want, "policyKind"), "custom");
        char *policy_param = query_param(ours, "Policy");
        CHECK((policy_param != NULL) == custom, "policy kind: %s", ours);
        free(policy_param);
        const json_t *boto = json_object_get(want, "botocore");
        if (boto && rsa && str_eq(jv_str(boto, "policy"), policy)) {
            CHECK_STR(ours, jv_str(boto, "url"));
            stats[0]++;
        }
        if (boto && rsa && custom) {
            char *again = NULL;
            if (CHECK_STATUS(cdnsign_cloudfront_signer_sign_url_with_policy(
                                 signer, url, jv_str(boto, "policy"), &again),
                             CDNSIGN_STATUS_OK)) {
                CHECK_STR(again, jv_str(boto, "url"));
            }
            cdnsign_string_free(again);
        }
        const json_t *js = json_object_get(want, "jssdk");
        if (js && str_eq(jv_str(js, "policy"), policy)) {
            char *a = query_param(ours, "Signature"), *b = query_param(jv_str(js, "url"),
                                                                       "Signature");
            CHECK(str_eq(a, b), "Signature differs from the JS SDK's");
            free(a);
            free(b);
            stats[1]++;
        }
        if (js && json_object_get(json_object_get(js, "cookies"), "CloudFront-Policy")) {
            const char *p = jv_str(js, "cookiesPolicy");
            if (CHECK_STATUS(cdnsign_cloudfront_signer_sign_cookies_with_policy(
                                 signer, p ? p : jv_str(js, "policy"), NULL, &cookies),
                             CDNSIGN_STATUS_OK)) {
                CHECK(cookies_equal(cookies, json_object_get(js, "cookies")),
                      "cookies via the JS SDK's policy: %s", cookies);
                stats[2]++;
            }
            cdnsign_string_free(cookies);
            cookies = NULL;
        }
        /* ours verify at the first check */
        char *cred = concrete ? apply_to(ours, concrete) : NULL;
        CHECK_STATUS(cdnsign_cloudfront_verifier_verify_url(k->verifier, cred ? cred : ours,
                                                            options.expires - 1, ok_ip, NULL),
                     CDNSIGN_STATUS_OK);
        free(cred);
        cdnsign_cloudfront_sign_options cookie_opts = options;
        cookie_opts.resource = NULL;
        if (options.resource) {
            cookie_opts.policy_kind = "custom";
        }
        if (CHECK_STATUS(cdnsign_cloudfront_signer_sign_cookies(
                             signer, options.resource ? options.resource : url, &cookie_opts, NULL,
                             &cookies),
                         CDNSIGN_STATUS_OK)) {
            char err[64];
            json_t *j = jv_parse(cookies, strlen(cookies), err, sizeof err);
            CHECK_STATUS(cdnsign_cloudfront_verifier_verify_cookies(
                             k->verifier, jv_str(j, "cookie_header"),
                             concrete ? concrete : url, options.expires - 1, ok_ip, NULL),
                         CDNSIGN_STATUS_OK);
            json_decref(j);
        }
    ours_done:
        cdnsign_string_free(cookies);
        cdnsign_string_free(ours);
        cdnsign_string_free(policy);
    }

    /* the verdicts on the references' own outputs */
    const json_t *targets = json_object_get(verify, "targets");
    for (size_t t = 0; targets && t < jv_len(targets); t++) {
        const json_t *target = json_array_get(targets, t);
        const char *name = jv_str(target, "target");
        const char *dot = strchr(name, '.');
        char reference[32];
        snprintf(reference, sizeof reference, "%.*s", (int)(dot - name), name);
        const json_t *out = json_object_get(want, reference);
        const json_t *checks = json_object_get(target, "checks");
        if (!checks) {
            checks = json_object_get(verify, "checks");
        }
        for (size_t i = 0; out && checks && i < jv_len(checks); i++) {
            const json_t *check = json_array_get(checks, i);
            int64_t now = 0;
            jv_int(check, "now", &now);
            cdnsign_status got = present(k, out, dot + 1, jv_str(target, "applyTo"),
                                         jv_str(target, "requestUrl"), now,
                                         jv_str(check, "clientIp"));
            const char *result = jv_str(check, "result");
            CHECK(str_eq(cdnsign_status_name((uint32_t)got), result),
                  "%s at %lld from %s: %s, want %s (%s)", name, (long long)now,
                  jv_str(check, "clientIp"), cdnsign_status_name((uint32_t)got), result,
                  cdnsign_last_error_message());
            stats[3]++;
        }
    }
    cdnsign_cloudfront_signer_free(signer);
}

static void run_design(const json_t *c) {
    const json_t *in = json_object_get(c, "input");
    const json_t *error = json_object_get(json_object_get(c, "expected"), "error");
    cdnsign_status st;
    cdnsign_cloudfront_signer *signer = new_signer(
        jv_str(in, "keyPairId"), jv_str(in, "privateKeyFile"),
        jv_str(in, "hashAlgorithm"), false, &st);
    char *out = NULL;
    if (st == CDNSIGN_STATUS_OK) {
        cdnsign_cloudfront_sign_options options;
        sign_options_of(in, &options);
        st = cdnsign_cloudfront_signer_sign_url(signer, jv_str(in, "url"), &options, &out);
        CHECK_EXPECTED_ERROR(st, error);
        CHECK(out == NULL, "out-param written on failure");
        const json_t *applies = json_object_get(c, "appliesTo");
        for (size_t i = 0; applies && i < jv_len(applies); i++) {
            if (str_eq(jv_text(json_array_get(applies, i)), "sign_cookies")) {
                cdnsign_status cst = cdnsign_cloudfront_signer_sign_cookies(
                    signer, jv_str(in, "url"), &options, NULL, &out);
                CHECK_STATUS(cst, st);
                CHECK(out == NULL, "out-param written on failure");
            }
        }
    } else {
        CHECK_EXPECTED_ERROR(st, error);
    }
    cdnsign_cloudfront_signer_free(signer);
}

/* Issue 13: a credential from an independent signer, presented as a URL or
   as cookies, must get the vector's verdict: the error code and field, or
   success decided by the form the vector names (a signed request URL beats
   cookies). Counts presentations, and refusals, into stats. */
static void run_verifier(const cf_keys *k, const json_t *c, int *stats) {
    const json_t *ps = json_object_get(json_object_get(c, "expected"), "presentations");
    CHECK(ps && jv_len(ps) > 0, "no presentations");
    for (size_t i = 0; ps && i < jv_len(ps); i++) {
        const json_t *p = json_array_get(ps, i);
        int64_t now = 0;
        jv_int(p, "now", &now);
        const char *ip = jv_str(p, "clientIp");
        const char *result = jv_str(p, "result");
        const char *what;
        char *out = NULL;
        cdnsign_status st;
        if (str_eq(jv_str(p, "present"), "url")) {
            what = jv_str(p, "url");
            st = cdnsign_cloudfront_verifier_verify_url(k->verifier, what, now, ip, &out);
        } else {
            what = jv_str(p, "requestUrl");
            char *header = cookie_header_of(json_object_get(p, "cookies"));
            st = cdnsign_cloudfront_verifier_verify_cookies(k->verifier, header, what, now, ip,
                                                            &out);
            free(header);
        }
        if (str_eq(result, "ok")) {
            if (CHECK_STATUS(st, CDNSIGN_STATUS_OK)) {
                char err[64];
                json_t *v = jv_parse(out, strlen(out), err, sizeof err);
                CHECK(str_eq(jv_str(v, "form"), jv_str(p, "form")),
                      "%s: decided by %s, want %s", what, jv_str(v, "form"),
                      jv_str(p, "form"));
                json_decref(v);
            }
        } else {
            const char *field = cdnsign_last_error_field();
            CHECK(str_eq(cdnsign_status_name((uint32_t)st), result) &&
                      str_eq(field, jv_str(p, "field")),
                  "%s: %s (field %s), want %s (field %s): %s", what,
                  cdnsign_status_name((uint32_t)st), field ? field : "none", result,
                  jv_str(p, "field"), cdnsign_last_error_message());
            CHECK(out == NULL, "out-param written on failure");
            stats[4]++;
        }
        cdnsign_string_free(out);
        stats[5]++;
    }
}

static void vectors(void) {
    json_t *doc = load_vectors("cloudfront-sdk-conformance.json");
    const json_t *cases = json_object_get(doc, "cases");
    int conformance = 0;
    for (size_t i = 0; cases && i < jv_len(cases); i++) {
        const json_t *c = json_array_get(cases, i);
        case_begin("cloudfront", case_name("cloudfront-sdk-conformance.json", c));
        run_conformance(c);
        case_end();
        conformance++;
    }
    json_decref(doc);

    doc = load_vectors("cloudfront.json");
    cases = json_object_get(doc, "cases");
    cf_keys k = {NULL, json_object_get(doc, "keys")};
    const char **ids = calloc(jv_len(k.keys) + 1, sizeof *ids);
    char **pems = calloc(jv_len(k.keys) + 1, sizeof *pems);
    for (size_t i = 0; i < jv_len(k.keys); i++) {
        ids[i] = jv_str(jv_at(k.keys, i), "keyPairId");
        pems[i] = read_vector_file(jv_str(jv_at(k.keys, i), "publicKeyFile"), NULL);
    }
    case_begin("cloudfront", "cloudfront.json:verifier_from_public_keys");
    CHECK_STATUS(cdnsign_cloudfront_verifier_new(ids, (const char *const *)pems, jv_len(k.keys),
                                                 false, &k.verifier),
                 CDNSIGN_STATUS_OK);
    case_end();
    int stats[6] = {0, 0, 0, 0, 0, 0}, refs = 0, design = 0, verifier = 0;
    for (size_t i = 0; k.verifier && cases && i < jv_len(cases); i++) {
        const json_t *c = json_array_get(cases, i);
        const char *source = jv_str(c, "source");
        case_begin("cloudfront", case_name("cloudfront.json", c));
        if (str_eq(source, "references")) {
            run_reference(&k, c, stats);
            refs++;
        } else if (str_eq(source, "verifier")) {
            run_verifier(&k, c, stats);
            verifier++;
        } else {
            CHECK(str_eq(source, "design"), "unknown source %s", source ? source : "(none)");
            run_design(c);
            design++;
        }
        case_end();
    }
    case_begin("cloudfront", "vectors_read");
    CHECK(conformance == 12 && refs >= 20 && design >= 30 && verifier >= 6,
          "conformance %d, references %d, design %d, verifier %d", conformance, refs, design,
          verifier);
    CHECK(stats[5] >= 60 && stats[4] >= 40, "verifier presentations %d, refused %d", stats[5],
          stats[4]);
    CHECK(stats[0] >= 8 && stats[1] >= 10 && stats[3] >= 100,
          "URLs equal to botocore %d, signatures equal to the JS SDK %d, cookies via JS SDK "
          "policy %d, verdicts %d",
          stats[0], stats[1], stats[2], stats[3]);
    case_end();
    cdnsign_cloudfront_verifier_free(k.verifier);
    for (size_t i = 0; i < jv_len(k.keys); i++) {
        free(pems[i]);
    }
    free(pems);
    free(ids);
    json_decref(doc);
}

static void api_and_error_paths(void) {
    cdnsign_status st;
    cdnsign_cloudfront_signer *signer =
        new_signer("K2JCJMDEHXQW5F", "keys/cloudfront-rsa2048.pem", "SHA256", false, &st);
    cdnsign_cloudfront_verifier *v = NULL;
    char *pem = NULL, *url = NULL, *json = NULL;
    const int64_t expires = 1767290400;
    case_begin("cloudfront", "sha256_cookie_attributes_tamper_ip_explain");
    if (!CHECK_STATUS(st, CDNSIGN_STATUS_OK)) {
        goto done;
    }
    CHECK_STR(cdnsign_cloudfront_signer_key_pair_id(signer), "K2JCJMDEHXQW5F");
    CHECK(cdnsign_cloudfront_signer_key_pair_id(NULL) == NULL, "NULL signer");
    CHECK_STATUS(cdnsign_cloudfront_signer_public_key_pem(signer, &pem), CDNSIGN_STATUS_OK);
    const char *ids[] = {"K2JCJMDEHXQW5F"};
    const char *keys[] = {pem};
    CHECK_STATUS(cdnsign_cloudfront_verifier_new(ids, keys, 1, false, &v), CDNSIGN_STATUS_OK);
    cdnsign_cloudfront_sign_options o;
    memset(&o, 0, sizeof o);
    o.expires = expires;
    o.ip_range = "192.0.2.7";
    if (v && CHECK_STATUS(cdnsign_cloudfront_signer_sign_url(
                              signer, "https://d111111abcdef8.cloudfront.net/a b.mp4", &o, &url),
                          CDNSIGN_STATUS_INVALID_INPUT)) {
        CHECK(str_contains(cdnsign_last_error_message(), "cdnsign_percent_encode_url") ||
                  str_contains(cdnsign_last_error_message(), "percent"),
              "%s", cdnsign_last_error_message());
    }
    if (v && CHECK_STATUS(cdnsign_cloudfront_signer_sign_url(
                              signer, "https://d111111abcdef8.cloudfront.net/a.mp4", &o, &url),
                          CDNSIGN_STATUS_OK)) {
        CHECK(str_contains(url, "&Hash-Algorithm=SHA256") && str_contains(url, "?Policy="), "%s",
              url);
        CHECK_STATUS(cdnsign_cloudfront_verifier_verify_url(v, url, expires - 1, "192.0.2.7",
                                                            &json),
                     CDNSIGN_STATUS_OK);
        CHECK(str_contains(json, "\"hash_algorithm\":\"SHA256\"") &&
                  str_contains(json, "\"ip_range\":\"192.0.2.7/32\""),
              "%s", json);
        cdnsign_string_free(json);
        json = NULL;
        CHECK_STATUS(cdnsign_cloudfront_verifier_verify_url(v, url, expires - 1, "192.0.2.8", NULL),
                     CDNSIGN_STATUS_IP_NOT_ALLOWED);
        CHECK_STATUS(cdnsign_cloudfront_verifier_verify_url(v, url, expires, "192.0.2.7", NULL),
                     CDNSIGN_STATUS_EXPIRED);
        CHECK_STATUS(cdnsign_cloudfront_verifier_verify_url(v, url, expires - 1, "nope", NULL),
                     CDNSIGN_STATUS_INVALID_INPUT);
        CHECK_STR(cdnsign_last_error_field(), "client_ip");
        char *sig = strstr(url, "Signature=") + 12;
        *sig = *sig == 'A' ? 'B' : 'A';
        CHECK_STATUS(cdnsign_cloudfront_verifier_verify_url(v, url, expires - 1, "192.0.2.7", NULL),
                     CDNSIGN_STATUS_BAD_SIGNATURE);
        CHECK_STATUS(cdnsign_cloudfront_explain(url, expires + 37, &json), CDNSIGN_STATUS_OK);
        CHECK(str_contains(json, "\"problems\""), "%s", json);
        cdnsign_string_free(json);
        json = NULL;
    }
    cdnsign_cloudfront_cookie_options co = {"d111111abcdef8.cloudfront.net", "/videos/", true,
                                            true, "Lax", 0, 0};
    memset(&o, 0, sizeof o);
    o.expires = expires;
    o.starts = expires - 3600;
    if (v && CHECK_STATUS(cdnsign_cloudfront_signer_sign_cookies(
                              signer, "https://d111111abcdef8.cloudfront.net/videos/*", &o, &co,
                              &json),
                          CDNSIGN_STATUS_OK)) {
        char err[64];
        json_t *j = jv_parse(json, strlen(json), err, sizeof err);
        const json_t *set = json_object_get(j, "set_cookie");
        CHECK(set && jv_len(set) == 4, "Policy, Signature, Key-Pair-Id, Hash-Algorithm: %s", json);
        CHECK(str_contains(jv_text(json_array_get(set, 0)),
                           "; Domain=d111111abcdef8.cloudfront.net; Path=/videos/; Secure; HttpOnly; SameSite=Lax"),
              "%s", json);
        const char *header = jv_str(j, "cookie_header");
        CHECK_STATUS(cdnsign_cloudfront_verifier_verify_cookies(
                         v, header, "https://d111111abcdef8.cloudfront.net/videos/a/b.ts",
                         expires - 1, NULL, NULL),
                     CDNSIGN_STATUS_OK);
        CHECK_STATUS(cdnsign_cloudfront_verifier_verify_cookies(
                         v, header, "https://d111111abcdef8.cloudfront.net/videos/a/b.ts",
                         expires - 3601, NULL, NULL),
                     CDNSIGN_STATUS_NOT_YET_VALID);
        CHECK_STATUS(cdnsign_cloudfront_verifier_verify_cookies(
                         v, header, "https://d111111abcdef8.cloudfront.net/music/a.mp3",
                         expires - 1, NULL, NULL),
                     CDNSIGN_STATUS_URL_MISMATCH);
        CHECK_STATUS(cdnsign_cloudfront_verifier_verify_cookies(
                         v, "a=1", "https://d111111abcdef8.cloudfront.net/videos/a.ts",
                         expires - 1, NULL, NULL),
                     CDNSIGN_STATUS_MISSING_CREDENTIAL);
        json_decref(j);
    }
    co.same_site = "sideways";
    CHECK_STATUS(cdnsign_cloudfront_signer_sign_cookies(
                     signer, "https://d111111abcdef8.cloudfront.net/videos/*", &o, &co, &url),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STR(cdnsign_last_error_field(), "same_site");
done:
    cdnsign_string_free(json);
    cdnsign_string_free(url);
    cdnsign_string_free(pem);
    cdnsign_cloudfront_verifier_free(v);
    cdnsign_cloudfront_signer_free(signer);
    case_end();

    case_begin("cloudfront", "null_utf8_and_key_errors");
    signer = NULL;
    v = NULL;
    url = NULL;
    size_t len = 0;
    char *ed = read_vector_file("keys/test-ed25519.pkcs8.pem", &len);
    CHECK_STATUS(cdnsign_cloudfront_signer_new("K1", (const uint8_t *)ed, len, NULL, 0, NULL,
                                               false, &signer),
                 CDNSIGN_STATUS_INVALID_KEY);
    free(ed);
    char *weak = read_vector_file("keys/test-rsa1024.pkcs8.pem", &len);
    CHECK_STATUS(cdnsign_cloudfront_signer_new("K1", (const uint8_t *)weak, len, NULL, 0, NULL,
                                               false, &signer),
                 CDNSIGN_STATUS_INVALID_KEY);
    free(weak);
    char *enc = read_vector_file("keys/test-rsa2048.pkcs8-encrypted.pem", &len);
    static const char pass[] = "correct horse battery staple";
    CHECK_STATUS(cdnsign_cloudfront_signer_new("K1", (const uint8_t *)enc, len, NULL, 0, NULL,
                                               false, &signer),
                 CDNSIGN_STATUS_INVALID_KEY);
    CHECK(signer == NULL, "untouched");
    CHECK_STATUS(cdnsign_cloudfront_signer_new("K1", (const uint8_t *)enc, len,
                                               (const uint8_t *)pass, strlen(pass), "sha-1",
                                               false, &signer),
                 CDNSIGN_STATUS_OK);
    CHECK_STATUS(cdnsign_cloudfront_signer_new("K1", (const uint8_t *)enc, len,
                                               (const uint8_t *)pass, strlen(pass), "MD5", false,
                                               NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    free(enc);
    CHECK_STATUS(cdnsign_cloudfront_signer_new(NULL, (const uint8_t *)"x", 1, NULL, 0, NULL,
                                               false, &signer),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_cloudfront_signer_new("K1", NULL, 5, NULL, 0, NULL, false, &signer),
                 CDNSIGN_STATUS_INVALID_BUFFER);
    CHECK_STATUS(cdnsign_cloudfront_signer_sign_url(signer, "https://h/a", NULL, &url),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STR(cdnsign_last_error_field(), "options");
    cdnsign_cloudfront_sign_options o2;
    memset(&o2, 0, sizeof o2);
    o2.expires = 1767290400;
    o2.policy_kind = "sometimes";
    CHECK_STATUS(cdnsign_cloudfront_signer_sign_url(signer, "https://h/a", &o2, &url),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STR(cdnsign_last_error_field(), "policy_kind");
    o2.policy_kind = NULL;
    CHECK_STATUS(cdnsign_cloudfront_signer_sign_url(signer, "https://h/\xff", &o2, &url),
                 CDNSIGN_STATUS_INVALID_UTF8);
    CHECK_STATUS(cdnsign_cloudfront_signer_sign_url(NULL, "https://h/a", &o2, &url),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_cloudfront_signer_sign_url_with_policy(signer, "https://h/a", "{}", &url),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STATUS(cdnsign_cloudfront_signer_sign_cookies_with_policy(signer, NULL, NULL, &url),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_cloudfront_build_policy("https://h/a", &o2, NULL), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_cloudfront_signer_public_key_pem(NULL, &url), CDNSIGN_STATUS_NULL_ARGUMENT);
    const char *k1[] = {"K1"};
    const char *bad[] = {"not a key"};
    CHECK_STATUS(cdnsign_cloudfront_verifier_new(k1, bad, 1, false, &v), CDNSIGN_STATUS_INVALID_KEY);
    CHECK_STATUS(cdnsign_cloudfront_verifier_new(k1, NULL, 1, false, &v),
                 CDNSIGN_STATUS_INVALID_BUFFER);
    CHECK_STATUS(cdnsign_cloudfront_verifier_verify_url(NULL, "https://h/a", 1, NULL, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_cloudfront_verifier_verify_cookies(NULL, "a=1", "https://h/", 1, NULL,
                                                            NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(cdnsign_cloudfront_explain("hello", 1, &url), CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STATUS(cdnsign_cloudfront_explain(NULL, 1, &url), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK(url == NULL && v == NULL, "untouched");
    cdnsign_cloudfront_signer_free(signer);
    cdnsign_cloudfront_signer_free(NULL);
    cdnsign_cloudfront_verifier_free(NULL);
    case_end();
}

void test_cloudfront(void) {
    vectors();
    api_and_error_paths();
}
