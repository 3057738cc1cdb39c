// C++17 example over libcdnsign with the RAII helpers of cdnsign.hpp: every
// handle and every returned string is released on every path, including when
// an error is thrown. Built and run by `make test-c` (and under valgrind).
//
//   c++ -std=c++17 cpp_example.cpp $(pkg-config --cflags --libs cdnsign)
//   ./a.out [path/to/tests/vectors]
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "cdnsign.hpp"

namespace {

std::string read_file(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

int failures = 0;
int passes = 0;

void expect(bool ok, const std::string &what) {
    if (ok) {
        passes++;
    } else {
        failures++;
        std::cout << "FAIL " << what << "\n";
    }
}

std::string public_key_pem(const std::string &key) {
    char *pem = nullptr;
    cdnsign::check(cdnsign_public_key_pem(reinterpret_cast<const uint8_t *>(key.data()),
                                          key.size(), nullptr, 0, &pem));
    return cdnsign::take_string(pem);
}

using cloudfront_signer =
    cdnsign::handle<cdnsign_cloudfront_signer, cdnsign_cloudfront_signer_free>;
using cloudfront_verifier =
    cdnsign::handle<cdnsign_cloudfront_verifier, cdnsign_cloudfront_verifier_free>;
using stream_signer = cdnsign::handle<cdnsign_stream_signing_key, cdnsign_stream_signing_key_free>;
using stream_verifier = cdnsign::handle<cdnsign_stream_verifier, cdnsign_stream_verifier_free>;
using webhook_verifier = cdnsign::handle<cdnsign_webhook_verifier, cdnsign_webhook_verifier_free>;

// A Stream playback URL for one video: sign a token, build the HLS URL.
std::string stream_hls_url(const stream_signer &signer, const std::string &video, int64_t now) {
    char *token = nullptr;
    cdnsign::check(
        cdnsign_stream_signing_key_sign(signer.get(), video.c_str(), now + 3600, now, &token));
    const std::string t = cdnsign::take_string(token);
    char *url = nullptr;
    cdnsign::check(cdnsign_stream_url("f33zs165nr7gyfy4", t.c_str(), "hls", &url));
    return cdnsign::take_string(url);
}

}  // namespace

int main(int argc, char **argv) {
    const std::string vectors = argc > 1 ? argv[1] : "tests/vectors";
    std::cout << "libcdnsign " << cdnsign_version() << " from C++\n";

    // Keys: derive the public PEM; a bad key throws with the library's status.
    const std::string private_pem = read_file(vectors + "/keys/test-rsa2048.pkcs8.pem");
    const std::string public_pem = read_file(vectors + "/keys/test-rsa2048.pub.pem");
    expect(public_key_pem(private_pem) == public_pem, "public key of the RSA test key");
    try {
        public_key_pem("not a key");
        expect(false, "a bad key throws");
    } catch (const cdnsign::error &e) {
        expect(e.status() == CDNSIGN_STATUS_INVALID_KEY, "bad key -> invalid_key");
        expect(std::string(e.name()) == "invalid_key", "status name");
    }

    // CloudFront: a signed URL for one file, checked the way CloudFront would.
    const int64_t expires = 1767290400;
    const std::string cf_key = read_file(vectors + "/keys/cloudfront-rsa2048.pem");
    cloudfront_signer cf;
    cdnsign::check(cdnsign_cloudfront_signer_new(
        "K2JCJMDEHXQW5F", reinterpret_cast<const uint8_t *>(cf_key.data()), cf_key.size(),
        nullptr, 0, nullptr, false, cf.out()));
    cdnsign_cloudfront_sign_options options{};
    options.expires = expires;
    char *raw_url = nullptr;
    cdnsign::check(cdnsign_cloudfront_signer_sign_url(
        cf.get(), "https://d111111abcdef8.cloudfront.net/image.jpg", &options, &raw_url));
    const std::string signed_url = cdnsign::take_string(raw_url);
    expect(signed_url.rfind("https://d111111abcdef8.cloudfront.net/image.jpg?Expires=1767290400&"
                            "Signature=",
                            0) == 0,
           "canned URL: " + signed_url);
    char *cf_pem = nullptr;
    cdnsign::check(cdnsign_cloudfront_signer_public_key_pem(cf.get(), &cf_pem));
    const std::string cf_public = cdnsign::take_string(cf_pem);
    cloudfront_verifier cfv;
    const char *cf_ids[] = {cdnsign_cloudfront_signer_key_pair_id(cf.get())};
    const char *cf_keys[] = {cf_public.c_str()};
    cdnsign::check(cdnsign_cloudfront_verifier_new(cf_ids, cf_keys, 1, false, cfv.out()));
    cdnsign::check(cdnsign_cloudfront_verifier_verify_url(cfv.get(), signed_url.c_str(),
                                                          expires - 1, nullptr, nullptr));
    try {
        cdnsign::check(cdnsign_cloudfront_verifier_verify_url(cfv.get(), signed_url.c_str(),
                                                              expires + 37, nullptr, nullptr));
        expect(false, "an expired URL throws");
    } catch (const cdnsign::error &e) {
        expect(e.status() == CDNSIGN_STATUS_EXPIRED &&
                   std::string(e.what()).find("37 s") != std::string::npos,
               std::string("expired -> ") + e.what());
    }

    // Stream: handles released by their destructors, even when a call throws.
    const int64_t now = 1767290400;
    const std::string key_json = read_file(vectors + "/keys/stream-key.json");
    stream_signer signer;
    cdnsign::check(cdnsign_stream_signing_key_new(key_json.c_str(), nullptr, signer.out()));
    const std::string url = stream_hls_url(signer, "6b9e68b07dfee8cc2d116e4c51d6a957", now);
    expect(url.rfind("https://customer-f33zs165nr7gyfy4.cloudflarestream.com/ey", 0) == 0 &&
               url.size() > 100 &&
               url.compare(url.size() - 20, 20, "/manifest/video.m3u8") == 0,
           "HLS URL carries a token: " + url);

    stream_verifier verifier;
    const char *keys[] = {key_json.c_str()};
    cdnsign::check(cdnsign_stream_verifier_new(keys, nullptr, 1, CDNSIGN_STREAM_DEFAULT_LEEWAY,
                                               true, verifier.out()));
    const std::string token = url.substr(url.find(".com/") + 5, url.rfind("/manifest") - url.find(".com/") - 5);
    char *claims = nullptr;
    cdnsign::check(cdnsign_stream_verifier_verify(verifier.get(), token.c_str(), now, nullptr,
                                                  nullptr, nullptr, false, &claims));
    expect(cdnsign::take_string(claims).find("\"exp\":1767294000") != std::string::npos,
           "verified claims");
    try {
        stream_hls_url(signer, "6b9e68b07dfee8cc2d116e4c51d6a957", 1767290400000);  // ms!
        expect(false, "milliseconds throw");
    } catch (const cdnsign::error &e) {
        expect(e.status() == CDNSIGN_STATUS_INVALID_INPUT, std::string("ms -> ") + e.what());
    }
    stream_signer moved = std::move(signer);  // ownership moves; freed once
    expect(!signer && moved, "move-only handle");

    // Webhook: verify a signed body and read the event.
    const std::string body = R"({"uid":"u1","status":{"state":"ready"}})";
    char *header = nullptr;
    cdnsign::check(cdnsign_webhook_sign("s3cret", reinterpret_cast<const uint8_t *>(body.data()),
                                        body.size(), now, &header));
    const std::string h = cdnsign::take_string(header);
    webhook_verifier hooks;
    const char *secrets[] = {"s3cret"};
    cdnsign::check(cdnsign_webhook_verifier_new(secrets, 1, CDNSIGN_WEBHOOK_DEFAULT_TOLERANCE,
                                                hooks.out()));
    char *event = nullptr;
    cdnsign_webhook_verified verified{};
    cdnsign::check(cdnsign_webhook_verifier_verify_event(
        hooks.get(), h.c_str(), reinterpret_cast<const uint8_t *>(body.data()), body.size(),
        now + 3, &verified, &event));
    expect(cdnsign::take_string(event).find("\"lifecycle\":\"ready\"") != std::string::npos &&
               verified.age == 3,
           "webhook event");

    std::cout << passes << " passed, " << failures << " failed\n";
    return failures == 0 ? 0 : 1;
}
