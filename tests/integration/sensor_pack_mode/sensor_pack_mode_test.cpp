// `sensor pack` in real containers: a fresh container of a fixture image gets the static sensor
// and a record through the archive API (docker cp), writes the keep-set tar; the tar is imported
// as a FROM scratch image that must answer exactly like the original. Every container and image
// made here is labelled `minify`, named after this test's pid, and removed at the end.

#include <doctest/doctest.h>
#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "protocol/sensor_protocol.h"
#include "record/record.h"
#include "support/file_contents.h"
#include "support/fixture_images.h"
#include "support/process.h"
#include "support/scratch_image.h"
#include "support/temp_dir.h"

using namespace minify::record;

using namespace minify::test;

namespace {

std::string unique(const std::string& what) {
  return "minify-pack-test-" + std::to_string(::getpid()) + "-" + what;
}

// A container removed at the end, whatever happens.
struct Container {
  std::string name;
  explicit Container(std::string n) : name(std::move(n)) {}
  ~Container() { run_shell("docker rm -f " + name + " >/dev/null 2>&1"); }
};

// Copies files into a container under /.minify, as the host does through the archive API.
void copy_into(const std::string& container, const std::vector<std::filesystem::path>& files) {
  TempDir staging;
  std::filesystem::create_directories(staging / ".minify");
  for (const auto& f : files) std::filesystem::copy_file(f, staging / ".minify" / f.filename());
  REQUIRE(run_shell("tar -C " + staging.path().string() + " -cf - .minify | docker cp - " +
                    container + ":/")
              .status == 0);
}

struct PackResult {
  int status = -1;
  std::string log;
  std::filesystem::path tar;
  nlohmann::json summary;
};

// Runs `sensor pack` in a fresh container of `image` (as root, no capabilities: what the host
// does) and fetches the tar and the summary into `work`.
PackResult pack_in_container(const std::string& image, const Record& record,
                             const std::vector<std::string>& rules, const TempDir& work) {
  std::ofstream(work / "record.json") << to_json(record).dump();
  Container c(unique("pack"));
  std::string command =
      "docker create --label minify --name " + c.name +
      " --user 0:0 --network none --entrypoint /.minify/sensor " + image +
      " pack /.minify/record.json /.minify/out.tar --summary /.minify/summary.json";
  for (const auto& r : rules) command += " " + shell_quote(r);
  REQUIRE(run_shell(command + " >/dev/null").status == 0);
  copy_into(c.name, {std::string(MINIFY_BINARY_DIR) + "/sensor", work / "record.json"});
  PackResult result;
  result.status = run_shell("docker start -a " + c.name + " >/dev/null 2>&1").status;
  result.log = run_shell("docker logs " + c.name + " 2>&1").out;
  if (result.status != 0) return result;
  result.tar = work / "out.tar";
  REQUIRE(
      run_shell("docker cp " + c.name + ":/.minify/out.tar - | tar -xOf - > " + result.tar.string())
          .status == 0);
  result.summary = nlohmann::json::parse(
      run_shell("docker cp " + c.name + ":/.minify/summary.json - | tar -xOf -").out);
  return result;
}

// A FROM scratch image made of the tar alone, with the given config changes.
ScratchImage import_image(const PackResult& pack, const std::string& name,
                          std::vector<std::string> changes) {
  changes.insert(changes.begin(), "LABEL minify=test");
  return ScratchImage(name, pack.tar, changes);
}

// Runs a batch image to completion: its exit status and stdout+stderr.
ProcessResult run_batch(const std::string& image) {
  return run_shell("docker run --rm --label minify --name " + unique("run") + " " + image +
                   " 2>&1");
}

std::vector<std::string> tar_names(const std::filesystem::path& tar) {
  std::vector<std::string> names;
  std::string listing = run_shell("tar -tf " + tar.string()).out;
  std::size_t pos = 0;
  while (pos < listing.size()) {
    auto end = listing.find('\n', pos);
    names.push_back(listing.substr(pos, end - pos));
    pos = end + 1;
  }
  return names;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::int64_t image_size(const std::string& image) {
  return std::stoll(run_shell("docker image inspect -f '{{.Size}}' " + image).out);
}

Record record_of(std::initializer_list<std::pair<std::string, std::uint32_t>> paths) {
  Record r;
  r.mode = "files";
  r.complete = true;
  r.arch = "x86_64";
  for (const auto& [path, ops] : paths) r.paths.push_back({path, ops, kPtrace, ""});
  return r;
}

// The HTTP answer of a server container on its published port: "STATUS\nBODY", or "" while
// it does not answer.
std::string http_get(const std::string& container, const std::string& path) {
  std::string address =
      run_shell("docker port " + container + " 8080/tcp 2>/dev/null | head -1").out;
  auto colon = address.rfind(':');
  if (colon == std::string::npos) return "";
  httplib::Client client(address.substr(0, colon), std::stoi(address.substr(colon + 1)));
  client.set_connection_timeout(2);
  client.set_read_timeout(5);
  httplib::Result got = client.Get(path);
  return got ? std::to_string(got->status) + "\n" + got->body : "";
}

std::string http_get_when_ready(const std::string& container, const std::string& path) {
  for (int i = 0; i < 150; ++i) {
    std::string answer = http_get(container, path);
    if (!answer.empty()) return answer;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return "";
}

}  // namespace

TEST_CASE("c-app: a hand-written record packs to a scratch image that prints the same") {
  const std::string image = "minify-fixture/c-app";
  require_fixture_image(image);
  TempDir work;
  PackResult pack = pack_in_container(
      image, record_of({{"/app/crc", kExec | kRead}, {"/app/input.txt", kRead}}), {}, work);
  REQUIRE_MESSAGE(pack.status == 0, pack.log);

  std::vector<std::string> names = tar_names(pack.tar);
  CHECK(contains(names, "app/crc"));
  CHECK(contains(names, "usr/lib/x86_64-linux-gnu/libz.so.1"));  // DT_NEEDED, via ld.so.cache
  CHECK(contains(names, "lib64"));                               // merged-/usr symlinks
  CHECK(contains(names, "etc/ld.so.cache"));
  CHECK_FALSE(contains(names, "usr/bin/gcc-12"));
  CHECK(pack.summary["image"]["files"].get<int>() > 10000);  // build-essential is in there
  CHECK(pack.summary["kept"]["files"].get<int>() < 20);

  const ScratchImage slim = import_image(
      pack, unique("c-app-slim"), {"CMD [\"/app/crc\", \"/app/input.txt\"]", "WORKDIR /app"});
  ProcessResult original = run_batch(image);
  ProcessResult reduced = run_batch(slim.name());
  CHECK(original.status == 0);
  CHECK(reduced.status == 0);
  CHECK(reduced.out == original.out);
  CHECK(image_size(slim.name()) * 50 < image_size(image));
}

TEST_CASE("nonroot: owners and modes survive; --include-exe brings the script's tools") {
  const std::string image = "minify-fixture/nonroot";
  require_fixture_image(image);
  TempDir work;
  PackResult pack = pack_in_container(
      image,
      record_of(
          {{"/home/app/run.sh", kRead}, {"/home/app/secret.txt", kRead}, {"/home/app", kChdir}}),
      {"--include-shell", "--include-exe", "id", "--include-exe", "stat", "--include-exe", "cat",
       "--path-env", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
      work);
  REQUIRE_MESSAGE(pack.status == 0, pack.log);
  CHECK(contains(tar_names(pack.tar), "home/app/secret.txt"));
  ProcessResult listing = run_shell("tar -tvf " + pack.tar.string() + " home/app/secret.txt");
  CHECK(listing.out.rfind("-rw------- 1000/1000", 0) == 0);

  const ScratchImage slim = import_image(pack, unique("nonroot-slim"),
                                         {"USER app", "WORKDIR /home/app", "ENV HOME=/home/app",
                                          "CMD [\"/bin/sh\", \"/home/app/run.sh\"]"});
  ProcessResult original = run_batch(image);
  ProcessResult reduced = run_batch(slim.name());
  CHECK(original.status == 0);
  CHECK(reduced.out == original.out);
  CHECK(reduced.status == 0);
}

TEST_CASE("python-web: traced by the sensor, packed in a fresh container, answers the same") {
  const std::string image = "minify-fixture/python-web";
  require_fixture_image(image);
  TempDir work;

  // The analysis run: the sensor traces the app while the host asks for / and /about.
  Record record;
  std::string original_root, original_about;
  {
    Container app(unique("trace"));
    REQUIRE(run_shell("docker create --label minify --name " + app.name +
                      " --cap-add SYS_PTRACE --cap-add SYS_ADMIN -p 127.0.0.1::8080"
                      " --entrypoint /.minify/sensor " +
                      image + " -- python3 /app/server.py >/dev/null")
                .status == 0);
    copy_into(app.name, {std::string(MINIFY_BINARY_DIR) + "/sensor"});
    REQUIRE(run_shell("docker start " + app.name + " >/dev/null").status == 0);
    original_root = http_get_when_ready(app.name, "/");
    original_about = http_get(app.name, "/about");
    REQUIRE(run_shell("docker stop -t 20 " + app.name + " >/dev/null").status == 0);
    record = record_from_json(nlohmann::json::parse(
        run_shell("docker cp " + app.name + ":/.minify/record.json - | tar -xOf -").out));
  }
  REQUIRE(original_root.rfind("200\n<", 0) == 0);
  REQUIRE(record.complete);

  PackResult pack = pack_in_container(image, record, {}, work);
  REQUIRE_MESSAGE(pack.status == 0, pack.log);
  std::vector<std::string> names = tar_names(pack.tar);
  CHECK(contains(names, "app/templates/about.html"));
  CHECK_FALSE(contains(names, "app/data/quotes.txt"));  // never asked for
  CHECK_FALSE(contains(names, ".minify/"));
  CHECK_FALSE(contains(names, "etc/hosts"));

  const ScratchImage slim = import_image(pack, unique("web-slim"),
                                         {"WORKDIR /app", "CMD [\"python3\", \"/app/server.py\"]"});
  Container served(unique("serve"));
  REQUIRE(run_shell("docker run -d --label minify --name " + served.name + " -p 127.0.0.1::8080 " +
                    slim.name() + " >/dev/null")
              .status == 0);
  CHECK(http_get_when_ready(served.name, "/") == original_root);
  CHECK(http_get(served.name, "/about") == original_about);
  CHECK(image_size(slim.name()) * 3 < image_size(image));
}

TEST_CASE("a rule that finds nothing fails the pack container with one clear line") {
  const std::string image = "minify-fixture/c-app";
  require_fixture_image(image);
  TempDir work;
  PackResult pack = pack_in_container(image, record_of({{"/app/crc", kExec}}),
                                      {"--include-bin", "/usr/bin/python3"}, work);
  CHECK(pack.status == 1);
  CHECK(pack.log == "sensor pack: --include-bin: /usr/bin/python3 is not a file in the image\n");
}

TEST_CASE("--hold as the container's PID 1: done, read while it runs, and `docker stop` ends it") {
  const std::string image = "minify-fixture/c-app";
  require_fixture_image(image);
  TempDir work;
  std::ofstream(work / "record.json") << to_json(record_of({{"/app/crc", kExec}})).dump();
  Container c(unique("hold"));
  REQUIRE(run_shell("docker create --label minify --name " + c.name +
                    " --user 0:0 --network none --entrypoint /.minify/sensor " + image +
                    " pack /.minify/record.json /.minify/out.tar --summary /.minify/summary.json"
                    " --hold >/dev/null")
              .status == 0);
  copy_into(c.name, {std::string(MINIFY_BINARY_DIR) + "/sensor", work / "record.json"});
  REQUIRE(run_shell("docker start " + c.name + " >/dev/null").status == 0);
  const std::string done = std::string(minify::protocol::kPackDoneLine) + "\n";
  std::string said;
  for (int i = 0; i < 300 && said != done; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    said = run_shell("docker logs " + c.name + " 2>/dev/null").out;
  }
  REQUIRE(said == done);
  CHECK(run_shell("docker inspect -f '{{.State.Running}}' " + c.name).out == "true\n");
  nlohmann::json summary = nlohmann::json::parse(
      run_shell("docker cp " + c.name + ":/.minify/summary.json - | tar -xOf -").out);
  CHECK(summary["tar"]["entries"].get<int>() > 0);
  REQUIRE(run_shell("docker cp " + c.name + ":/.minify/out.tar - | tar -xOf - > " +
                    (work / "out.tar").string())
              .status == 0);
  CHECK(contains(tar_names(work / "out.tar"), "app/crc"));
  // `docker stop` sends SIGTERM, then SIGKILL after the grace (137): as PID 1 the sensor gets a
  // SIGTERM only because it waits for it, and then ends at once, status 0.
  REQUIRE(run_shell("docker stop -t 60 " + c.name + " >/dev/null").status == 0);
  CHECK(run_shell("docker inspect -f '{{.State.ExitCode}}' " + c.name).out == "0\n");
}
