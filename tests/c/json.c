/* A small strict JSON reader for the test suite; see json.h. */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
    const char *p;
    const char *end;
    char *err;
    size_t err_len;
    int depth;
} parser;

static void fail(parser *ps, const char *what, const char *start) {
    if (ps->err && ps->err_len && ps->err[0] == '\0') {
        snprintf(ps->err, ps->err_len, "JSON: %s at offset %ld", what,
                 (long)(ps->p - start));
    }
}

static const char *g_start;

static void skip_ws(parser *ps) {
    while (ps->p < ps->end &&
           (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) {
        ps->p++;
    }
}

static int parse_value(parser *ps, json_value *out);

typedef struct buf {
    char *data;
    size_t len;
    size_t cap;
} buf;

static int buf_put(buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 32;
        while (b->len + n + 1 > cap) {
            cap *= 2;
        }
        char *d = realloc(b->data, cap);
        if (!d) {
            return 0;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 1;
}

static int put_utf8(buf *b, unsigned long cp) {
    char tmp[4];
    size_t n;
    if (cp < 0x80) {
        tmp[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        tmp[0] = (char)(0xC0 | (cp >> 6));
        tmp[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        tmp[0] = (char)(0xE0 | (cp >> 12));
        tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        tmp[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        tmp[0] = (char)(0xF0 | (cp >> 18));
        tmp[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        tmp[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        tmp[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return buf_put(b, tmp, n);
}

static int hex4(parser *ps, unsigned long *out) {
    unsigned long v = 0;
    if (ps->end - ps->p < 4) {
        return 0;
    }
    for (int i = 0; i < 4; i++) {
        char c = ps->p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') {
            v |= (unsigned long)(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            v |= (unsigned long)(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            v |= (unsigned long)(c - 'A' + 10);
        } else {
            return 0;
        }
    }
    ps->p += 4;
    *out = v;
    return 1;
}

/* Parses a string at ps->p (which is at the opening quote). */
static int parse_string(parser *ps, char **text, size_t *len) {
    buf b = {0};
    ps->p++; /* opening quote */
    if (!buf_put(&b, "", 0)) {
        return 0;
    }
    while (ps->p < ps->end && *ps->p != '"') {
        unsigned char c = (unsigned char)*ps->p;
        if (c < 0x20) {
            fail(ps, "control character in string", g_start);
            free(b.data);
            return 0;
        }
        if (c != '\\') {
            const char *run = ps->p;
            while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' &&
                   (unsigned char)*ps->p >= 0x20) {
                ps->p++;
            }
            if (!buf_put(&b, run, (size_t)(ps->p - run))) {
                free(b.data);
                return 0;
            }
            continue;
        }
        ps->p++;
        if (ps->p >= ps->end) {
            break;
        }
        char e = *ps->p++;
        const char *simple = NULL;
        switch (e) {
        case '"': simple = "\""; break;
        case '\\': simple = "\\"; break;
        case '/': simple = "/"; break;
        case 'b': simple = "\b"; break;
        case 'f': simple = "\f"; break;
        case 'n': simple = "\n"; break;
        case 'r': simple = "\r"; break;
        case 't': simple = "\t"; break;
        case 'u': {
            unsigned long cp;
            if (!hex4(ps, &cp)) {
                fail(ps, "bad \\u escape", g_start);
                free(b.data);
                return 0;
            }
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned long lo;
                if (ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u') {
                    ps->p += 2;
                    if (!hex4(ps, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
                        fail(ps, "bad surrogate pair", g_start);
                        free(b.data);
                        return 0;
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else {
                    fail(ps, "lone high surrogate", g_start);
                    free(b.data);
                    return 0;
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                fail(ps, "lone low surrogate", g_start);
                free(b.data);
                return 0;
            }
            if (!put_utf8(&b, cp)) {
                free(b.data);
                return 0;
            }
            continue;
        }
        default:
            fail(ps, "bad escape", g_start);
            free(b.data);
            return 0;
        }
        if (!buf_put(&b, simple, 1)) {
            free(b.data);
            return 0;
        }
    }
    if (ps->p >= ps->end) {
        fail(ps, "unterminated string", g_start);
        free(b.data);
        return 0;
    }
    ps->p++; /* closing quote */
    *text = b.data;
    *len = b.len;
    return 1;
}

static int parse_number(parser *ps, json_value *out) {
    const char *s = ps->p;
    if (ps->p < ps->end && *ps->p == '-') {
        ps->p++;
    }
    if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') {
        fail(ps, "bad number", g_start);
        return 0;
    }
    if (*ps->p == '0') {
        ps->p++;
    } else {
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
            ps->p++;
        }
    }
    if (ps->p < ps->end && *ps->p == '.') {
        ps->p++;
        if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') {
            fail(ps, "bad fraction", g_start);
            return 0;
        }
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
            ps->p++;
        }
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) {
            ps->p++;
        }
        if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') {
            fail(ps, "bad exponent", g_start);
            return 0;
        }
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
            ps->p++;
        }
    }
    size_t n = (size_t)(ps->p - s);
    out->type = JSON_NUMBER;
    out->text = malloc(n + 1);
    if (!out->text) {
        return 0;
    }
    memcpy(out->text, s, n);
    out->text[n] = '\0';
    out->len = n;
    return 1;
}

static int literal(parser *ps, const char *word) {
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, word, n) == 0) {
        ps->p += n;
        return 1;
    }
    fail(ps, "unexpected token", g_start);
    return 0;
}

static void free_children(json_value *v);

static int grow(json_value *v, size_t *cap, int with_keys) {
    if (v->count < *cap) {
        return 1;
    }
    size_t ncap = *cap ? *cap * 2 : 4;
    json_value *items = realloc(v->items, ncap * sizeof *items);
    if (!items) {
        return 0;
    }
    v->items = items;
    if (with_keys) {
        char **keys = realloc(v->keys, ncap * sizeof *keys);
        if (!keys) {
            return 0;
        }
        v->keys = keys;
    }
    *cap = ncap;
    return 1;
}

static int parse_container(parser *ps, json_value *out, int object) {
    size_t cap = 0;
    out->type = object ? JSON_OBJECT : JSON_ARRAY;
    if (++ps->depth > 64) {
        fail(ps, "nesting too deep", g_start);
        return 0;
    }
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == (object ? '}' : ']')) {
        ps->p++;
        ps->depth--;
        return 1;
    }
    for (;;) {
        char *key = NULL;
        size_t key_len = 0;
        skip_ws(ps);
        if (object) {
            if (ps->p >= ps->end || *ps->p != '"') {
                fail(ps, "expected a key", g_start);
                return 0;
            }
            if (!parse_string(ps, &key, &key_len)) {
                return 0;
            }
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':') {
                free(key);
                fail(ps, "expected ':'", g_start);
                return 0;
            }
            ps->p++;
        }
        if (!grow(out, &cap, object)) {
            free(key);
            return 0;
        }
        json_value *item = &out->items[out->count];
        memset(item, 0, sizeof *item);
        if (object) {
            out->keys[out->count] = key;
        }
        out->count++;
        if (!parse_value(ps, item)) {
            return 0;
        }
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == (object ? '}' : ']')) {
            ps->p++;
            ps->depth--;
            return 1;
        }
        fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'", g_start);
        return 0;
    }
}

static int parse_value(parser *ps, json_value *out) {
    skip_ws(ps);
    if (ps->p >= ps->end) {
        fail(ps, "unexpected end", g_start);
        return 0;
    }
    switch (*ps->p) {
    case '{':
        return parse_container(ps, out, 1);
    case '[':
        return parse_container(ps, out, 0);
    case '"':
        out->type = JSON_STRING;
        return parse_string(ps, &out->text, &out->len);
    case 't':
        out->type = JSON_BOOL;
        out->boolean = 1;
        return literal(ps, "true");
    case 'f':
        out->type = JSON_BOOL;
        out->boolean = 0;
        return literal(ps, "false");
    case 'n':
        out->type = JSON_NULL;
        return literal(ps, "null");
    default:
        return parse_number(ps, out);
    }
}

static void free_children(json_value *v) {
    free(v->text);
    for (size_t i = 0; i < v->count; i++) {
        free_children(&v->items[i]);
        if (v->keys) {
            free(v->keys[i]);
        }
    }
    free(v->items);
    free(v->keys);
}

void json_free(json_value *v) {
    if (v) {
        free_children(v);
        free(v);
    }
}

json_value *json_parse(const char *text, size_t len, char *err, size_t err_len) {
    parser ps = {text, text + len, err, err_len, 0};
    json_value *root = calloc(1, sizeof *root);
    if (err && err_len) {
        err[0] = '\0';
    }
    if (!root) {
        return NULL;
    }
    g_start = text;
    if (!parse_value(&ps, root)) {
        fail(&ps, "out of memory", text);
        json_free(root);
        return NULL;
    }
    skip_ws(&ps);
    if (ps.p != ps.end) {
        fail(&ps, "trailing characters", text);
        json_free(root);
        return NULL;
    }
    return root;
}

char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    buf b = {0};
    char chunk[8192];
    size_t n;
    int ok = buf_put(&b, "", 0);
    while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        ok = buf_put(&b, chunk, n);
    }
    if (ferror(f)) {
        ok = 0;
    }
    fclose(f);
    if (!ok) {
        free(b.data);
        return NULL;
    }
    if (len) {
        *len = b.len;
    }
    return b.data;
}

json_value *json_parse_file(const char *path, char *err, size_t err_len) {
    size_t len = 0;
    char *text = read_file(path, &len);
    if (!text) {
        if (err && err_len) {
            snprintf(err, err_len, "cannot read %s", path);
        }
        return NULL;
    }
    json_value *v = json_parse(text, len, err, err_len);
    free(text);
    return v;
}

const json_value *json_get(const json_value *v, const char *key) {
    if (!v || v->type != JSON_OBJECT) {
        return NULL;
    }
    for (size_t i = 0; i < v->count; i++) {
        if (strcmp(v->keys[i], key) == 0) {
            return &v->items[i];
        }
    }
    return NULL;
}

const json_value *json_at(const json_value *v, size_t i) {
    if (!v || v->type != JSON_ARRAY || i >= v->count) {
        return NULL;
    }
    return &v->items[i];
}

const char *json_get_str(const json_value *obj, const char *key) {
    const json_value *v = json_get(obj, key);
    return v && v->type == JSON_STRING ? v->text : NULL;
}

int json_get_int(const json_value *obj, const char *key, int64_t *out) {
    const json_value *v = json_get(obj, key);
    if (!v || v->type != JSON_NUMBER || strpbrk(v->text, ".eE")) {
        return 0;
    }
    char *end = NULL;
    long long n = strtoll(v->text, &end, 10);
    if (!end || *end != '\0') {
        return 0;
    }
    *out = (int64_t)n;
    return 1;
}

int json_get_bool(const json_value *obj, const char *key) {
    const json_value *v = json_get(obj, key);
    return v && v->type == JSON_BOOL ? v->boolean : -1;
}

static int put_json_string(buf *b, const char *s, size_t n) {
    int ok = buf_put(b, "\"", 1);
    for (size_t i = 0; ok && i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            ok = buf_put(b, esc, 2);
        } else if (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
            esc[0] = '\\';
            esc[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : c == '\b' ? 'b' : 'f';
            ok = buf_put(b, esc, 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            ok = buf_put(b, esc, 6);
        } else {
            ok = buf_put(b, (const char *)&s[i], 1);
        }
    }
    return ok && buf_put(b, "\"", 1);
}

static int put_value(buf *b, const json_value *v) {
    switch (v->type) {
    case JSON_NULL:
        return buf_put(b, "null", 4);
    case JSON_BOOL:
        return v->boolean ? buf_put(b, "true", 4) : buf_put(b, "false", 5);
    case JSON_NUMBER:
        return buf_put(b, v->text, v->len);
    case JSON_STRING:
        return put_json_string(b, v->text, v->len);
    case JSON_ARRAY:
    case JSON_OBJECT: {
        int object = v->type == JSON_OBJECT;
        int ok = buf_put(b, object ? "{" : "[", 1);
        for (size_t i = 0; ok && i < v->count; i++) {
            if (i) {
                ok = buf_put(b, ",", 1);
            }
            if (ok && object) {
                ok = put_json_string(b, v->keys[i], strlen(v->keys[i])) && buf_put(b, ":", 1);
            }
            ok = ok && put_value(b, &v->items[i]);
        }
        return ok && buf_put(b, object ? "}" : "]", 1);
    }
    }
    return 0;
}

char *json_serialize(const json_value *v) {
    buf b = {0};
    if (!v || !buf_put(&b, "", 0) || !put_value(&b, v)) {
        free(b.data);
        return NULL;
    }
    return b.data;
}

static int numbers_equal(const json_value *a, const json_value *b) {
    if (strcmp(a->text, b->text) == 0) {
        return 1;
    }
    return strtod(a->text, NULL) == strtod(b->text, NULL);
}

int json_equal(const json_value *a, const json_value *b) {
    if (!a || !b) {
        return a == b;
    }
    if (a->type != b->type) {
        return 0;
    }
    switch (a->type) {
    case JSON_NULL:
        return 1;
    case JSON_BOOL:
        return a->boolean == b->boolean;
    case JSON_NUMBER:
        return numbers_equal(a, b);
    case JSON_STRING:
        return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
    case JSON_ARRAY:
        if (a->count != b->count) {
            return 0;
        }
        for (size_t i = 0; i < a->count; i++) {
            if (!json_equal(&a->items[i], &b->items[i])) {
                return 0;
            }
        }
        return 1;
    case JSON_OBJECT:
        if (a->count != b->count) {
            return 0;
        }
        for (size_t i = 0; i < a->count; i++) {
            if (!json_equal(&a->items[i], json_get(b, a->keys[i]))) {
                return 0;
            }
        }
        return 1;
    }
    return 0;
}
