#pragma once
// A FROM-scratch image made by a test: a root file system tar imported with `docker import`
// (setup through the CLI, so that what is under test, minify's engine client, builds nothing the
// test stands on). Removed with the object.

#include <filesystem>
#include <string>
#include <vector>

namespace minify::test {

class ScratchImage {
 public:
  // Imports `rootfs_tar` as `name`, with `changes` as `docker import --change` takes them
  // ("ENTRYPOINT [\"/prog\"]", "LABEL minify=test"). Throws std::runtime_error with the
  // engine's message when the import fails.
  ScratchImage(std::string name, const std::filesystem::path& rootfs_tar,
               const std::vector<std::string>& changes);
  ~ScratchImage();
  ScratchImage(const ScratchImage&) = delete;
  ScratchImage& operator=(const ScratchImage&) = delete;

  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

}  // namespace minify::test
