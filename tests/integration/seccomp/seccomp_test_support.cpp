#include "seccomp_test_support.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace minify::seccomp::testing {
namespace {

// A tar of executables at the root, for `docker import`.
void write_tar(const std::filesystem::path& path,
               const std::vector<std::pair<std::string, std::string>>& files) {
  archive* writer = archive_write_new();
  archive_write_set_format_pax_restricted(writer);
  if (archive_write_open_filename(writer, path.c_str()) != ARCHIVE_OK)
    throw std::runtime_error("cannot write " + path.string());
  for (const auto& [name, content] : files) {
    archive_entry* header = archive_entry_new();
    archive_entry_set_pathname(header, name.c_str());
    archive_entry_set_filetype(header, AE_IFREG);
    archive_entry_set_perm(header, 0755);
    archive_entry_set_size(header, static_cast<la_int64_t>(content.size()));
    archive_write_header(writer, header);
    archive_write_data(writer, content.data(), content.size());
    archive_entry_free(header);
  }
  archive_write_close(writer);
  archive_write_free(writer);
}

int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Setup only: the image is made with the docker CLI; everything under test goes through the API.
class ProgramImage {
 public:
  ProgramImage(const std::string& kind, const std::string& entrypoint)
      : name_(unique_name("minify-test/seccomp-" + kind) + ":latest") {
    const auto tar =
        std::filesystem::temp_directory_path() / (unique_name("minify-seccomp-" + kind) + ".tar");
    write_tar(tar, {{"exit_only", read_file(SECCOMP_EXIT_ONLY)},
                    {"pause_only", read_file(SECCOMP_PAUSE_ONLY)},
                    {"try_denied", read_file(SECCOMP_TRY_DENIED)},
                    {"pid1_uname", read_file(SECCOMP_PID1_UNAME)}});
    const int status = shell(
        "docker import --change 'LABEL minify=\"\"' --change "
        "'ENTRYPOINT [\"" +
        entrypoint + "\"]' " + tar.string() + " " + name_ + " >/dev/null");
    std::filesystem::remove(tar);
    if (status != 0) throw std::runtime_error("docker import of the seccomp test image failed");
  }
  ~ProgramImage() { shell("docker rmi -f " + name_ + " >/dev/null 2>&1"); }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

}  // namespace

std::string unique_name(const std::string& prefix) {
  return prefix + "-" + std::to_string(::getpid());
}

engine::EngineClient& client() {
  static engine::EngineClient engine(engine::Endpoint::from_environment());
  return engine;
}

const std::string& program_image() {
  static ProgramImage image("exit", "/exit_only");
  return image.name();
}

const std::string& pid1_image() {
  static ProgramImage image("pid1", "/pid1_uname");
  return image.name();
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string single_file_tar(const std::string& name, const std::string& content) {
  const auto path =
      std::filesystem::temp_directory_path() / (unique_name("minify-seccomp-put") + ".tar");
  write_tar(path, {{name, content}});
  std::string tar = read_file(path);
  std::filesystem::remove(path);
  return tar;
}

CommandResult run_minify(const std::string& arguments) {
  const auto err =
      std::filesystem::temp_directory_path() / (unique_name("minify-seccomp-err") + ".txt");
  CommandResult result;
  const std::string command =
      std::string(MINIFY_BINARY_DIR) + "/minify " + arguments + " 2>" + err.string();
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = read_file(err);
  std::filesystem::remove(err);
  return result;
}

nlohmann::json test_labels() {
  return {{"minify", ""}, {"minify.test", unique_name("seccomp")}};
}

ContainerGuard::~ContainerGuard() {
  try {
    client().remove_container(id_, /*force=*/true, /*volumes=*/true);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "warning: could not remove test container %s: %s\n", id_.c_str(),
                 e.what());
  }
}

std::string create_container(const RunOptions& options) {
  nlohmann::json host_config = {{"NetworkMode", "none"}};
  if (options.profile) host_config["SecurityOpt"] = {"seccomp=" + options.profile->dump()};
  if (!options.cap_add.empty()) host_config["CapAdd"] = options.cap_add;
  nlohmann::json config = {
      {"Image", options.image.empty() ? program_image() : options.image},
      {"Labels", test_labels()},
      {"HostConfig", host_config},
  };
  if (!options.entrypoint.empty()) config["Entrypoint"] = options.entrypoint;
  return client().create_container(config).id;
}

RunResult run_to_exit(const RunOptions& options) {
  ContainerGuard container(create_container(options));
  RunResult result;
  try {
    client().start_container(container.id());
  } catch (const engine::EngineError& e) {
    result.start_error = e.what();
    return result;
  }
  result.started = true;
  auto waited = client().wait_container(container.id(), std::chrono::seconds(30));
  if (!waited) throw std::runtime_error("test container did not exit within 30 s");
  result.exit_code = waited->exit_code;
  result.out = client().container_logs(container.id()).out;
  return result;
}

Profile profile_of(const std::vector<int>& syscalls) {
  record::Record record;
  record.mode = "full";
  record.complete = true;
  record.arch = "x86_64";
  for (int nr : syscalls) record.syscalls.push_back({nr, 1});
  return profile_from_record(record);
}

}  // namespace minify::seccomp::testing
