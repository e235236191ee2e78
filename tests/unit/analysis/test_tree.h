#pragma once
// A directory tree built by a test as an image root: made under the temp dir, removed at the
// end of the test. Paths are given as inside the image ("/usr/bin/a").

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <utility>

#include "record/record.h"
#include "support/temp_dir.h"

namespace minify::testing {

class TestTree {
 public:
  TestTree() : dir_(temp_.path().string()) {}
  TestTree(const TestTree&) = delete;
  TestTree& operator=(const TestTree&) = delete;

  const std::string& dir() const { return dir_; }
  std::string host(const std::string& path) const { return dir_ + path; }

  void mkdir(const std::string& path, unsigned mode = 0755) {
    std::filesystem::create_directories(host(path));
    ::chmod(host(path).c_str(), mode);
  }
  void file(const std::string& path, const std::string& content = "", unsigned mode = 0644) {
    std::filesystem::create_directories(std::filesystem::path(host(path)).parent_path());
    std::ofstream(host(path), std::ios::binary) << content;
    ::chmod(host(path).c_str(), mode);
  }
  void symlink(const std::string& path, const std::string& target) {
    std::filesystem::create_directories(std::filesystem::path(host(path)).parent_path());
    std::filesystem::create_symlink(target, host(path));
  }
  void hardlink(const std::string& path, const std::string& existing) {
    std::filesystem::create_hard_link(host(existing), host(path));
  }
  // Copies a file of the host (a built fixture, the host's libc) into the tree.
  void copy(const std::string& path, const std::string& host_source, unsigned mode = 0755) {
    std::filesystem::create_directories(std::filesystem::path(host(path)).parent_path());
    std::filesystem::copy_file(host_source, host(path),
                               std::filesystem::copy_options::overwrite_existing);
    ::chmod(host(path).c_str(), mode);
  }
  // A merged-/usr glibc base like Debian's: /bin, /lib, /lib64 symlinks into /usr; the host's
  // libc and loader; /lib64/ld-linux-x86-64.so.2 an absolute symlink, as Debian ships it.
  void glibc_base() {
    mkdir("/usr/bin");
    mkdir("/usr/lib/x86_64-linux-gnu");
    mkdir("/usr/lib64");
    symlink("/bin", "usr/bin");
    symlink("/lib", "usr/lib");
    symlink("/lib64", "usr/lib64");
    copy("/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6");
    copy("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
         "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
    symlink("/usr/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
  }

 private:
  minify::test::TempDir temp_;  // before dir_, which names it
  std::string dir_;
};

inline record::Record record_of(
    std::initializer_list<std::pair<std::string, std::uint32_t>> paths) {
  record::Record r;
  r.mode = "files";
  r.complete = true;
  r.arch = "x86_64";
  for (const auto& [path, ops] : paths) r.paths.push_back({path, ops, record::kPtrace, ""});
  return r;
}

}  // namespace minify::testing
