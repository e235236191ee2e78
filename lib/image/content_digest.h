#pragma once
// SHA-256 of a file's contents as a layer streams past (OpenSSL): what tells two files of the same
// size apart when two images are compared (`minify diff`). The same digest as `sha256sum`.

#include <string>
#include <string_view>

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace minify::image {

class ContentDigest {
 public:
  ContentDigest();
  ~ContentDigest();
  ContentDigest(const ContentDigest&) = delete;
  ContentDigest& operator=(const ContentDigest&) = delete;

  void update(std::string_view bytes);
  // "sha256:<64 hex>"; ends this digest and starts the next one, so one object serves a layer.
  std::string finish();

 private:
  EVP_MD_CTX* ctx_;
};

}  // namespace minify::image
