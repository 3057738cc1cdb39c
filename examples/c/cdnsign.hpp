// cdnsign.hpp — header-only C++17 RAII helpers over the C API of libcdnsign.
//
// Not a full binding: just what makes the C API exception-safe in C++.
//   - cdnsign::handle<T, free>: a unique_ptr-like owner for any cdnsign handle.
//   - cdnsign::take_string(char*): adopts a library-owned string into std::string
//     and releases it with cdnsign_string_free.
//   - cdnsign::check(status): throws cdnsign::error (status + message) on failure.
#ifndef CDNSIGN_HPP
#define CDNSIGN_HPP

#include <memory>
#include <stdexcept>
#include <string>

#include "cdnsign.h"

namespace cdnsign {

// An error from libcdnsign, with its stable status and the thread's last message.
class error : public std::runtime_error {
public:
    error(cdnsign_status status, const std::string &message)
        : std::runtime_error(message), status_(status) {}
    cdnsign_status status() const noexcept { return status_; }
    const char *name() const noexcept {
        return cdnsign_status_name(static_cast<uint32_t>(status_));
    }

private:
    cdnsign_status status_;
};

// Throws cdnsign::error unless status is CDNSIGN_STATUS_OK.
inline void check(cdnsign_status status) {
    if (status != CDNSIGN_STATUS_OK) {
        throw error(status, cdnsign_last_error_message());
    }
}

// Owns a string returned by the library.
struct string_deleter {
    void operator()(char *s) const noexcept { cdnsign_string_free(s); }
};
using unique_string = std::unique_ptr<char, string_deleter>;

// Copies a library-owned string into a std::string and frees the original.
inline std::string take_string(char *s) {
    unique_string owned(s);
    return owned ? std::string(owned.get()) : std::string();
}

// Owns one handle of type T, released by Free; move-only.
template <typename T, void (*Free)(T *)>
class handle {
public:
    handle() noexcept = default;
    explicit handle(T *raw) noexcept : raw_(raw) {}
    handle(const handle &) = delete;
    handle &operator=(const handle &) = delete;
    handle(handle &&other) noexcept : raw_(other.raw_) { other.raw_ = nullptr; }
    handle &operator=(handle &&other) noexcept {
        if (this != &other) {
            reset();
            raw_ = other.raw_;
            other.raw_ = nullptr;
        }
        return *this;
    }
    ~handle() { reset(); }

    void reset() noexcept {
        if (raw_) {
            Free(raw_);
            raw_ = nullptr;
        }
    }
    T *get() const noexcept { return raw_; }
    explicit operator bool() const noexcept { return raw_ != nullptr; }
    // For `_new(..., handle.out())`: releases the current handle first.
    T **out() noexcept {
        reset();
        return &raw_;
    }

private:
    T *raw_ = nullptr;
};

}  // namespace cdnsign

#endif  // CDNSIGN_HPP
