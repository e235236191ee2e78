#include "test_image.h"

#include "support/file_contents.h"
#include "support/scratch_image.h"
#include "support/tar_archive.h"
#include "support/temp_dir.h"
#include "support/test_engine.h"
#include "support/unique_name.h"

namespace minify::engine::testing {
namespace {

using minify::test::unique_name;

minify::test::ScratchImage make_test_image() {
  minify::test::TempDir dir;
  minify::test::write_file(dir / "root.tar",
                           minify::test::make_tar({
                               {"prog", minify::test::read_file(ENGINE_TEST_PROGRAM), 0755},
                               {"etc", "", 0755, true},
                               {"etc/greeting.txt", "hello from minify\n", 0644},
                               {"tmp", "", 01777, true},
                           }));
  const std::string test_label = test_labels()["minify.test"];
  return minify::test::ScratchImage(
      unique_name("minify-test/engine") + ":latest", dir / "root.tar",
      {"LABEL minify=\"\" minify.test=" + test_label, "ENTRYPOINT [\"/prog\"]"});
}

}  // namespace

nlohmann::json test_labels() {
  return {{"minify", ""}, {"minify.test", unique_name("engine")}};
}

const std::string& test_image() {
  static const minify::test::ScratchImage image = make_test_image();
  return image.name();
}

std::string create_test_container(const std::vector<std::string>& args, bool tty) {
  nlohmann::json config = {
      {"Image", test_image()},
      {"Cmd", args},
      {"Labels", test_labels()},
      {"Tty", tty},
      {"HostConfig", {{"NetworkMode", "none"}}},
  };
  return minify::test::test_engine().create_container(config).id;
}

}  // namespace minify::engine::testing
