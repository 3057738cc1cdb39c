/* Smoke test of an installed libcdnsign SDK: for every provider, sign one
   credential and verify it through the C API, and check that a verifier
   refuses it once expired (so "verified" cannot come from a stub that
   accepts everything). One line per provider on stdout; any failure prints
   the library's error and exits 1. Times are fixed so the output is too. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cdnsign.h>

#define NOW ((int64_t)1767225600) /* 2026-01-01T00:00:00Z */
#define EXPIRES (NOW + 3600)

static void fail(const char *what) {
    fprintf(stderr, "smoke: %s failed: %s\n", what, cdnsign_last_error_message());
    exit(1);
}

#define CHECK(call)                                                                                \
    do {                                                                                           \
        if ((call) != CDNSIGN_STATUS_OK) fail(#call);                                              \
    } while (0)

/* `call` must be refused with `want`: a credential past its expiry. */
static void expect_status(enum cdnsign_status got, enum cdnsign_status want, const char *what) {
    if (got != want) {
        fprintf(stderr, "smoke: %s gave %s, expected %s\n", what, cdnsign_status_name(got),
                cdnsign_status_name(want));
        exit(1);
    }
}

/* A committed test key (tests/vectors/keys/cloudfront-ec-p256.pem): the C
   API has no CloudFront key generator, CloudFront keys are made by the user. */
static const char CLOUDFRONT_KEY[] =
    "-----BEGIN EC PRIVATE KEY-----\n"
    "MHcCAQEEINAadJSxT66uGCEUNPexA2MlQziX1U22mMfRH+2rS3auoAoGCCqGSM49\n"
    "AwEHoUQDQgAEsVbeif342SKaekA3UL23cIaFAc/eD76Wvt9HmKR/3rsRFOE2HWVS\n"
    "ZfWoBVYfA1rL6UAnxx+d8XhN0a75IqlrTQ==\n"
    "-----END EC PRIVATE KEY-----\n";

static void cloudfront(void) {
    cdnsign_cloudfront_signer *signer = NULL;
    CHECK(cdnsign_cloudfront_signer_new("K2JCJMDEHXQW5F", (const uint8_t *)CLOUDFRONT_KEY,
                                        strlen(CLOUDFRONT_KEY), NULL, 0, NULL, false, &signer));
    char *pem = NULL;
    CHECK(cdnsign_cloudfront_signer_public_key_pem(signer, &pem));
    cdnsign_cloudfront_sign_options opts = {0};
    opts.expires = EXPIRES;
    char *url = NULL;
    CHECK(cdnsign_cloudfront_signer_sign_url(signer, "https://d111111abcdef8.cloudfront.net/a.mp4",
                                             &opts, &url));
    const char *ids[] = {"K2JCJMDEHXQW5F"};
    const char *keys[] = {pem};
    cdnsign_cloudfront_verifier *verifier = NULL;
    CHECK(cdnsign_cloudfront_verifier_new(ids, keys, 1, false, &verifier));
    CHECK(cdnsign_cloudfront_verifier_verify_url(verifier, url, NOW, NULL, NULL));
    expect_status(cdnsign_cloudfront_verifier_verify_url(verifier, url, EXPIRES + 1, NULL, NULL),
                  CDNSIGN_STATUS_EXPIRED, "cloudfront verify after expiry");
    printf("cloudfront signed url: signed, verified, expired refused\n");
    cdnsign_cloudfront_verifier_free(verifier);
    cdnsign_string_free(url);
    cdnsign_string_free(pem);
    cdnsign_cloudfront_signer_free(signer);
}

static void stream_token(void) {
    char *key = NULL;
    CHECK(cdnsign_stream_generate_key(NOW, &key));
    cdnsign_stream_signing_key *signer = NULL;
    CHECK(cdnsign_stream_signing_key_new(key, NULL, &signer));
    char *jwk = NULL;
    CHECK(cdnsign_stream_signing_key_public_jwk(signer, &jwk));
    char *token = NULL;
    CHECK(cdnsign_stream_signing_key_sign(signer, "ea95132c15732412d22c1476fa83f27a", EXPIRES, NOW,
                                     &token));
    const char *texts[] = {jwk};
    cdnsign_stream_verifier *verifier = NULL;
    CHECK(cdnsign_stream_verifier_new(texts, NULL, 1, 0, true, &verifier));
    CHECK(cdnsign_stream_verifier_verify(verifier, token, NOW, "ea95132c15732412d22c1476fa83f27a",
                                         NULL, NULL, false, NULL));
    expect_status(cdnsign_stream_verifier_verify(verifier, token, EXPIRES + 1, NULL, NULL, NULL,
                                                 false, NULL),
                  CDNSIGN_STATUS_EXPIRED, "stream verify after expiry");
    printf("stream token: signed, verified, expired refused\n");
    cdnsign_stream_verifier_free(verifier);
    cdnsign_string_free(token);
    cdnsign_string_free(jwk);
    cdnsign_stream_signing_key_free(signer);
    cdnsign_string_free(key);
}

static void stream_webhook(void) {
    static const char secret[] = "smoke-webhook-secret";
    static const char body[] = "{\"uid\":\"ea95132c15732412d22c1476fa83f27a\"}";
    char *header = NULL;
    CHECK(cdnsign_webhook_sign(secret, (const uint8_t *)body, strlen(body), NOW, &header));
    const char *secrets[] = {secret};
    cdnsign_webhook_verifier *verifier = NULL;
    CHECK(cdnsign_webhook_verifier_new(secrets, 1, 300, &verifier));
    CHECK(cdnsign_webhook_verifier_verify(verifier, header, (const uint8_t *)body, strlen(body),
                                          NOW + 10, NULL));
    expect_status(cdnsign_webhook_verifier_verify(verifier, header, (const uint8_t *)body,
                                                  strlen(body), NOW + 301, NULL),
                  CDNSIGN_STATUS_TIMESTAMP_TOO_OLD, "webhook verify after the tolerance");
    printf("stream webhook: signed, verified, expired refused\n");
    cdnsign_webhook_verifier_free(verifier);
    cdnsign_string_free(header);
}

static void mediacdn(void) {
    char *seed = NULL;
    char *public_key = NULL;
    CHECK(cdnsign_mediacdn_generate_key(&seed, &public_key));
    cdnsign_mediacdn_key *key = NULL;
    CHECK(cdnsign_mediacdn_key_new(seed, &key));
    cdnsign_mediacdn_signer *signer = NULL;
    CHECK(cdnsign_mediacdn_signer_new(key, "smoke-key", false, NULL, &signer));
    char *url = NULL;
    CHECK(cdnsign_mediacdn_signer_sign_url(signer, "https://media.example.com/a.m3u8", EXPIRES,
                                           &url, NULL));
    const char *ids[] = {"smoke-key"};
    const char *keys[] = {public_key};
    cdnsign_mediacdn_verifier *verifier = NULL;
    CHECK(cdnsign_mediacdn_verifier_new("smoke-keyset", ids, keys, 1, NULL, NULL, 0, NULL,
                                        &verifier));
    CHECK(cdnsign_mediacdn_verifier_verify(verifier, url, NOW, NULL, NULL, 0, NULL, NULL, NULL));
    expect_status(cdnsign_mediacdn_verifier_verify(verifier, url, EXPIRES + 1, NULL, NULL, 0, NULL,
                                                   NULL, NULL),
                  CDNSIGN_STATUS_EXPIRED, "mediacdn verify after expiry");
    printf("mediacdn signed url: signed, verified, expired refused\n");
    cdnsign_mediacdn_verifier_free(verifier);
    cdnsign_string_free(url);
    cdnsign_mediacdn_signer_free(signer);
    cdnsign_mediacdn_key_free(key);
    cdnsign_string_free(public_key);
    cdnsign_string_free(seed);
}

static void cloudcdn(void) {
    char *key_file = NULL;
    CHECK(cdnsign_cloudcdn_generate_key(&key_file));
    cdnsign_cloudcdn_signer *signer = NULL;
    CHECK(cdnsign_cloudcdn_signer_new("smoke-key", key_file, true, &signer));
    char *url = NULL;
    CHECK(cdnsign_cloudcdn_signer_sign_url(signer, "https://cdn.example.com/a.jpg", EXPIRES, &url,
                                           NULL));
    const char *names[] = {"smoke-key"};
    const char *files[] = {key_file};
    cdnsign_cloudcdn_verifier *verifier = NULL;
    CHECK(cdnsign_cloudcdn_verifier_new(names, files, 1, &verifier));
    CHECK(cdnsign_cloudcdn_verifier_verify(verifier, url, NULL, NOW, NULL));
    expect_status(cdnsign_cloudcdn_verifier_verify(verifier, url, NULL, EXPIRES + 1, NULL),
                  CDNSIGN_STATUS_EXPIRED, "cloudcdn verify after expiry");
    printf("cloudcdn signed url: signed, verified, expired refused\n");
    cdnsign_cloudcdn_verifier_free(verifier);
    cdnsign_string_free(url);
    cdnsign_cloudcdn_signer_free(signer);
    cdnsign_string_free(key_file);
}

int main(void) {
    /* The library found at run time must be the one the header describes. */
    if (strcmp(cdnsign_version(), CDNSIGN_VERSION) != 0) {
        fprintf(stderr, "smoke: library %s, header %s\n", cdnsign_version(), CDNSIGN_VERSION);
        return 1;
    }
    printf("cdnsign %s (C, header %s)\n", cdnsign_version(), CDNSIGN_VERSION);
    cloudfront();
    stream_token();
    stream_webhook();
    mediacdn();
    cloudcdn();
    return 0;
}
