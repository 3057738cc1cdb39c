/* The suite's JSON helpers over libjansson (see json.h). */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const size_t PARSE_FLAGS = JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL;

static json_t *parsed(json_t *v, const json_error_t *e, char *err, size_t err_len) {
    if (err && err_len) {
        if (v) {
            err[0] = '\0';
        } else {
            snprintf(err, err_len, "line %d column %d: %s", e->line, e->column, e->text);
        }
    }
    return v;
}

json_t *jv_parse(const char *text, size_t len, char *err, size_t err_len) {
    json_error_t e;
    return parsed(json_loadb(text, len, PARSE_FLAGS, &e), &e, err, err_len);
}

json_t *jv_parse_file(const char *path, char *err, size_t err_len) {
    json_error_t e;
    return parsed(json_load_file(path, PARSE_FLAGS, &e), &e, err, err_len);
}

const char *jv_str(const json_t *obj, const char *key) {
    return json_string_value(json_object_get(obj, key));
}

const char *jv_text(const json_t *v) {
    return json_string_value(v);
}

int jv_int(const json_t *obj, const char *key, int64_t *out) {
    const json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v)) {
        return 0;
    }
    *out = (int64_t)json_integer_value(v);
    return 1;
}

int jv_bool(const json_t *obj, const char *key) {
    const json_t *v = json_object_get(obj, key);
    return json_is_boolean(v) ? json_is_true(v) : -1;
}

size_t jv_len(const json_t *v) {
    return json_is_array(v) ? json_array_size(v) : json_is_object(v) ? json_object_size(v) : 0;
}

const json_t *jv_at(const json_t *v, size_t i) {
    if (!json_is_object(v)) {
        return json_array_get(v, i);
    }
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)v, key, value) {
        if (i-- == 0) {
            return value;
        }
    }
    return NULL;
}

int jv_equal(const json_t *a, const json_t *b) {
    if (json_is_number(a) && json_is_number(b)) {
        if (json_is_integer(a) && json_is_integer(b)) {
            return json_integer_value(a) == json_integer_value(b);
        }
        return json_number_value(a) == json_number_value(b);
    }
    if (!a || !b || json_typeof(a) != json_typeof(b)) {
        return 0;
    }
    if (json_is_array(a)) {
        if (json_array_size(a) != json_array_size(b)) {
            return 0;
        }
        for (size_t i = 0; i < json_array_size(a); i++) {
            if (!jv_equal(json_array_get(a, i), json_array_get(b, i))) {
                return 0;
            }
        }
        return 1;
    }
    if (json_is_object(a)) {
        const char *key;
        json_t *value;
        if (json_object_size(a) != json_object_size(b)) {
            return 0;
        }
        /* json_object_foreach takes a non-const object; it does not modify it. */
        json_object_foreach((json_t *)a, key, value) {
            if (!jv_equal(value, json_object_get(b, key))) {
                return 0;
            }
        }
        return 1;
    }
    return json_equal(a, b);
}

char *jv_scalar_text(const json_t *v) {
    return json_is_string(v) ? strdup(json_string_value(v)) : jv_serialize(v);
}

char *jv_serialize(const json_t *v) {
    return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        return NULL;
    }
    char *data = NULL;
    size_t size = 0;
    char chunk[8192];
    size_t n;
    int ok = 1;
    while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        char *grown = realloc(data, size + n + 1);
        ok = grown != NULL;
        if (ok) {
            data = grown;
            memcpy(data + size, chunk, n);
            size += n;
        }
    }
    ok = ok && !ferror(f);
    fclose(f);
    if (ok && !data) {
        data = malloc(1);
        ok = data != NULL;
    }
    if (!ok) {
        free(data);
        return NULL;
    }
    data[size] = '\0';
    if (len) {
        *len = size;
    }
    return data;
}
