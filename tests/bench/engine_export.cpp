// Benchmark: exporting an image through minify's engine client (GET /images/{name}/get to a sink
// that discards) against `docker save IMAGE > /dev/null`, for images of several sizes. Prints the
// wall times, their ratio and the client's peak RSS, which must stay flat as the image grows
// (the export is streamed, never held). Asserts nothing about time.
//
// usage: bench_engine_export [SIZE_MB...]   (default: 100 400)
// Each image is made here (FROM scratch, random incompressible files, `docker import`) and removed.

#include <archive.h>
#include <archive_entry.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/engine_client.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace engine = minify::engine;

constexpr size_t kFileBytes = 10 * 1000 * 1000;  // the image is made of 10 MB files
constexpr int kRounds = 3;                       // best of: the machine is shared

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A rootfs tar of `megabytes` MB of random files, written in chunks (never whole in memory).
void write_random_rootfs(const std::filesystem::path& path, size_t megabytes) {
  archive* tar = archive_write_new();
  archive_write_set_format_pax_restricted(tar);
  if (archive_write_open_filename(tar, path.c_str()) != ARCHIVE_OK) {
    throw std::runtime_error(std::string("cannot write ") + path.string());
  }
  std::mt19937_64 random(megabytes);
  std::vector<uint64_t> chunk(1 << 17);  // 1 MiB
  size_t files = std::max<size_t>(1, megabytes * 1000 * 1000 / kFileBytes);
  for (size_t i = 0; i < files; ++i) {
    archive_entry* entry = archive_entry_new();
    std::string name = "data/blob-" + std::to_string(i);
    archive_entry_set_pathname(entry, name.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, kFileBytes);
    archive_write_header(tar, entry);
    archive_entry_free(entry);
    for (size_t left = kFileBytes; left > 0;) {
      for (auto& word : chunk) word = random();
      size_t n = std::min(left, chunk.size() * sizeof(uint64_t));
      archive_write_data(tar, chunk.data(), n);
      left -= n;
    }
  }
  archive_write_close(tar);
  archive_write_free(tar);
}

int run(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct ChildRun {
  double seconds = 0;
  uint64_t bytes = 0;
  long peak_rss_kb = 0;
  double cpu_seconds = 0;  // user + system
};

// Exports in a child process, so that its peak RSS (from wait4) is the export's alone.
ChildRun export_in_child(const std::string& image) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::close(fds[0]);
    ChildRun result;
    try {
      engine::EngineClient client(engine::Endpoint::from_environment());
      auto start = Clock::now();
      client.export_image(image,
                          [&result](std::string_view chunk) { result.bytes += chunk.size(); });
      result.seconds = seconds_since(start);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "export failed: %s\n", e.what());
      ::_exit(1);
    }
    if (::write(fds[1], &result, sizeof result) != sizeof result) ::_exit(1);
    ::_exit(0);
  }
  ::close(fds[1]);
  ChildRun result;
  ssize_t n = ::read(fds[0], &result, sizeof result);
  ::close(fds[0]);
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  if (n != sizeof result || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("the export child failed");
  }
  result.peak_rss_kb = usage.ru_maxrss;
  auto as_seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6;
  };
  result.cpu_seconds = as_seconds(usage.ru_utime) + as_seconds(usage.ru_stime);
  return result;
}

double docker_save_seconds(const std::string& image) {
  auto start = Clock::now();
  if (run("docker save " + image + " > /dev/null") != 0)
    throw std::runtime_error("docker save failed");
  return seconds_since(start);
}

void bench(size_t megabytes) {
  std::string image =
      "minify-bench/export-" + std::to_string(::getpid()) + ":" + std::to_string(megabytes) + "mb";
  auto rootfs = std::filesystem::temp_directory_path() /
                ("minify-bench-" + std::to_string(::getpid()) + ".tar");
  struct Cleanup {
    std::string image;
    std::filesystem::path rootfs;
    ~Cleanup() {
      std::filesystem::remove(rootfs);
      run("docker rmi -f " + image + " > /dev/null 2>&1");
    }
  } cleanup{image, rootfs};

  std::fprintf(stderr, "making a %zu MB image %s...\n", megabytes, image.c_str());
  write_random_rootfs(rootfs, megabytes);
  if (run("docker import --change 'LABEL minify=\"\" minify.bench=export' " + rootfs.string() +
          " " + image + " > /dev/null") != 0) {
    throw std::runtime_error("docker import failed");
  }
  std::filesystem::remove(rootfs);

  export_in_child(image);  // warm-up: the engine's first export of an image pays extra
  ChildRun best{1e9, 0, 0, 0};
  double save_best = 1e9;
  for (int round = 0; round < kRounds; ++round) {
    save_best = std::min(save_best, docker_save_seconds(image));
    ChildRun client = export_in_child(image);
    if (client.seconds < best.seconds) best = client;
    best.peak_rss_kb = std::max(best.peak_rss_kb, client.peak_rss_kb);
  }
  std::printf("%8zu %12.1f %12.2f %12.2f %8.2f %14.1f %12.0f %12.2f\n", megabytes,
              static_cast<double>(best.bytes) / 1e6, best.seconds, save_best,
              best.seconds / save_best, static_cast<double>(best.peak_rss_kb) / 1024,
              static_cast<double>(best.bytes) / 1e6 / best.seconds, best.cpu_seconds);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<size_t> sizes;
  for (int i = 1; i < argc; ++i) sizes.push_back(std::stoul(argv[i]));
  if (sizes.empty()) sizes = {100, 400};
  std::printf("export through minify's engine client vs `docker save > /dev/null` (best of %d)\n",
              kRounds);
  std::printf("%8s %12s %12s %12s %8s %14s %12s %12s\n", "image_MB", "tar_MB", "client_s", "save_s",
              "ratio", "client_rss_MB", "client_MB/s", "client_cpu_s");
  try {
    for (size_t megabytes : sizes) bench(megabytes);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_engine_export: %s\n", e.what());
    return 1;
  }
  return 0;
}
