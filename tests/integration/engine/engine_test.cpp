// The engine client against the real Docker engine (DOCKER_HOST or the default socket), on an
// image made by the test itself.

#include <archive.h>
#include <archive_entry.h>
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/engine_client.h"
#include "pack/sha256.h"
#include "support/engine_test_calls.h"
#include "support/process.h"
#include "support/tar_archive.h"
#include "support/temp_dir.h"
#include "support/test_engine.h"
#include "support/unique_name.h"
#include "test_image.h"

using namespace minify::engine;
using namespace minify::engine::testing;
using namespace minify::test;
using namespace std::chrono_literals;

namespace {

// A source that hands out `data` in pieces of at most `piece` bytes (to cross chunk boundaries).
ByteSource source_of(const std::string& data, size_t piece) {
  auto offset = std::make_shared<size_t>(0);
  return [&data, piece, offset](char* buffer, size_t capacity) {
    size_t n = std::min({piece, capacity, data.size() - *offset});
    std::memcpy(buffer, data.data() + *offset, n);
    *offset += n;
    return n;
  };
}

ExecConfig command(std::vector<std::string> argv, std::vector<std::string> env = {},
                   std::string user = {}, std::string working_dir = {}) {
  ExecConfig config;
  config.argv = std::move(argv);
  config.env = std::move(env);
  config.user = std::move(user);
  config.working_dir = std::move(working_dir);
  return config;
}

std::string error_text(const std::function<void()>& call, ErrorKind expected) {
  try {
    call();
  } catch (const EngineError& e) {
    CHECK(e.kind() == expected);
    return e.what();
  }
  FAIL("no EngineError");
  return {};
}

// Reads manifest.json out of a docker-archive while it streams: the sink writes into a pipe that
// libarchive reads on another thread, so the export is never held whole.
class StreamingManifestReader {
 public:
  StreamingManifestReader() {
    REQUIRE(::pipe(fds_) == 0);
    reader_ = std::thread([this] { read(); });
  }
  ~StreamingManifestReader() {
    close_write();
    if (reader_.joinable()) reader_.join();
    ::close(fds_[0]);
  }
  void write(std::string_view chunk) {
    while (!chunk.empty()) {
      ssize_t n = ::write(fds_[1], chunk.data(), chunk.size());
      if (n <= 0) throw std::runtime_error("the tar reader went away");
      chunk.remove_prefix(static_cast<size_t>(n));
    }
  }
  // Ends the stream and returns manifest.json's text and how many entries the tar had.
  std::pair<std::string, int> finish() {
    close_write();
    reader_.join();
    return {manifest_, entries_};
  }

 private:
  void close_write() {
    if (fds_[1] >= 0) ::close(fds_[1]);
    fds_[1] = -1;
  }
  void read() {
    archive* tar = archive_read_new();
    archive_read_support_format_tar(tar);
    if (archive_read_open_fd(tar, fds_[0], 64 * 1024) == ARCHIVE_OK) {
      archive_entry* entry = nullptr;
      while (archive_read_next_header(tar, &entry) == ARCHIVE_OK) {
        ++entries_;
        if (std::string_view(archive_entry_pathname(entry)) != "manifest.json") {
          archive_read_data_skip(tar);
          continue;
        }
        char buffer[4096];
        la_ssize_t n;
        while ((n = archive_read_data(tar, buffer, sizeof buffer)) > 0) manifest_.append(buffer, n);
      }
    }
    archive_read_free(tar);
    char drain[65536];
    while (::read(fds_[0], drain, sizeof drain) > 0) {
    }
  }

  int fds_[2] = {-1, -1};
  std::thread reader_;
  std::string manifest_;
  int entries_ = 0;
};

}  // namespace

TEST_CASE("the client negotiates an API version and reads version and info") {
  EngineClient& engine = test_engine();
  CHECK(engine.api_version() >= kMinimumApiVersion);
  CHECK(engine.api_version() <= kMaximumApiVersion);
  CHECK_NOTHROW(ping(engine));
  EngineVersion version = engine.version();
  CHECK(!version.version.empty());
  CHECK(ApiVersion::parse(version.api_version) >= engine.api_version());
  CHECK(version.os == "linux");
  CHECK(info(engine).contains("ServerVersion"));
}

TEST_CASE("image inspect, list, history, tag and remove") {
  EngineClient& engine = test_engine();
  const std::string& image = test_image();
  nlohmann::json inspected = engine.inspect_image(image);
  CHECK(inspected["Config"]["Labels"].contains("minify"));
  CHECK(inspected["Config"]["Entrypoint"] == nlohmann::json::array({"/prog"}));
  CHECK(image_exists(engine, image));

  std::string test_label = test_labels()["minify.test"];
  ImageListOptions options;
  options.label = {"minify.test=" + test_label};
  auto listed = list_images(engine, options);
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].id == inspected["Id"]);
  CHECK(listed[0].repo_tags == std::vector<std::string>{image});
  CHECK(listed[0].labels.at("minify.test") == test_label);

  auto history = image_history(engine, image);
  REQUIRE(!history.empty());
  CHECK(history.front().id == inspected["Id"]);

  std::string alias = unique_name("minify-test/engine-alias") + ":v2";
  engine.tag_image(image, alias);
  CHECK(engine.inspect_image(alias)["Id"] == inspected["Id"]);
  nlohmann::json removed = remove_image(engine, alias);
  CHECK(removed.dump().find("Untagged") != std::string::npos);
  CHECK(!image_exists(engine, alias));
  CHECK(image_exists(engine, image));  // untagging the alias left the image
}

TEST_CASE("a missing image gives a clear not-found error") {
  EngineClient& engine = test_engine();
  std::string missing = unique_name("minify-test/no-such-image") + ":nope";
  CHECK(error_text([&] { engine.inspect_image(missing); }, ErrorKind::kNotFound) ==
        "image '" + missing + "' not found");
  CHECK(!image_exists(engine, missing));
  CHECK(error_text(
            [&] {
              engine.create_container({{"Image", missing}, {"Labels", test_labels()}});
            },
            ErrorKind::kNotFound) == "image '" + missing + "' not found");
  CHECK(error_text([&] { engine.export_image(missing, [](std::string_view) {}); },
                   ErrorKind::kNotFound) == "image '" + missing + "' not found");
  CHECK(error_text([&] { image_history(engine, missing); }, ErrorKind::kNotFound) ==
        "image '" + missing + "' not found");
}

TEST_CASE("export streams a docker-archive whose manifest names the image") {
  StreamingManifestReader reader;
  size_t chunks = 0;
  test_engine().export_image(test_image(), [&](std::string_view chunk) {
    ++chunks;
    reader.write(chunk);
  });
  auto [manifest_text, entries] = reader.finish();
  auto manifest = nlohmann::json::parse(manifest_text);
  REQUIRE(manifest.is_array());
  REQUIRE(manifest.size() == 1);
  CHECK(manifest[0]["RepoTags"] == nlohmann::json::array({test_image()}));
  CHECK(manifest[0]["Layers"].size() == 1);
  CHECK(entries >= 4);  // manifest.json, the config, a layer dir with layer.tar, ...
  CHECK(chunks >= 1);
}

TEST_CASE("several images export into one archive; a sink's exception ends the export") {
  EngineClient& engine = test_engine();
  std::string alias = unique_name("minify-test/engine-export") + ":two";
  engine.tag_image(test_image(), alias);
  struct Untag {
    std::string name;
    ~Untag() {
      try {
        remove_image(test_engine(), name);
      } catch (const EngineError&) {
      }
    }
  } untag{alias};

  StreamingManifestReader reader;
  export_images(engine, {test_image(), alias},
                [&](std::string_view chunk) { reader.write(chunk); });
  auto manifest = nlohmann::json::parse(reader.finish().first);
  REQUIRE(manifest.size() == 1);  // one image with two names
  auto tags = manifest[0]["RepoTags"].get<std::vector<std::string>>();
  std::sort(tags.begin(), tags.end());
  std::vector<std::string> expected{test_image(), alias};
  std::sort(expected.begin(), expected.end());
  CHECK(tags == expected);

  size_t seen = 0;
  CHECK_THROWS_WITH_AS(engine.export_image(test_image(),
                                           [&seen](std::string_view chunk) {
                                             seen += chunk.size();
                                             throw std::runtime_error("disk full");
                                           }),
                       "disk full", std::runtime_error);
  CHECK(seen > 0);
  CHECK_NOTHROW(ping(engine));  // nothing is left half-open
}

TEST_CASE("load reads a tar (from a file and from a source) and reports the image it loaded") {
  EngineClient& engine = test_engine();
  std::string name = unique_name("minify-test/engine-load") + ":v1";
  engine.tag_image(test_image(), name);
  const TempDir temp;
  const auto tar_path = temp / "image.tar";
  {
    std::ofstream out(tar_path, std::ios::binary);
    engine.export_image(name,
                        [&out](std::string_view chunk) { out.write(chunk.data(), chunk.size()); });
  }
  struct Cleanup {
    std::string name;
    ~Cleanup() {
      try {
        remove_image(test_engine(), name);
      } catch (const EngineError&) {
      }
    }
  } cleanup{name};

  remove_image(engine, name);  // only untags: the test image keeps it alive
  REQUIRE(!image_exists(engine, name));
  LoadResult loaded = load_images_from_file(engine, tar_path);
  CHECK(loaded.names == std::vector<std::string>{name});
  CHECK(engine.inspect_image(name)["Id"] == engine.inspect_image(test_image())["Id"]);

  remove_image(engine, name);
  std::ifstream in(tar_path, std::ios::binary);
  std::string tar{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  LoadResult streamed = engine.load_images(source_of(tar, 7777));
  CHECK(streamed.names == std::vector<std::string>{name});
  CHECK(image_exists(engine, name));
}

TEST_CASE("loading a tar that is not an image surfaces the engine's error") {
  std::string junk = make_tar({{"hello.txt", "not an image\n"}});
  std::string message =
      error_text([&] { test_engine().load_images(source_of(junk, 1000)); }, ErrorKind::kBadRequest);
  CHECK(message.starts_with("load image: "));
  CHECK(message.size() > std::string("load image: ").size());
}

TEST_CASE("import makes an image of one layer, the stream's own bytes, named as asked") {
  EngineClient& engine = test_engine();
  std::string reference = unique_name("minify-test/engine-import") + ":v1";
  std::string layer = make_tar({{"hello.txt", "hello\n"}, {"dir/x", "x"}});
  std::string id = engine.import_image(source_of(layer, 3000), reference);
  CHECK(id.starts_with("sha256:"));
  nlohmann::json inspected = engine.inspect_image(reference);
  CHECK(inspected["Id"] == id);
  // The layer registered is the stream as sent (its diff_id the digest of those bytes): what a
  // load that names that diff_id finds (engine/image_store.h).
  CHECK(inspected["RootFS"]["Layers"] ==
        nlohmann::json::array({minify::pack::sha256_digest(layer)}));
  CHECK(engine.remove_image(reference));

  std::string message =
      error_text([&] { engine.import_image(source_of(std::string(5000, 'j'), 1000), reference); },
                 ErrorKind::kEngineFailure);
  CHECK(message.starts_with("import a layer as '" + reference + "': "));
  CHECK_FALSE(image_exists(engine, reference));
}

TEST_CASE("a container runs, its exit code and demultiplexed logs come back") {
  EngineClient& engine = test_engine();
  ContainerGuard container(create_test_container({"say", "to stdout", "to stderr", "3"}));
  engine.start_container(container.id());
  auto result = engine.wait_container(container.id(), 30s);
  REQUIRE(result.has_value());
  CHECK(result->exit_code == 3);
  CapturedOutput logs = engine.container_logs(container.id());
  CHECK(logs.out == "to stdout\n");
  CHECK(logs.err == "to stderr\n");
  nlohmann::json inspected = engine.inspect_container(container.id());
  CHECK(inspected["State"]["ExitCode"] == 3);
  CHECK(inspected["Config"]["Labels"].contains("minify"));
}

TEST_CASE("a TTY container's logs are one raw stream") {
  EngineClient& engine = test_engine();
  ContainerGuard container(create_test_container({"say", "one", "two", "0"}, /*tty=*/true));
  engine.start_container(container.id());
  REQUIRE(engine.wait_container(container.id(), 30s).has_value());
  CapturedOutput logs = engine.container_logs(container.id());
  CHECK(logs.out.find("one") != std::string::npos);
  CHECK(logs.out.find("two") != std::string::npos);
  CHECK(logs.err.empty());
}

TEST_CASE("followed logs come as they are written, until the sink has enough or the end") {
  EngineClient& engine = test_engine();
  // A container that says a line and runs on: the line arrives while it runs.
  ContainerGuard running(create_test_container({"hold", "ready", "300"}));
  engine.start_container(running.id());
  std::string seen;
  CHECK(engine.follow_container_logs(
      running.id(), {},
      [&seen](StreamKind kind, std::string_view bytes) {
        if (kind == StreamKind::kStdout) seen += bytes;
        return seen.find("ready\n") == std::string::npos;
      },
      60s));
  CHECK(seen == "ready\n");
  CHECK(engine.inspect_container(running.id())["State"]["Running"] == true);

  // One that exits: all its output, both streams, then the end.
  ContainerGuard job(create_test_container({"say", "to stdout", "to stderr", "0"}));
  engine.start_container(job.id());
  std::string out, err;
  CHECK_FALSE(engine.follow_container_logs(
      job.id(), {},
      [&](StreamKind kind, std::string_view bytes) {
        (kind == StreamKind::kStdout ? out : err) += bytes;
        return true;
      },
      60s));
  CHECK(out == "to stdout\n");
  CHECK(err == "to stderr\n");

  // One that runs on without the awaited words: bounded by the timeout, ended by a cancel.
  auto never_enough = [](StreamKind, std::string_view) { return true; };
  CHECK(error_text([&] { engine.follow_container_logs(running.id(), {}, never_enough, 500ms); },
                   ErrorKind::kTimeout)
            .starts_with("follow the logs of container '" + running.id().substr(0, 12) +
                         "': timed out"));
  std::atomic<bool> cancel{false};
  std::thread canceller([&cancel] {
    std::this_thread::sleep_for(300ms);
    cancel = true;
  });
  CHECK(error_text(
            [&] { engine.follow_container_logs(running.id(), {}, never_enough, 120s, &cancel); },
            ErrorKind::kCancelled)
            .find("cancelled") != std::string::npos);
  canceller.join();
}

TEST_CASE("wait gives up at its timeout, kill ends the container, remove is idempotent") {
  EngineClient& engine = test_engine();
  ContainerGuard container(create_test_container({"sleep", "300"}));
  engine.start_container(container.id());
  engine.start_container(container.id());  // already running: fine
  CHECK(!engine.wait_container(container.id(), 300ms).has_value());
  CHECK(engine.inspect_container(container.id())["State"]["Running"] == true);

  kill_container(engine, container.id(), "SIGKILL");
  auto result = engine.wait_container(container.id(), 30s);
  REQUIRE(result.has_value());
  CHECK(result->exit_code == 137);
  CHECK(error_text([&] { kill_container(engine, container.id()); }, ErrorKind::kConflict)
            .find("is not running") != std::string::npos);
  CHECK_NOTHROW(engine.stop_container(container.id(), 1s));  // already stopped: fine

  CHECK(engine.remove_container(container.id()));
  CHECK(!engine.remove_container(container.id()));
  CHECK(error_text([&] { engine.inspect_container(container.id()); }, ErrorKind::kNotFound) ==
        "container '" + container.id().substr(0, 12) + "' not found");
}

TEST_CASE("stop sends the stop signal, then SIGKILL after the grace period") {
  EngineClient& engine = test_engine();
  ContainerGuard container(create_test_container({"sleep", "300"}));
  engine.start_container(container.id());
  // The program is PID 1 without a SIGTERM handler, so only the SIGKILL after 1 s ends it.
  engine.stop_container(container.id(), 1s);
  auto result = engine.wait_container(container.id(), 30s);
  REQUIRE(result.has_value());
  CHECK(result->exit_code == 137);
}

TEST_CASE("a long wait is abandoned promptly when the caller cancels") {
  EngineClient& engine = test_engine();
  ContainerGuard container(create_test_container({"sleep", "300"}));
  engine.start_container(container.id());
  std::atomic<bool> cancel{false};
  std::thread canceller([&cancel] {
    std::this_thread::sleep_for(300ms);
    cancel = true;
  });
  auto started = std::chrono::steady_clock::now();
  CHECK(error_text([&] { engine.wait_container(container.id(), 120s, &cancel); },
                   ErrorKind::kCancelled)
            .find("cancelled") != std::string::npos);
  canceller.join();
  // Not a speed test: it must stop long before the 120 s the wait was allowed.
  CHECK(std::chrono::steady_clock::now() - started < 20s);
  // A raised flag stops a call before it starts.
  CHECK_THROWS_AS(engine.export_image(
                      test_image(), [](std::string_view) {}, &cancel),
                  EngineError);
}

TEST_CASE("files go into a container and come out through the archive API") {
  EngineClient& engine = test_engine();
  ContainerGuard container(create_test_container({"sleep", "300"}));  // never started
  std::string tar = make_tar({{"note.txt", "archived\n", 0640},
                              {"sub", "", 0755, true},
                              {"sub/deep.txt", std::string(100'000, 'z'), 0600}});
  engine.put_archive(container.id(), "/tmp", source_of(tar, 4096));

  std::string copied;
  PathStat stat = engine.get_archive(container.id(), "/tmp/note.txt",
                                     [&copied](std::string_view chunk) { copied.append(chunk); });
  CHECK(stat.name == "note.txt");
  CHECK(stat.size == 9);
  CHECK((stat.mode & 0777) == 0640);
  auto entries = read_tar(copied);
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].path == "note.txt");
  CHECK(entries[0].content == "archived\n");

  std::string directory;
  engine.get_archive(container.id(), "/tmp/sub",
                     [&directory](std::string_view chunk) { directory.append(chunk); });
  auto sub = read_tar(directory);
  bool found = false;
  for (const auto& entry : sub) {
    if (entry.path == "sub/deep.txt") found = entry.content == std::string(100'000, 'z');
  }
  CHECK(found);

  CHECK(stat_path(engine, container.id(), "/etc/greeting.txt").size == 18);
  CHECK(
      error_text([&] { stat_path(engine, container.id(), "/no/such/file"); }, ErrorKind::kNotFound)
          .find("/no/such/file") != std::string::npos);
  CHECK(error_text(
            [&] { engine.get_archive(container.id(), "/no/such/file", [](std::string_view) {}); },
            ErrorKind::kNotFound)
            .find("/no/such/file") != std::string::npos);
}

TEST_CASE("exec runs a command and returns its exit code and both outputs") {
  EngineClient& engine = test_engine();
  ContainerGuard container(create_test_container({"sleep", "300"}));
  engine.start_container(container.id());

  ExecResult said =
      engine.run_exec(container.id(), command({"/prog", "say", "out", "err", "5"}), 30s);
  CHECK(said.exit_code == 5);
  CHECK(said.out == "out\n");
  CHECK(said.err == "err\n");

  ExecResult who = engine.run_exec(
      container.id(), command({"/prog", "whoami"}, {"GREETING=hi"}, "1234", "/etc"), 30s);
  CHECK(who.exit_code == 0);
  CHECK(who.out == "uid=1234 cwd=/etc greeting=hi\n");

  ExecResult read =
      engine.run_exec(container.id(), command({"/prog", "cat", "/etc/greeting.txt"}), 30s);
  CHECK(read.out == "hello from minify\n");

  std::string exec_id =
      engine.create_exec(container.id(), command({"/prog", "say", "a", "b", "0"}));
  CHECK(!engine.inspect_exec(exec_id).running);
  CapturedOutput output = engine.start_exec(exec_id, 30s);
  CHECK(output.out == "a\n");

  // A command that outlives its timeout: kTimeout, and the call returns.
  std::string sleeper = engine.create_exec(container.id(), command({"/prog", "sleep", "300"}));
  CHECK(error_text([&] { engine.start_exec(sleeper, 500ms); }, ErrorKind::kTimeout)
            .find("timed out") != std::string::npos);
  CHECK(engine.inspect_exec(sleeper).running);

  ExecResult missing = engine.run_exec(container.id(), command({"/no/such/binary"}), 30s);
  // The engine reports a command it cannot start as docker exec does: exit code 126 and its
  // message in the output stream.
  CHECK(missing.exit_code == 126);
  CHECK(missing.out.find("no such file or directory") != std::string::npos);
}

TEST_CASE("exec in a container that is not running is a conflict") {
  EngineClient& engine = test_engine();
  ContainerGuard container(create_test_container({"sleep", "300"}));
  CHECK(error_text(
            [&] {
              engine.create_exec(container.id(), command({"/prog", "whoami"}));
            },
            ErrorKind::kConflict)
            .find("is not running") != std::string::npos);
}

TEST_CASE("a dead daemon gives the clear unreachable error") {
  // A socket path nobody listens on (the shared daemon is never touched).
  std::string missing = "/tmp/" + unique_name("minify-no-engine") + ".sock";
  CHECK(error_text([&] { EngineClient(Endpoint::parse("unix://" + missing)); },
                   ErrorKind::kUnreachable) == "cannot reach the Docker engine at unix://" +
                                                   missing +
                                                   ": no such socket; is dockerd running?");

  // A socket that exists but is not listening: what a crashed dockerd leaves behind.
  std::string stale = "/tmp/" + unique_name("minify-stale-engine") + ".sock";
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, stale.c_str(), sizeof(address.sun_path) - 1);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  CHECK(error_text([&] { EngineClient(Endpoint::parse("unix://" + stale)); },
                   ErrorKind::kUnreachable) == "cannot reach the Docker engine at unix://" + stale +
                                                   ": connection refused; is dockerd running?");
  ::close(fd);
  std::filesystem::remove(stale);

  // Nothing listening on a TCP port.
  CHECK(error_text([&] { EngineClient(Endpoint::parse("tcp://127.0.0.1:1")); },
                   ErrorKind::kUnreachable)
            .starts_with("cannot reach the Docker engine at tcp://127.0.0.1:1: "));
}

TEST_CASE("`minify version` prints both versions, or its own and the engine's error") {
  std::string minify = std::string(MINIFY_BINARY_DIR) + "/minify";
  REQUIRE(std::filesystem::exists(minify));
  ProcessResult ok = run_shell(minify + " version");
  CHECK(ok.status == 0);
  CHECK(ok.out.starts_with("minify "));
  CHECK(ok.out.find("API " + test_engine().version().api_version) != std::string::npos);

  std::string missing = "/tmp/" + unique_name("minify-no-engine") + ".sock";
  ProcessResult down = run_shell("DOCKER_HOST=unix://" + missing + " " + minify + " version 2>&1");
  CHECK(down.status == 1);
  CHECK(down.out.starts_with("minify "));
  CHECK(down.out.find("minify: cannot reach the Docker engine at unix://" + missing +
                      ": no such socket; is dockerd running?\n") != std::string::npos);
}
