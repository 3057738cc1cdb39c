/* Status codes, version, last error, string ownership, key helpers. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static void status_names(void) {
    case_begin("core", "status_names_and_numbers");
    CHECK_STR(cdnsign_status_name(CDNSIGN_STATUS_OK), "ok");
    CHECK_STR(cdnsign_status_name(CDNSIGN_STATUS_INVALID_INPUT), "invalid_input");
    CHECK_STR(cdnsign_status_name(CDNSIGN_STATUS_EXPIRED), "expired");
    CHECK_STR(cdnsign_status_name(CDNSIGN_STATUS_BAD_SIGNATURE), "bad_signature");
    CHECK_STR(cdnsign_status_name(CDNSIGN_STATUS_ACCESS_DENIED), "access_denied");
    CHECK_STR(cdnsign_status_name(CDNSIGN_STATUS_INTERNAL), "internal");
    CHECK_STR(cdnsign_status_name(CDNSIGN_STATUS_NULL_ARGUMENT), "null_argument");
    CHECK_STR(cdnsign_status_name(CDNSIGN_STATUS_INVALID_UTF8), "invalid_utf8");
    CHECK_STR(cdnsign_status_name(CDNSIGN_STATUS_INVALID_BUFFER), "invalid_buffer");
    CHECK_STR(cdnsign_status_name(CDNSIGN_STATUS_INTERIOR_NUL), "interior_nul");
    CHECK_STR(cdnsign_status_name(CDNSIGN_STATUS_PANIC), "panic");
    CHECK_STR(cdnsign_status_name(4242), "unknown");
    CHECK_STR(cdnsign_status_name(1), "unknown");
    /* The stable numbers are part of the ABI. */
    CHECK(CDNSIGN_STATUS_INVALID_INPUT == 100 && CDNSIGN_STATUS_INVALID_KEY == 101, "1xx");
    CHECK(CDNSIGN_STATUS_EXPIRED == 200 && CDNSIGN_STATUS_ACCESS_DENIED == 214, "2xx");
    CHECK(CDNSIGN_STATUS_INTERNAL == 900, "900");
    CHECK(CDNSIGN_STATUS_NULL_ARGUMENT == 1000 && CDNSIGN_STATUS_PANIC == 1004, "10xx");
    CHECK(status_from_name("timestamp_too_old") == CDNSIGN_STATUS_TIMESTAMP_TOO_OLD, "lookup");
    case_end();
}

static void version(void) {
    case_begin("core", "version_matches_header");
    char macro[64];
    snprintf(macro, sizeof macro, "%d.%d.%d", CDNSIGN_VERSION_MAJOR, CDNSIGN_VERSION_MINOR,
             CDNSIGN_VERSION_PATCH);
    CHECK_STR(cdnsign_version(), CDNSIGN_VERSION);
    CHECK_STR(macro, CDNSIGN_VERSION);
    CHECK(cdnsign_version() == cdnsign_version(), "static string");
    case_end();
}

static void last_error_semantics(void) {
    char *out = NULL;
    case_begin("core", "last_error_set_on_failure_cleared_on_success");
    CHECK_STATUS(cdnsign_percent_encode_url(NULL, &out), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK(out == NULL, "out-param untouched on failure");
    CHECK_STR(cdnsign_last_error_message(), "argument `url` is NULL");
    CHECK_STR(cdnsign_last_error_field(), "url");
    /* destructors and getters leave it alone */
    cdnsign_string_free(NULL);
    (void)cdnsign_status_name(0);
    (void)cdnsign_version();
    CHECK_STR(cdnsign_last_error_field(), "url");
    CHECK_STATUS(cdnsign_percent_encode_url("https://h/a", &out), CDNSIGN_STATUS_OK);
    CHECK_STR(cdnsign_last_error_message(), "");
    CHECK_STR(cdnsign_last_error_field(), "");
    cdnsign_string_free(out);
    case_end();
}

static void percent_encode(void) {
    char *out = NULL;
    case_begin("core", "percent_encode_url");
    if (CHECK_STATUS(cdnsign_percent_encode_url("https://h/a b/\xc3\xa9?q=1%20&x=\"", &out),
                     CDNSIGN_STATUS_OK)) {
        CHECK_STR(out, "https://h/a%20b/%C3%A9?q=1%20&x=%22");
        cdnsign_string_free(out);
    }
    out = NULL;
    CHECK_STATUS(cdnsign_percent_encode_url("https://h/\xff\xfe", &out),
                 CDNSIGN_STATUS_INVALID_UTF8);
    CHECK(str_contains(cdnsign_last_error_message(), "not valid UTF-8"), "%s",
          cdnsign_last_error_message());
    CHECK_STATUS(cdnsign_percent_encode_url("https://h/", NULL), CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK_STR(cdnsign_last_error_field(), "out_url");
    CHECK(out == NULL, "untouched");
    case_end();
}

/* crypto.json: the public half the library derives from each private key file
   equals the public key file OpenSSL wrote. */
static void public_keys_from_vectors(void) {
    json_t *doc = load_vectors("crypto.json");
    const char *passphrase = jv_str(doc, "passphrase");
    const json_t *cases = json_object_get(doc, "cases");
    int seen = 0;
    for (size_t i = 0; cases && i < jv_len(cases); i++) {
        const json_t *c = json_array_get(cases, i);
        const json_t *in = json_object_get(c, "input");
        const char *priv = jv_str(in, "privateKeyFile");
        const char *pub = jv_str(in, "publicKeyFile");
        if (!priv || !pub) {
            continue;
        }
        char name[200];
        snprintf(name, sizeof name, "crypto.json:%s:public_key_pem", jv_str(c, "id"));
        case_begin("keys", name);
        size_t priv_len = 0, pub_len = 0;
        char *priv_data = read_vector_file(priv, &priv_len);
        char *pub_data = read_vector_file(pub, &pub_len);
        char *pem = NULL;
        if (CHECK_STATUS(cdnsign_public_key_pem((const uint8_t *)priv_data, priv_len, NULL, 0, &pem),
                         CDNSIGN_STATUS_OK)) {
            CHECK_STR(pem, pub_data);
            cdnsign_string_free(pem);
        }
        /* the public key file itself gives the same PEM back */
        pem = NULL;
        if (CHECK_STATUS(cdnsign_public_key_pem((const uint8_t *)pub_data, pub_len, NULL, 0, &pem),
                         CDNSIGN_STATUS_OK)) {
            CHECK_STR(pem, pub_data);
            cdnsign_string_free(pem);
        }
        free(priv_data);
        free(pub_data);
        case_end();
        seen++;
    }
    case_begin("keys", "crypto.json_has_key_cases");
    CHECK(seen >= 4, "only %d key cases in crypto.json", seen);
    case_end();

    case_begin("keys", "encrypted_pkcs8_needs_its_passphrase");
    size_t enc_len = 0, pub_len = 0;
    char *enc = read_vector_file("keys/test-rsa2048.pkcs8-encrypted.pem", &enc_len);
    char *pub = read_vector_file("keys/test-rsa2048.pub.pem", &pub_len);
    char *pem = NULL;
    CHECK_STATUS(cdnsign_public_key_pem((const uint8_t *)enc, enc_len, NULL, 0, &pem),
                 CDNSIGN_STATUS_INVALID_KEY);
    CHECK(str_contains(cdnsign_last_error_message(), "passphrase"), "%s",
          cdnsign_last_error_message());
    CHECK(pem == NULL, "untouched");
    CHECK_STATUS(cdnsign_public_key_pem((const uint8_t *)enc, enc_len, (const uint8_t *)"wrong", 5,
                                        &pem),
                 CDNSIGN_STATUS_INVALID_KEY);
    CHECK(pem == NULL, "untouched");
    if (CHECK(passphrase != NULL, "crypto.json has a passphrase") &&
        CHECK_STATUS(cdnsign_public_key_pem((const uint8_t *)enc, enc_len,
                                            (const uint8_t *)passphrase, strlen(passphrase), &pem),
                     CDNSIGN_STATUS_OK)) {
        CHECK_STR(pem, pub);
        cdnsign_string_free(pem);
    }
    free(enc);
    free(pub);
    case_end();
    json_decref(doc);
}

static void key_errors(void) {
    char *pem = NULL;
    static const char not_a_key[] = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    case_begin("keys", "bad_keys_and_pointers");
    CHECK_STATUS(cdnsign_public_key_pem((const uint8_t *)not_a_key, strlen(not_a_key), NULL, 0,
                                        &pem),
                 CDNSIGN_STATUS_INVALID_KEY);
    CHECK_STATUS(cdnsign_public_key_pem((const uint8_t *)"garbage", 7, NULL, 0, &pem),
                 CDNSIGN_STATUS_INVALID_KEY);
    CHECK_STATUS(cdnsign_public_key_pem(NULL, 0, NULL, 0, &pem), CDNSIGN_STATUS_INVALID_KEY);
    CHECK(str_contains(cdnsign_last_error_message(), "empty"), "%s", cdnsign_last_error_message());
    CHECK_STATUS(cdnsign_public_key_pem(NULL, 10, NULL, 0, &pem), CDNSIGN_STATUS_INVALID_BUFFER);
    CHECK_STR(cdnsign_last_error_field(), "key");
    CHECK_STATUS(cdnsign_public_key_pem((const uint8_t *)"x", SIZE_MAX, NULL, 0, &pem),
                 CDNSIGN_STATUS_INVALID_BUFFER);
    CHECK_STATUS(cdnsign_public_key_pem((const uint8_t *)"x", 1, NULL, 3, &pem),
                 CDNSIGN_STATUS_INVALID_BUFFER);
    CHECK_STR(cdnsign_last_error_field(), "passphrase");
    CHECK_STATUS(cdnsign_public_key_pem((const uint8_t *)"x", 1, NULL, 0, NULL),
                 CDNSIGN_STATUS_NULL_ARGUMENT);
    CHECK(pem == NULL, "untouched on every failure");
    /* a passphrase with a key that is not encrypted is a caller error */
    size_t len = 0;
    char *key = read_vector_file("keys/test-rsa2048.pkcs8.pem", &len);
    CHECK_STATUS(cdnsign_public_key_pem((const uint8_t *)key, len, (const uint8_t *)"pw", 2, &pem),
                 CDNSIGN_STATUS_INVALID_INPUT);
    CHECK_STR(cdnsign_last_error_field(), "passphrase");
    free(key);
    case_end();
}

void test_core(void) {
    status_names();
    version();
    last_error_semantics();
    percent_encode();
    public_keys_from_vectors();
    key_errors();
}
