#pragma once
// Incremental SHA-256 (OpenSSL's libcrypto): minify's one, for layer diff_ids, image ids and
// blob names (lib/pack) and for the file contents `minify diff` compares (lib/image, which links
// it as minify_sha256: libcrypto alone, nothing of the engine). The same digest as `sha256sum`.

#include <memory>
#include <string>
#include <string_view>

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace minify::pack {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // "sha256:<64 hex>" of what was passed since the last digest(); ends this hash and starts the
  // next, so one object hashes one file after another.
  std::string digest();

 private:
  EVP_MD_CTX* ctx_;
};

// "sha256:<64 hex>" of `bytes`.
std::string sha256_digest(std::string_view bytes);

// The hex part of "sha256:<hex>" (the whole string when it has no "sha256:" prefix).
std::string_view digest_hex(std::string_view digest);

}  // namespace minify::pack
