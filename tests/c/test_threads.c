/* Threads: each thread has its own last error. (The shared-signer test lives
   beside each provider's tests: see test_cloudfront.c.) */
#include <pthread.h>
#include <stdio.h>
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

void test_threads(void) {
    last_error_is_per_thread();
}
