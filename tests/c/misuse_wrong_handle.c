/* Must NOT compile: a Stream verifier passed where a Stream signer is
   expected. Every handle is its own opaque struct type, so the C compiler
   refuses the mix-up that the library could not detect at run time. Built by
   the `wrong-handle-type` target of tests/c/Makefile, which expects the
   compiler to fail with an incompatible-pointer-type diagnostic. */
#include <stddef.h>

#include "cdnsign.h"

int main(void) {
    cdnsign_stream_verifier *verifier = NULL;
    char *token = NULL;
    return (int)cdnsign_stream_signing_key_sign(verifier, "uid", 2, 1, &token);
}
