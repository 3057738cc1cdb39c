// The C++17 twin of smoke.c: the same credentials and the same output, with
// the C API called from C++ (extern "C" linkage of cdnsign.h) and its
// handles and strings owned by std::unique_ptr, as a C++ user would.
#include <cdnsign.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

namespace {

constexpr std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z
constexpr std::int64_t kExpires = kNow + 3600;

template <typename T, void (*Free)(T *)>
struct Deleter {
    void operator()(T *p) const { Free(p); }
};
template <typename T, void (*Free)(T *)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;
using Str = Owned<char, cdnsign_string_free>;

void check(cdnsign_status status, const char *what) {
    if (status != CDNSIGN_STATUS_OK) {
        throw std::runtime_error(std::string(what) + " failed: " + cdnsign_last_error_message());
    }
}

void expect(cdnsign_status got, cdnsign_status want, const char *what) {
    if (got != want) {
        throw std::runtime_error(std::string(what) + " gave " + cdnsign_status_name(got) +
                                 ", expected " + cdnsign_status_name(want));
    }
}

// Fills a cdnsign out-parameter of type T** and takes ownership of it.
template <typename O, typename F>
O make(F &&call, const char *what) {
    typename O::pointer raw = nullptr;
    check(call(&raw), what);
    return O(raw);
}

// tests/vectors/keys/cloudfront-ec-p256.pem; CloudFront keys come from the user.
const char kCloudFrontKey[] =
    "-----BEGIN EC PRIVATE KEY-----\n"
    "MHcCAQEEINAadJSxT66uGCEUNPexA2MlQziX1U22mMfRH+2rS3auoAoGCCqGSM49\n"
    "AwEHoUQDQgAEsVbeif342SKaekA3UL23cIaFAc/eD76Wvt9HmKR/3rsRFOE2HWVS\n"
    "ZfWoBVYfA1rL6UAnxx+d8XhN0a75IqlrTQ==\n"
    "-----END EC PRIVATE KEY-----\n";

void cloudfront() {
    using Signer = Owned<cdnsign_cloudfront_signer, cdnsign_cloudfront_signer_free>;
    using Verifier = Owned<cdnsign_cloudfront_verifier, cdnsign_cloudfront_verifier_free>;
    auto signer = make<Signer>(
        [](cdnsign_cloudfront_signer **out) {
            return cdnsign_cloudfront_signer_new(
                "K2JCJMDEHXQW5F", reinterpret_cast<const std::uint8_t *>(kCloudFrontKey),
                std::strlen(kCloudFrontKey), nullptr, 0, nullptr, false, out);
        },
        "cloudfront signer");
    auto pem = make<Str>(
        [&](char **out) { return cdnsign_cloudfront_signer_public_key_pem(signer.get(), out); },
        "cloudfront public key");
    cdnsign_cloudfront_sign_options opts{};
    opts.expires = kExpires;
    auto url = make<Str>(
        [&](char **out) {
            return cdnsign_cloudfront_signer_sign_url(
                signer.get(), "https://d111111abcdef8.cloudfront.net/a.mp4", &opts, out);
        },
        "cloudfront sign");
    const char *ids[] = {"K2JCJMDEHXQW5F"};
    const char *keys[] = {pem.get()};
    auto verifier = make<Verifier>(
        [&](cdnsign_cloudfront_verifier **out) {
            return cdnsign_cloudfront_verifier_new(ids, keys, 1, false, out);
        },
        "cloudfront verifier");
    check(cdnsign_cloudfront_verifier_verify_url(verifier.get(), url.get(), kNow, nullptr, nullptr),
          "cloudfront verify");
    expect(cdnsign_cloudfront_verifier_verify_url(verifier.get(), url.get(), kExpires + 1, nullptr,
                                                  nullptr),
           CDNSIGN_STATUS_EXPIRED, "cloudfront verify after expiry");
    std::puts("cloudfront signed url: signed, verified, expired refused");
}

void stream_token() {
    using Signer = Owned<cdnsign_stream_signing_key, cdnsign_stream_signing_key_free>;
    using Verifier = Owned<cdnsign_stream_verifier, cdnsign_stream_verifier_free>;
    const char *uid = "ea95132c15732412d22c1476fa83f27a";
    auto key = make<Str>([](char **out) { return cdnsign_stream_generate_key(kNow, out); },
                         "stream key");
    auto signer = make<Signer>(
        [&](cdnsign_stream_signing_key **out) { return cdnsign_stream_signing_key_new(key.get(), nullptr, out); },
        "stream signer");
    auto jwk = make<Str>(
        [&](char **out) { return cdnsign_stream_signing_key_public_jwk(signer.get(), out); },
        "stream public jwk");
    auto token = make<Str>(
        [&](char **out) { return cdnsign_stream_signing_key_sign(signer.get(), uid, kExpires, kNow, out); },
        "stream sign");
    const char *texts[] = {jwk.get()};
    auto verifier = make<Verifier>(
        [&](cdnsign_stream_verifier **out) {
            return cdnsign_stream_verifier_new(texts, nullptr, 1, 0, true, out);
        },
        "stream verifier");
    check(cdnsign_stream_verifier_verify(verifier.get(), token.get(), kNow, uid, nullptr, nullptr,
                                         false, nullptr),
          "stream verify");
    expect(cdnsign_stream_verifier_verify(verifier.get(), token.get(), kExpires + 1, nullptr,
                                          nullptr, nullptr, false, nullptr),
           CDNSIGN_STATUS_EXPIRED, "stream verify after expiry");
    std::puts("stream token: signed, verified, expired refused");
}

void stream_webhook() {
    using Verifier = Owned<cdnsign_webhook_verifier, cdnsign_webhook_verifier_free>;
    const char *secret = "smoke-webhook-secret";
    const std::string body = "{\"uid\":\"ea95132c15732412d22c1476fa83f27a\"}";
    const auto *bytes = reinterpret_cast<const std::uint8_t *>(body.data());
    auto header = make<Str>(
        [&](char **out) { return cdnsign_webhook_sign(secret, bytes, body.size(), kNow, out); },
        "webhook sign");
    const char *secrets[] = {secret};
    auto verifier = make<Verifier>(
        [&](cdnsign_webhook_verifier **out) {
            return cdnsign_webhook_verifier_new(secrets, 1, 300, out);
        },
        "webhook verifier");
    check(cdnsign_webhook_verifier_verify(verifier.get(), header.get(), bytes, body.size(),
                                          kNow + 10, nullptr),
          "webhook verify");
    expect(cdnsign_webhook_verifier_verify(verifier.get(), header.get(), bytes, body.size(),
                                           kNow + 301, nullptr),
           CDNSIGN_STATUS_TIMESTAMP_TOO_OLD, "webhook verify after the tolerance");
    std::puts("stream webhook: signed, verified, expired refused");
}

void mediacdn() {
    using Key = Owned<cdnsign_mediacdn_key, cdnsign_mediacdn_key_free>;
    using Signer = Owned<cdnsign_mediacdn_signer, cdnsign_mediacdn_signer_free>;
    using Verifier = Owned<cdnsign_mediacdn_verifier, cdnsign_mediacdn_verifier_free>;
    char *seed_raw = nullptr;
    char *public_raw = nullptr;
    check(cdnsign_mediacdn_generate_key(&seed_raw, &public_raw), "mediacdn key");
    Str seed(seed_raw);
    Str public_key(public_raw);
    auto key = make<Key>(
        [&](cdnsign_mediacdn_key **out) { return cdnsign_mediacdn_key_new(seed.get(), out); },
        "mediacdn key load");
    auto signer = make<Signer>(
        [&](cdnsign_mediacdn_signer **out) {
            return cdnsign_mediacdn_signer_new(key.get(), "smoke-key", false, nullptr, out);
        },
        "mediacdn signer");
    auto url = make<Str>(
        [&](char **out) {
            return cdnsign_mediacdn_signer_sign_url(signer.get(), "https://media.example.com/a.m3u8",
                                                    kExpires, out, nullptr);
        },
        "mediacdn sign");
    const char *ids[] = {"smoke-key"};
    const char *keys[] = {public_key.get()};
    auto verifier = make<Verifier>(
        [&](cdnsign_mediacdn_verifier **out) {
            return cdnsign_mediacdn_verifier_new("smoke-keyset", ids, keys, 1, nullptr, nullptr, 0,
                                                 nullptr, out);
        },
        "mediacdn verifier");
    check(cdnsign_mediacdn_verifier_verify(verifier.get(), url.get(), kNow, nullptr, nullptr, 0,
                                           nullptr, nullptr, nullptr),
          "mediacdn verify");
    expect(cdnsign_mediacdn_verifier_verify(verifier.get(), url.get(), kExpires + 1, nullptr,
                                            nullptr, 0, nullptr, nullptr, nullptr),
           CDNSIGN_STATUS_EXPIRED, "mediacdn verify after expiry");
    std::puts("mediacdn signed url: signed, verified, expired refused");
}

void cloudcdn() {
    using Signer = Owned<cdnsign_cloudcdn_signer, cdnsign_cloudcdn_signer_free>;
    using Verifier = Owned<cdnsign_cloudcdn_verifier, cdnsign_cloudcdn_verifier_free>;
    auto key_file = make<Str>([](char **out) { return cdnsign_cloudcdn_generate_key(out); },
                              "cloudcdn key");
    auto signer = make<Signer>(
        [&](cdnsign_cloudcdn_signer **out) {
            return cdnsign_cloudcdn_signer_new("smoke-key", key_file.get(), true, out);
        },
        "cloudcdn signer");
    auto url = make<Str>(
        [&](char **out) {
            return cdnsign_cloudcdn_signer_sign_url(signer.get(), "https://cdn.example.com/a.jpg",
                                                    kExpires, out, nullptr);
        },
        "cloudcdn sign");
    const char *names[] = {"smoke-key"};
    const char *files[] = {key_file.get()};
    auto verifier = make<Verifier>(
        [&](cdnsign_cloudcdn_verifier **out) {
            return cdnsign_cloudcdn_verifier_new(names, files, 1, out);
        },
        "cloudcdn verifier");
    check(cdnsign_cloudcdn_verifier_verify(verifier.get(), url.get(), nullptr, kNow, nullptr),
          "cloudcdn verify");
    expect(cdnsign_cloudcdn_verifier_verify(verifier.get(), url.get(), nullptr, kExpires + 1,
                                            nullptr),
           CDNSIGN_STATUS_EXPIRED, "cloudcdn verify after expiry");
    std::puts("cloudcdn signed url: signed, verified, expired refused");
}

}  // namespace

int main() {
    try {
        if (std::strcmp(cdnsign_version(), CDNSIGN_VERSION) != 0) {
            throw std::runtime_error(std::string("library ") + cdnsign_version() + ", header " +
                                     CDNSIGN_VERSION);
        }
        std::printf("cdnsign %s (C++, header %s)\n", cdnsign_version(), CDNSIGN_VERSION);
        cloudfront();
        stream_token();
        stream_webhook();
        mediacdn();
        cloudcdn();
    } catch (const std::exception &e) {
        std::fprintf(stderr, "smoke: %s\n", e.what());
        return 1;
    }
    return 0;
}
