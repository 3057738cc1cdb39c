/* Threads: one signer and one verifier shared by 4 threads; each thread has
   its own last error. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define THREADS 4

typedef struct last_error_job {
    int index;
    int ok;
} last_error_job;

static void *last_error_worker(void *arg) {
    last_error_job *job = arg;
    char *out = NULL;
    job->ok = 1;
    for (int i = 0; i < 200; i++) {
        /* even threads fail (NULL out-param), odd threads succeed */
        if (job->index % 2 == 0) {
            cdnsign_status st = cdnsign_percent_encode_url("https://h/x", NULL);
            job->ok &= st == CDNSIGN_STATUS_NULL_ARGUMENT;
            job->ok &= strcmp(cdnsign_last_error_field(), "out_url") == 0;
        } else {
            cdnsign_status st = cdnsign_percent_encode_url("https://h/ x", &out);
            job->ok &= st == CDNSIGN_STATUS_OK;
            job->ok &= strcmp(cdnsign_last_error_message(), "") == 0;
            job->ok &= out != NULL && strcmp(out, "https://h/%20x") == 0;
            cdnsign_string_free(out);
            out = NULL;
        }
    }
    return NULL;
}

static void last_error_is_per_thread(void) {
    pthread_t threads[THREADS];
    last_error_job jobs[THREADS];
    case_begin("threads", "last_error_is_per_thread");
    for (int i = 0; i < THREADS; i++) {
        jobs[i].index = i;
        jobs[i].ok = 0;
        CHECK(pthread_create(&threads[i], NULL, last_error_worker, &jobs[i]) == 0, "spawn");
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        CHECK(jobs[i].ok, "thread %d saw another thread's error state", i);
    }
    case_end();
}

#define SIGNS_PER_THREAD 5
static const int64_t NOW = 1767290400;

typedef struct stream_job {
    const cdnsign_stream_signing_key *signer;     /* shared */
    const cdnsign_stream_verifier *verifier; /* shared */
    const char *reference;                   /* token signed on the main thread */
    int index;
    int ok;
    char detail[160];
} stream_job;

static void *stream_worker(void *arg) {
    stream_job *job = arg;
    job->ok = 1;
    for (int i = 0; i < SIGNS_PER_THREAD && job->ok; i++) {
        char *token = NULL;
        /* the reference claims: must reproduce the main thread's token */
        cdnsign_status st = cdnsign_stream_signing_key_sign(job->signer, "6b9e68b07dfee8cc2d116e4c51d6a957",
                                                       NOW + 3600, NOW, &token);
        if (st != CDNSIGN_STATUS_OK || strcmp(token, job->reference) != 0) {
            job->ok = 0;
            snprintf(job->detail, sizeof job->detail, "sign %d: %s", i,
                     cdnsign_last_error_message());
        }
        cdnsign_string_free(token);
        token = NULL;
        /* claims of its own, verified by the shared verifier */
        int64_t exp = NOW + 60 + job->index * 100 + i;
        st = cdnsign_stream_signing_key_sign(job->signer, "thread-video", exp, NOW, &token);
        char *claims = NULL;
        if (st == CDNSIGN_STATUS_OK) {
            st = cdnsign_stream_verifier_verify(job->verifier, token, NOW, "thread-video", NULL,
                                                NULL, false, &claims);
        }
        char want[64];
        snprintf(want, sizeof want, "\"exp\":%lld", (long long)exp);
        if (job->ok && (st != CDNSIGN_STATUS_OK || !str_contains(claims, want))) {
            job->ok = 0;
            snprintf(job->detail, sizeof job->detail, "round trip %d: %s %s", i,
                     cdnsign_status_name((uint32_t)st), cdnsign_last_error_message());
        }
        cdnsign_string_free(claims);
        cdnsign_string_free(token);
    }
    return NULL;
}

static void shared_stream_signer(void) {
    pthread_t threads[THREADS];
    stream_job jobs[THREADS];
    cdnsign_stream_signing_key *signer = NULL;
    cdnsign_stream_verifier *verifier = NULL;
    char *reference = NULL;
    char *key = read_vector_file("keys/stream-key.json", NULL);
    const char *keys[] = {key};
    case_begin("threads", "stream_signer_shared_by_4_threads");
    if (CHECK_STATUS(cdnsign_stream_signing_key_new(key, NULL, &signer), CDNSIGN_STATUS_OK) &&
        CHECK_STATUS(cdnsign_stream_verifier_new(keys, NULL, 1, 0, true, &verifier),
                     CDNSIGN_STATUS_OK) &&
        CHECK_STATUS(cdnsign_stream_signing_key_sign(signer, "6b9e68b07dfee8cc2d116e4c51d6a957",
                                                NOW + 3600, NOW, &reference),
                     CDNSIGN_STATUS_OK)) {
        for (int i = 0; i < THREADS; i++) {
            jobs[i] = (stream_job){signer, verifier, reference, i, 0, ""};
            CHECK(pthread_create(&threads[i], NULL, stream_worker, &jobs[i]) == 0, "spawn");
        }
        for (int i = 0; i < THREADS; i++) {
            pthread_join(threads[i], NULL);
            CHECK(jobs[i].ok, "thread %d: %s", i, jobs[i].detail);
        }
    }
    cdnsign_string_free(reference);
    cdnsign_stream_verifier_free(verifier);
    cdnsign_stream_signing_key_free(signer);
    free(key);
    case_end();
}

typedef struct cloudfront_job {
    const cdnsign_cloudfront_signer *signer;     /* shared */
    const cdnsign_cloudfront_verifier *verifier; /* shared */
    const char *reference;                       /* URL signed on the main thread */
    int index;
    int ok;
    char detail[200];
} cloudfront_job;

static void *cloudfront_worker(void *arg) {
    cloudfront_job *job = arg;
    cdnsign_cloudfront_sign_options o;
    memset(&o, 0, sizeof o);
    job->ok = 1;
    for (int i = 0; i < SIGNS_PER_THREAD && job->ok; i++) {
        char *url = NULL, *json = NULL;
        o.expires = NOW + 3600;
        o.ip_range = NULL;
        /* RSA PKCS#1 v1.5 is deterministic: the main thread's URL, byte for byte */
        cdnsign_status st = cdnsign_cloudfront_signer_sign_url(
            job->signer, "https://d111111abcdef8.cloudfront.net/video.mp4", &o, &url);
        if (st != CDNSIGN_STATUS_OK || strcmp(url, job->reference) != 0) {
            job->ok = 0;
            snprintf(job->detail, sizeof job->detail, "sign %d: %s", i,
                     cdnsign_last_error_message());
        }
        cdnsign_string_free(url);
        url = NULL;
        /* a URL of its own (custom policy), verified by the shared verifier */
        char path[96];
        snprintf(path, sizeof path, "https://d111111abcdef8.cloudfront.net/t%d/%d.ts", job->index,
                 i);
        o.ip_range = "192.0.2.0/24";
        st = cdnsign_cloudfront_signer_sign_url(job->signer, path, &o, &url);
        if (st == CDNSIGN_STATUS_OK) {
            st = cdnsign_cloudfront_verifier_verify_url(job->verifier, url, NOW, "192.0.2.1", &json);
        }
        if (job->ok && (st != CDNSIGN_STATUS_OK || !str_contains(json, path))) {
            job->ok = 0;
            snprintf(job->detail, sizeof job->detail, "round trip %d: %s %s", i,
                     cdnsign_status_name((uint32_t)st), cdnsign_last_error_message());
        }
        /* and a rejection, whose message stays on this thread */
        if (job->ok && url &&
            (cdnsign_cloudfront_verifier_verify_url(job->verifier, url, NOW, "198.51.100.1",
                                                    NULL) != CDNSIGN_STATUS_IP_NOT_ALLOWED ||
             !str_contains(cdnsign_last_error_message(), "198.51.100.1"))) {
            job->ok = 0;
            snprintf(job->detail, sizeof job->detail, "rejection %d: %s", i,
                     cdnsign_last_error_message());
        }
        cdnsign_string_free(json);
        cdnsign_string_free(url);
    }
    return NULL;
}

static void shared_cloudfront_signer(void) {
    pthread_t threads[THREADS];
    cloudfront_job jobs[THREADS];
    cdnsign_cloudfront_signer *signer = NULL;
    cdnsign_cloudfront_verifier *verifier = NULL;
    char *reference = NULL, *pem = NULL;
    size_t len = 0;
    char *key = read_vector_file("keys/cloudfront-rsa2048.pem", &len);
    cdnsign_cloudfront_sign_options o;
    memset(&o, 0, sizeof o);
    o.expires = NOW + 3600;
    case_begin("threads", "cloudfront_signer_shared_by_4_threads");
    if (CHECK_STATUS(cdnsign_cloudfront_signer_new("K2JCJMDEHXQW5F", (const uint8_t *)key, len,
                                                   NULL, 0, NULL, false, &signer),
                     CDNSIGN_STATUS_OK) &&
        CHECK_STATUS(cdnsign_cloudfront_signer_public_key_pem(signer, &pem), CDNSIGN_STATUS_OK) &&
        CHECK_STATUS(cdnsign_cloudfront_verifier_new((const char *[]){"K2JCJMDEHXQW5F"},
                                                     (const char *[]){pem}, 1, false, &verifier),
                     CDNSIGN_STATUS_OK) &&
        CHECK_STATUS(cdnsign_cloudfront_signer_sign_url(
                         signer, "https://d111111abcdef8.cloudfront.net/video.mp4", &o, &reference),
                     CDNSIGN_STATUS_OK)) {
        for (int i = 0; i < THREADS; i++) {
            jobs[i] = (cloudfront_job){signer, verifier, reference, i, 0, ""};
            CHECK(pthread_create(&threads[i], NULL, cloudfront_worker, &jobs[i]) == 0, "spawn");
        }
        for (int i = 0; i < THREADS; i++) {
            pthread_join(threads[i], NULL);
            CHECK(jobs[i].ok, "thread %d: %s", i, jobs[i].detail);
        }
    }
    cdnsign_string_free(reference);
    cdnsign_string_free(pem);
    cdnsign_cloudfront_verifier_free(verifier);
    cdnsign_cloudfront_signer_free(signer);
    free(key);
    case_end();
}

void test_threads(void) {
    last_error_is_per_thread();
    shared_cloudfront_signer();
    shared_stream_signer();
}
