/* The C test suite of libcdnsign: harness and entry point. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

const char *g_vectors_dir = "../vectors";

static int g_passed;
static int g_failed;
static int g_case_failed;
static int g_in_case;
static const char *g_group = "";
static const char *g_case = "";
static char g_case_buf[256];

void case_begin(const char *group, const char *name) {
    g_group = group;
    snprintf(g_case_buf, sizeof g_case_buf, "%s", name);
    g_case = g_case_buf;
    g_case_failed = 0;
    g_in_case = 1;
}

void case_end(void) {
    if (!g_in_case) {
        return;
    }
    if (g_case_failed) {
        g_failed++;
        printf("FAIL %s/%s\n", g_group, g_case);
    } else {
        g_passed++;
    }
    g_in_case = 0;
}

int check_impl(int ok, const char *file, int line, const char *expr, const char *fmt, ...) {
    if (ok) {
        return 1;
    }
    g_case_failed = 1;
    if (!g_in_case) {
        g_failed++;
    }
    printf("  %s:%d: [%s/%s] check failed: %s\n    ", file, line, g_group, g_case, expr);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    return 0;
}

int check_status_impl(cdnsign_status got, cdnsign_status want, const char *file, int line,
                      const char *expr) {
    return check_impl(got == want, file, line, expr, "status %d (%s), want %d (%s); last error: %s", (int)got,
               cdnsign_status_name((uint32_t)got), (int)want,
               cdnsign_status_name((uint32_t)want), cdnsign_last_error_message());
}

int str_eq(const char *a, const char *b) {
    if (!a || !b) {
        return a == b;
    }
    return strcmp(a, b) == 0;
}

int str_contains(const char *s, const char *needle) {
    return s && needle && strstr(s, needle) != NULL;
}

int check_str_impl(const char *got, const char *want, const char *file, int line,
                   const char *expr) {
    return check_impl(str_eq(got, want), file, line, expr, "got  \"%s\"\n    want \"%s\"", got ? got : "(null)",
               want ? want : "(null)");
}

char *read_vector_file(const char *rel, size_t *len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", g_vectors_dir, rel);
    char *data = read_file(path, len);
    if (!data) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    return data;
}

json_t *load_vectors(const char *name) {
    char path[1024];
    char err[256];
    snprintf(path, sizeof path, "%s/%s", g_vectors_dir, name);
    json_t *v = jv_parse_file(path, err, sizeof err);
    if (!v) {
        fprintf(stderr, "%s: %s\n", path, err);
        exit(2);
    }
    return v;
}

static int b64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

uint8_t *b64_decode(const char *text, size_t *len) {
    size_t n = strlen(text);
    uint8_t *out = malloc(n * 3 / 4 + 3);
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    if (!out) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (text[i] == '=') {
            break;
        }
        int v = b64_value(text[i]);
        if (v < 0) {
            free(out);
            return NULL;
        }
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (uint8_t)((acc >> bits) & 0xFF);
        }
    }
    *len = o;
    return out;
}

int status_from_name(const char *name) {
    /* Every status number the header defines, looked up by the library's own
       names: the vectors store the core's snake_case codes. */
    static const cdnsign_status all[] = {
        CDNSIGN_STATUS_OK,
        CDNSIGN_STATUS_INVALID_INPUT,
        CDNSIGN_STATUS_INVALID_KEY,
        CDNSIGN_STATUS_EXPIRED,
        CDNSIGN_STATUS_NOT_YET_VALID,
        CDNSIGN_STATUS_BAD_SIGNATURE,
        CDNSIGN_STATUS_UNKNOWN_KEY,
        CDNSIGN_STATUS_URL_MISMATCH,
        CDNSIGN_STATUS_IP_NOT_ALLOWED,
        CDNSIGN_STATUS_COUNTRY_NOT_ALLOWED,
        CDNSIGN_STATUS_MALFORMED,
        CDNSIGN_STATUS_TIMESTAMP_TOO_OLD,
        CDNSIGN_STATUS_TIMESTAMP_IN_FUTURE,
        CDNSIGN_STATUS_MISSING_CREDENTIAL,
        CDNSIGN_STATUS_ALGORITHM_NOT_ALLOWED,
        CDNSIGN_STATUS_SUBJECT_MISMATCH,
        CDNSIGN_STATUS_HEADER_MISMATCH,
        CDNSIGN_STATUS_ACCESS_DENIED,
        CDNSIGN_STATUS_INTERNAL,
        CDNSIGN_STATUS_NULL_ARGUMENT,
        CDNSIGN_STATUS_INVALID_UTF8,
        CDNSIGN_STATUS_INVALID_BUFFER,
        CDNSIGN_STATUS_INTERIOR_NUL,
        CDNSIGN_STATUS_PANIC,
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (str_eq(cdnsign_status_name((uint32_t)all[i]), name)) {
            return (int)all[i];
        }
    }
    return -1;
}

int check_expected_error(cdnsign_status st, const json_t *expected, const char *file,
                         int line) {
    const char *code = jv_str(expected, "code");
    const char *field = jv_str(expected, "field");
    int want = status_from_name(code);
    const char *got_field = cdnsign_last_error_field();
    int ok = check_impl(want >= 0, file, line, "known code", "vector code %s is not a status",
                        code ? code : "(none)");
    ok = ok && check_status_impl(st, (cdnsign_status)want, file, line, code);
    if (ok && field) {
        ok = check_impl(str_eq(got_field, field), file, line, "field",
                        "error field \"%s\", vector says \"%s\" (%s)", got_field, field,
                        cdnsign_last_error_message());
    }
    return ok;
}

const char *case_name(const char *file, const json_t *c) {
    static char name[256];
    const char *id = jv_str(c, "id");
    snprintf(name, sizeof name, "%s:%s", file, id ? id : "?");
    return name;
}

uint8_t *input_body(const json_t *input, size_t *len) {
    const json_t *body = json_object_get(input, "body");
    const char *b64 = jv_str(input, "body_b64");
    if (json_is_string(body)) {
        size_t n = json_string_length(body);
        uint8_t *copy = malloc(n + 1);
        if (copy) {
            memcpy(copy, json_string_value(body), n + 1);
            *len = n;
        }
        return copy;
    }
    if (b64) {
        return b64_decode(b64, len);
    }
    *len = 0;
    return malloc(1);
}

int main(int argc, char **argv) {
    if (argc > 1) {
        g_vectors_dir = argv[1];
    }
    printf("libcdnsign %s (header %s)\n", cdnsign_version(), CDNSIGN_VERSION);
    test_json();
    test_core();
    test_cloudfront();
    test_webhook();
    test_stream();
    test_mediacdn();
    test_cloudcdn();
    test_manifest();
    test_threads();
    test_misuse();
    printf("%d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 && g_passed > 0 ? 0 : 1;
}
