#include "image/content_digest.h"

#include <openssl/evp.h>

#include "image/image_error.h"

namespace minify::image {

ContentDigest::ContentDigest() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr || EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(ctx_);
    throw ImageError("OpenSSL: cannot initialise SHA-256");
  }
}

ContentDigest::~ContentDigest() {
  EVP_MD_CTX_free(ctx_);
}

void ContentDigest::update(std::string_view bytes) {
  if (EVP_DigestUpdate(ctx_, bytes.data(), bytes.size()) != 1)
    throw ImageError("OpenSSL: SHA-256 update failed");
}

std::string ContentDigest::finish() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx_, md, &length) != 1 ||
      EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1)
    throw ImageError("OpenSSL: SHA-256 final failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 0xf];
  }
  return out;
}

}  // namespace minify::image
