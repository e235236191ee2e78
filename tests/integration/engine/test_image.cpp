#include "test_image.h"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace minify::engine::testing {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class ImageHolder {
 public:
  ImageHolder() : name_(unique_name("minify-test/engine") + ":latest") {
    auto tar_path =
        std::filesystem::temp_directory_path() / (unique_name("minify-engine-root") + ".tar");
    {
      std::ofstream out(tar_path, std::ios::binary);
      out << make_tar({
          {"prog", read_file(ENGINE_TEST_PROGRAM), 0755},
          {"etc", "", 0755, true},
          {"etc/greeting.txt", "hello from minify\n", 0644},
          {"tmp", "", 01777, true},
      });
    }
    std::string test_label = test_labels()["minify.test"];
    CommandResult imported = run_command(
        "docker import --change 'LABEL minify=\"\" minify.test=" + test_label +
        "' --change 'ENTRYPOINT [\"/prog\"]' " + tar_path.string() + " " + name_ + " 2>&1");
    std::filesystem::remove(tar_path);
    if (imported.status != 0) throw std::runtime_error("docker import failed: " + imported.output);
  }
  ~ImageHolder() { run_command("docker rmi -f " + name_ + " >/dev/null 2>&1"); }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

}  // namespace

std::string make_tar(const std::vector<TarEntry>& entries) {
  std::string tar;
  archive* writer = archive_write_new();
  archive_write_set_format_pax_restricted(writer);
  archive_write_open(
      writer, &tar, nullptr,
      [](archive*, void* data, const void* buffer, size_t length) -> la_ssize_t {
        static_cast<std::string*>(data)->append(static_cast<const char*>(buffer), length);
        return static_cast<la_ssize_t>(length);
      },
      nullptr);
  for (const auto& entry : entries) {
    archive_entry* header = archive_entry_new();
    archive_entry_set_pathname(header, entry.path.c_str());
    archive_entry_set_filetype(header, entry.directory ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(header, entry.mode);
    archive_entry_set_size(header, static_cast<la_int64_t>(entry.content.size()));
    archive_entry_set_mtime(header, 1'700'000'000, 0);
    archive_write_header(writer, header);
    if (!entry.content.empty())
      archive_write_data(writer, entry.content.data(), entry.content.size());
    archive_entry_free(header);
  }
  archive_write_close(writer);
  archive_write_free(writer);
  return tar;
}

std::vector<TarEntry> read_tar(std::string_view tar) {
  std::vector<TarEntry> entries;
  archive* reader = archive_read_new();
  archive_read_support_format_tar(reader);
  if (archive_read_open_memory(reader, tar.data(), tar.size()) != ARCHIVE_OK) {
    archive_read_free(reader);
    throw std::runtime_error("not a tar");
  }
  archive_entry* header = nullptr;
  while (archive_read_next_header(reader, &header) == ARCHIVE_OK) {
    TarEntry entry;
    entry.path = archive_entry_pathname(header);
    entry.mode = archive_entry_perm(header);
    entry.directory = archive_entry_filetype(header) == AE_IFDIR;
    char buffer[8192];
    la_ssize_t n;
    while ((n = archive_read_data(reader, buffer, sizeof buffer)) > 0)
      entry.content.append(buffer, n);
    entries.push_back(std::move(entry));
  }
  archive_read_free(reader);
  return entries;
}

CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string unique_name(std::string_view prefix) {
  return std::string(prefix) + "-" + std::to_string(::getpid());
}

nlohmann::json test_labels() {
  return {{"minify", ""}, {"minify.test", unique_name("engine")}};
}

const std::string& test_image() {
  static ImageHolder holder;
  return holder.name();
}

EngineClient& client() {
  static EngineClient engine(Endpoint::from_environment());
  return engine;
}

ContainerGuard::~ContainerGuard() {
  try {
    client().remove_container(id_, /*force=*/true, /*volumes=*/true);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "warning: could not remove test container %s: %s\n", id_.c_str(),
                 e.what());
  }
}

std::string create_test_container(const std::vector<std::string>& args, bool tty) {
  nlohmann::json config = {
      {"Image", test_image()},
      {"Cmd", args},
      {"Labels", test_labels()},
      {"Tty", tty},
      {"HostConfig", {{"NetworkMode", "none"}}},
  };
  return client().create_container(config).id;
}

}  // namespace minify::engine::testing
