#include "pack/sha256.h"

#include <doctest/doctest.h>

using namespace minify::pack;

TEST_CASE("sha256 digests match the standard vectors") {
  CHECK(sha256_digest("") ==
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Sha256 h;
  h.update("a");
  h.update("bc");
  CHECK(h.digest() == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // A digest starts the next hash: one object hashes one file after another (lib/image).
  CHECK(h.digest() == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  h.update("abc");
  CHECK(h.digest() == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(digest_hex("sha256:abc") == "abc");
  CHECK(digest_hex("abc") == "abc");
}
