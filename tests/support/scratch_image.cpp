#include "support/scratch_image.h"

#include <stdexcept>

#include "support/process.h"

namespace minify::test {

ScratchImage::ScratchImage(std::string name, const std::filesystem::path& rootfs_tar,
                           const std::vector<std::string>& changes)
    : name_(std::move(name)) {
  std::vector<std::string> argv{"docker", "import"};
  for (const auto& change : changes) {
    argv.push_back("--change");
    argv.push_back(change);
  }
  argv.push_back(rootfs_tar.string());
  argv.push_back(name_);
  const ProcessResult imported = run_process(argv);
  if (imported.status != 0)
    throw std::runtime_error("docker import of " + name_ + " failed: " + imported.err);
}

ScratchImage::~ScratchImage() {
  try {
    run_process({"docker", "image", "rm", "-f", name_});
  } catch (const std::exception&) {
    // A destructor cannot fail the test; the image is labelled for a manual clean-up.
  }
}

}  // namespace minify::test
