/*
 * Shared by test_misuse.c (fixture, hand-written cases) and the generated
 * test_misuse_matrix.c (the NULL / invalid UTF-8 / bad buffer matrix of
 * every function in cdnsign.h; see gen_misuse.py).
 */
#ifndef CDNSIGN_TEST_MISUSE_H
#define CDNSIGN_TEST_MISUSE_H

#include <stddef.h>
#include <stdint.h>

#include "harness.h"

#define MISUSE_NOW ((int64_t)1767290400)
#define MISUSE_EXP (MISUSE_NOW + 3600)

/* Not UTF-8: an encoded UTF-16 surrogate (what a lone surrogate becomes in
   CESU-8/WTF-8), an overlong '/', and a stray 0xFF. */
#define MISUSE_BAD_UTF8 "https://h.example/\xed\xa0\x80-\xc0\xaf-\xff"

/* Valid key material for the baseline calls (test keys, not secrets). */
#define MISUSE_CLOUDCDN_KEY "nZtRohdNF9m3cKM24IcK4w=="
#define MISUSE_ED25519_SEED "DJUcnLguVFKmVCFnWGubG1MZg7fWAnxacMjKDhVZMGI="
#define MISUSE_HMAC_SECRET "MDEyMzQ1Njc4OWFiY2RlZg"
#define MISUSE_WEBHOOK_SECRET "85011ed3a913c6ad5f9cf6c5573cc0a7"
#define MISUSE_STREAM_KID "2a8ac671e190e2e51c685b2fe32951bd"
#define MISUSE_VIDEO_UID "6b9e68b07dfee8cc2d116e4c51d6a957"
#define MISUSE_STREAM_CLAIMS                                                                     \
    "{\"sub\":\"" MISUSE_VIDEO_UID "\",\"exp\":1767294000,\"nbf\":1767290000,"                   \
    "\"accessRules\":[{\"type\":\"ip.geoip.country\",\"action\":\"allow\",\"country\":[\"KR\"]}," \
    "{\"type\":\"any\",\"action\":\"block\"}]}"
#define MISUSE_WEBHOOK_BODY "{\"uid\":\"u1\",\"readyToStream\":true,\"status\":{\"state\":\"ready\"}}"

/* Out-parameters are pre-filled with these; a failed call must leave them. */
extern char misuse_sentinel_storage;
#define MISUSE_SENTINEL_STR (&misuse_sentinel_storage)
#define MISUSE_SENTINEL_PTR ((void *)&misuse_sentinel_storage)
#define MISUSE_SENTINEL_SIZE ((size_t)0x5EED5EEDu)
#define MISUSE_SENTINEL_BYTE 0xA5
/* Whether every byte of p[0..n) is MISUSE_SENTINEL_BYTE. */
int misuse_is_sentinel(const void *p, size_t n);

/* After a matrix call: checks the status is `want` (and, when `field` is not
   NULL, that the last error names it), that the last error message is empty
   on success and not on failure. Returns whether the call succeeded. */
int misuse_outcome(cdnsign_status st, cdnsign_status want, const char *field, const char *file,
                   int line);
#define MISUSE_OUTCOME(st, want, field) misuse_outcome((st), (want), (field), __FILE__, __LINE__)
#define MISUSE_WRITTEN(var, sentinel) CHECK((var) != (sentinel), "%s not written on success", #var)
#define MISUSE_UNTOUCHED(var, sentinel) CHECK((var) == (sentinel), "%s written on failure", #var)
/* Checks a pointer out-parameter was written and releases it. */
#define MISUSE_TAKE(var, sentinel, release)                                                       \
    do {                                                                                           \
        if (MISUSE_WRITTEN(var, sentinel)) {                                                       \
            release(var);                                                                          \
        }                                                                                          \
    } while (0)
#define MISUSE_STRUCT_WRITTEN(var)                                                                 \
    CHECK(!misuse_is_sentinel(&(var), sizeof(var)), "%s not written on success", #var)
#define MISUSE_STRUCT_UNTOUCHED(var)                                                               \
    CHECK(misuse_is_sentinel(&(var), sizeof(var)), "%s written on failure", #var)

/* Makes a call fail so that the last error is known, then checks that it is
   still that error (destructors must leave it alone). */
void misuse_set_last_error(void);
void misuse_check_last_error_kept(void);

/* Live handles and credentials every matrix case may use. */
typedef struct misuse_fixture {
    char *cf_pem;
    size_t cf_pem_len;
    char *cf_pub_pem;
    char *stream_key_json;
    char *stream_pub_pem;
    cdnsign_cloudcdn_signer *cc_signer;
    cdnsign_cloudcdn_verifier *cc_verifier;
    char *cc_signed_url;
    cdnsign_cloudfront_signer *cf_signer;
    cdnsign_cloudfront_verifier *cf_verifier;
    char *cf_signed_url;
    char *cf_cookie_header;
    cdnsign_mediacdn_key *md_key;
    char *md_public;
    cdnsign_mediacdn_signer *md_signer;
    cdnsign_mediacdn_token_signer *md_token_signer;
    cdnsign_mediacdn_verifier *md_verifier;
    char *md_signed_url;
    cdnsign_stream_signing_key *stream_signer;
    cdnsign_stream_verifier *stream_verifier;
    char *stream_token;
    cdnsign_webhook_verifier *wh_verifier;
    char *wh_header;
} misuse_fixture;

extern misuse_fixture fx;

typedef struct misuse_entry {
    const char *function;
    void (*run)(void);
} misuse_entry;

/* One entry per function of cdnsign.h, in header order (generated). */
extern const misuse_entry misuse_matrix[];
extern const size_t misuse_matrix_len;

#endif
