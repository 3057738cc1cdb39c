/* Signed HLS and DASH manifests (ffi/src/manifest.rs): a fixture of
   tests/manifests/ signed for each provider, checked with its verifier, then
   tampered with and checked again; the refusals. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define MANIFEST_NOW ((int64_t)1767290400)
#define MANIFEST_EXP (MANIFEST_NOW + 3600)
#define HLS_URL "https://cdn.example.com/v/hls-vod.m3u8"
#define DASH_URL "https://cdn.example.com/v/dash-template.mpd"

typedef enum { CLOUDFRONT, MEDIACDN, CLOUDCDN } provider;

typedef struct handles {
    cdnsign_cloudfront_signer *cf_signer;
    cdnsign_cloudfront_verifier *cf_verifier;
    cdnsign_mediacdn_key *md_key;
    char *md_public;
    cdnsign_mediacdn_token_signer *md_signer;
    cdnsign_mediacdn_verifier *md_verifier;
    cdnsign_cloudcdn_signer *cc_signer;
    cdnsign_cloudcdn_verifier *cc_verifier;
} handles;

static int open_handles(handles *h) {
    int ok = 1;
    size_t pem_len = 0;
    char *pem = read_vector_file("keys/cloudfront-rsa2048.pem", &pem_len);
    char *pub = read_vector_file("keys/cloudfront-rsa2048.pub.pem", NULL);
    char *seed = read_vector_file("keys/mediacdn-ed25519.seed.b64url-nopad", NULL);
    char *cc_key = read_vector_file("keys/cloudcdn-key.b64url", NULL);
    seed[strcspn(seed, "\r\n")] = '\0';
    cc_key[strcspn(cc_key, "\r\n")] = '\0';
    const char *cf_ids[] = {"K2JCJMDEHXQW5F"}, *cf_keys[] = {pub};
    ok &= CHECK_STATUS(cdnsign_cloudfront_signer_new("K2JCJMDEHXQW5F", (const uint8_t *)pem,
                                                     pem_len, NULL, 0, NULL, false,
                                                     &h->cf_signer),
                       CDNSIGN_STATUS_OK);
    ok &= CHECK_STATUS(cdnsign_cloudfront_verifier_new(cf_ids, cf_keys, 1, false, &h->cf_verifier),
                       CDNSIGN_STATUS_OK);
    ok &= CHECK_STATUS(cdnsign_mediacdn_key_new(seed, &h->md_key), CDNSIGN_STATUS_OK);
    if (ok) {
        ok &= CHECK_STATUS(cdnsign_mediacdn_key_public(h->md_key, &h->md_public),
                           CDNSIGN_STATUS_OK);
        ok &= CHECK_STATUS(cdnsign_mediacdn_token_signer_new_ed25519(h->md_key, false, NULL,
                                                                     &h->md_signer),
                           CDNSIGN_STATUS_OK);
    }
    if (ok) {
        const char *md_ids[] = {"key-1"}, *md_keys[] = {h->md_public};
        ok &= CHECK_STATUS(cdnsign_mediacdn_verifier_new(NULL, md_ids, md_keys, 1, NULL, NULL, 0,
                                                         NULL, &h->md_verifier),
                           CDNSIGN_STATUS_OK);
    }
    const char *cc_names[] = {"manifest-key"}, *cc_files[] = {cc_key};
    ok &= CHECK_STATUS(cdnsign_cloudcdn_signer_new("manifest-key", cc_key, true, &h->cc_signer),
                       CDNSIGN_STATUS_OK);
    ok &= CHECK_STATUS(cdnsign_cloudcdn_verifier_new(cc_names, cc_files, 1, &h->cc_verifier),
                       CDNSIGN_STATUS_OK);
    free(pem);
    free(pub);
    free(seed);
    free(cc_key);
    return ok;
}

static void close_handles(handles *h) {
    cdnsign_cloudfront_signer_free(h->cf_signer);
    cdnsign_cloudfront_verifier_free(h->cf_verifier);
    cdnsign_mediacdn_token_signer_free(h->md_signer);
    cdnsign_mediacdn_verifier_free(h->md_verifier);
    cdnsign_string_free(h->md_public);
    cdnsign_mediacdn_key_free(h->md_key);
    cdnsign_cloudcdn_signer_free(h->cc_signer);
    cdnsign_cloudcdn_verifier_free(h->cc_verifier);
}

/* The coverage prefix of the next signing (NULL: the manifest's folder). */
static const char *sign_prefix = NULL;

static cdnsign_status sign(const handles *h, provider p, const char *manifest, size_t len,
                           const char *url, char **out, char **json) {
    switch (p) {
    case CLOUDFRONT:
        return cdnsign_cloudfront_signer_sign_manifest(h->cf_signer, (const uint8_t *)manifest,
                                                       len, url, sign_prefix, MANIFEST_EXP, false,
                                                       out, json);
    case MEDIACDN:
        return cdnsign_mediacdn_token_signer_sign_manifest(h->md_signer,
                                                           (const uint8_t *)manifest, len, url,
                                                           sign_prefix, MANIFEST_EXP, false, false,
                                                           out, json);
    default:
        return cdnsign_cloudcdn_signer_sign_manifest(h->cc_signer, (const uint8_t *)manifest, len,
                                                     url, sign_prefix, MANIFEST_EXP, false, out,
                                                     json);
    }
}

static cdnsign_status check(const handles *h, provider p, const char *manifest,
                            const char *url, char **json) {
    size_t len = strlen(manifest);
    switch (p) {
    case CLOUDFRONT:
        return cdnsign_cloudfront_verifier_check_manifest(
            h->cf_verifier, (const uint8_t *)manifest, len, url, MANIFEST_NOW, json);
    case MEDIACDN:
        return cdnsign_mediacdn_verifier_check_manifest(h->md_verifier, (const uint8_t *)manifest,
                                                        len, url, MANIFEST_NOW, json);
    default:
        return cdnsign_cloudcdn_verifier_check_manifest(h->cc_verifier, (const uint8_t *)manifest,
                                                        len, url, MANIFEST_NOW, json);
    }
}

/* Flips one character of the first signature in `text`. */
static void tamper(char *text) {
    char *s = strstr(text, "Signature=");
    if (s) {
        s += strlen("Signature=");
        *s = (*s == 'a') ? 'b' : 'a';
    }
}

static void round_trip(const handles *h, provider p, const char *name, const char *fixture,
                       const char *url) {
    static const char *names[] = {"cloudfront", "mediacdn", "cloudcdn"};
    char label[128];
    snprintf(label, sizeof label, "%s %s", names[p], name);
    case_begin("manifest", label);
    size_t len = 0;
    char err[256];
    char *input = read_vector_file(fixture, &len);
    char *signed_manifest = NULL, *record = NULL, *report = NULL;
    if (CHECK_STATUS(sign(h, p, input, len, url, &signed_manifest, &record), CDNSIGN_STATUS_OK)) {
        json_t *r = jv_parse(record, strlen(record), err, sizeof err);
        size_t refs = jv_len(json_object_get(r, "references"));
        CHECK(refs > 0, "no references in %s", record);
        CHECK_STR(jv_str(r, "manifest"), signed_manifest);
        CHECK(strlen(signed_manifest) > len, "nothing appended");
        if (CHECK_STATUS(check(h, p, signed_manifest, url, &report), CDNSIGN_STATUS_OK)) {
            json_t *c = jv_parse(report, strlen(report), err, sizeof err);
            CHECK(json_is_true(json_object_get(c, "ok")), "%s", report);
            CHECK(jv_len(json_object_get(c, "lines")) > 0, "%s", report);
            json_decref(c);
        }
        cdnsign_string_free(report);
        report = NULL;
        tamper(signed_manifest);
        if (CHECK_STATUS(check(h, p, signed_manifest, url, &report), CDNSIGN_STATUS_OK)) {
            json_t *c = jv_parse(report, strlen(report), err, sizeof err);
            const json_t *first = jv_at(json_object_get(c, "lines"), 0);
            CHECK(json_is_false(json_object_get(c, "ok")), "tampered, yet %s", report);
            CHECK(json_is_false(json_object_get(first, "ok")), "%s", report);
            CHECK(jv_str(first, "code") != NULL && jv_str(first, "explain") != NULL, "%s",
                  report);
            json_decref(c);
        }
        json_decref(r);
    }
    cdnsign_string_free(signed_manifest);
    cdnsign_string_free(record);
    cdnsign_string_free(report);
    free(input);
    case_end();
}

static void refusals(const handles *h) {
    case_begin("manifest", "refusals");
    static char sentinel;
    char *out = &sentinel, *json = &sentinel;
    static const char with_nul[] = "#EXTM3U\n#EXTINF:4,\nseg\0-1.ts\n";
    CHECK_STATUS(sign(h, CLOUDCDN, with_nul, sizeof with_nul - 1, HLS_URL, &out, &json),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STR(cdnsign_last_error_field(), "manifest");
    CHECK(str_contains(cdnsign_last_error_message(), "NUL byte at offset 22"), "%s",
          cdnsign_last_error_message());
    size_t len = 0;
    char *other_host = read_vector_file("../manifests/hand/refuse-other-host.m3u8", &len);
    for (int p = CLOUDFRONT; p <= CLOUDCDN; p++) {
        CHECK_STATUS(sign(h, (provider)p, other_host, len, HLS_URL, &out, &json),
                     CDNSIGN_STATUS_INVALID_INPUT);
        CHECK_STR(cdnsign_last_error_field(), "manifest");
        CHECK(str_contains(cdnsign_last_error_message(), "line"), "%s",
              cdnsign_last_error_message());
    }
    CHECK(out == &sentinel && json == &sentinel,
          "out-params written on failure");
    /* Media CDN's PathGlobs form; the record is optional */
    char *signed_manifest = NULL;
    char *input = read_vector_file("../manifests/ffmpeg/hls-vod.m3u8", &len);
    if (CHECK_STATUS(cdnsign_mediacdn_token_signer_sign_manifest(
                         h->md_signer, (const uint8_t *)input, len, HLS_URL,
                         "https://cdn.example.com/v/", MANIFEST_EXP, true, true,
                         &signed_manifest, NULL),
                     CDNSIGN_STATUS_OK)) {
        CHECK(str_contains(signed_manifest, "https://cdn.example.com/v/seg-000.ts?edge-cache-token="),
              "%s", signed_manifest);
        char *report = NULL;
        if (CHECK_STATUS(check(h, MEDIACDN, signed_manifest, HLS_URL, &report),
                         CDNSIGN_STATUS_OK)) {
            CHECK(str_contains(report, "\"ok\":true"), "%s", report);
        }
        cdnsign_string_free(report);
    }
    cdnsign_string_free(signed_manifest);
    free(input);
    free(other_host);
    case_end();
}

void test_manifest(void) {
    handles h;
    memset(&h, 0, sizeof h);
    case_begin("manifest", "handles");
    int ok = open_handles(&h);
    case_end();
    if (ok) {
        /* Every fixture that must sign (the refuse-* ones are refusals),
           served where core/tests/manifest.rs serves it: the low-latency
           playlist reports a rendition in its parent folder. */
        static const char *const fixtures[] = {
            "ffmpeg/hls-vod.m3u8",       "ffmpeg/hls-event.m3u8",       "ffmpeg/hls-fmp4.m3u8",
            "ffmpeg/hls-aes128.m3u8",    "ffmpeg/hls-master.m3u8",      "ffmpeg/hls-master-720.m3u8",
            "ffmpeg/dash-template.mpd",  "ffmpeg/dash-timeline.mpd",    "hand/hls-ll-parts.m3u8",
            "hand/hls-byterange.m3u8",   "hand/hls-discontinuity.m3u8", "hand/hls-query.m3u8",
            "hand/hls-master-tags.m3u8", "hand/hls-crlf.m3u8",          "hand/hls-bom.m3u8",
            "hand/dash-number-baseurl.mpd",
        };
        for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
            char file[256], url[256], prefix[256];
            const char *name = fixtures[i];
            const char *dir_end = strchr(name, '/');
            snprintf(file, sizeof file, "../manifests/%s", name);
            if (strcmp(name, "hand/hls-ll-parts.m3u8") == 0) {
                snprintf(url, sizeof url, "https://media.example.com/v/hand/ll/%s?_HLS_msn=267",
                         dir_end + 1);
                snprintf(prefix, sizeof prefix, "https://media.example.com/v/hand/");
                sign_prefix = prefix;
            } else {
                snprintf(url, sizeof url, "https://media.example.com/v/%s", name);
                sign_prefix = NULL;
            }
            for (int p = CLOUDFRONT; p <= CLOUDCDN; p++) {
                round_trip(&h, (provider)p, name, file, url);
            }
        }
        sign_prefix = NULL;
        refusals(&h);
    }
    close_handles(&h);
}
