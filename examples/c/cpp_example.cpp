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

    std::cout << passes << " passed, " << failures << " failed\n";
    return failures == 0 ? 0 : 1;
}
