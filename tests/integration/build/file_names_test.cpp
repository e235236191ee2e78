// Any file name, end to end: an image whose app reads files named in Latin-1 bytes, in UTF-8 (the
// name Debian's ca-certificates ships, behind its hash symlink) and with control characters.
// `minify build` must succeed and verify, the slim image must hold those exact bytes as names
// (compared with the original's through the engine's archive API, `docker cp`), and the JSON of
// `build` and `xray` must carry them losslessly (lib/byte_names/README.md).

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "build_test_support.h"
#include "byte_names/name_json.h"
#include "support/fixture_images.h"
#include "support/minify_binary.h"
#include "support/process.h"
#include "support/tar_archive.h"

using namespace minify::test;
using minify::byte_names::name_from_json;

namespace {

const std::string kPem = "NetLock_Arany_=Class_Gold=_F\xC5\x91tan\xC3\xBAs\xC3\xADtv\xC3\xA1ny.pem";
const std::string kLatin1 = "caf\xE9.txt";
const std::string kUtf8 = "F\xC5\x91tan\xC3\xBAs\xC3\xADtv\xC3\xA1ny.txt";
const std::string kControl = "tab\tbell\a.txt";

// The Dockerfile is UTF-8 text: the Latin-1 and control bytes are made by printf in the shell,
// and the app reaches those files through globs.
const std::string kDockerfile =
    "FROM minify-fixture/bookworm\n"
    "RUN mkdir -p /data /etc/ssl/certs"
    " && printf 'latin-1\\n' > \"/data/caf$(printf '\\351').txt\""
    " && printf 'utf-8\\n' > \"/data/" +
    kUtf8 +
    "\""
    " && printf 'control\\n' > \"/data/tab$(printf '\\t')bell$(printf '\\a').txt\""
    " && printf 'cert\\n' > \"/etc/ssl/certs/" +
    kPem +
    "\""
    " && ln -s \"" +
    kPem +
    "\" /etc/ssl/certs/6b99d060.0"
    " && printf 'unread\\n' > \"/srv/unread-caf$(printf '\\351')\"\n"
    "CMD [\"/bin/sh\", \"-c\", \"cat /data/caf*.txt /data/F*.txt /data/tab* "
    "/etc/ssl/certs/6b99d060.0\"]\n";

// The names (and symlink targets) under `dir` in `image`, as the engine's archive API gives them.
std::set<std::string> names_under(const std::string& image, const std::string& dir) {
  ProcessResult created = run_process({"docker", "create", "--label", "minify=test", image});
  REQUIRE(created.status == 0);
  std::string id = created.out.substr(0, created.out.find('\n'));
  ProcessResult copied = run_process({"docker", "cp", id + ":" + dir, "-"});
  run_process({"docker", "rm", "-f", id});
  REQUIRE(copied.status == 0);
  std::set<std::string> names;
  for (const auto& entry : read_tar(copied.out)) names.insert(entry.path);
  return names;
}

}  // namespace

TEST_CASE("names in Latin-1, UTF-8 and with control characters cross build, verify and xray") {
  require_fixture_image(fixture_image("bookworm"));
  std::string original = unique_tag("names-original");
  std::string slim = unique_tag("names-slim");
  ImageCleanup cleanup_original(original), cleanup_slim(slim);
  build_image(kDockerfile, original);
  JobRun before = run_job(original);
  REQUIRE(before.out == "latin-1\nutf-8\ncontrol\ncert\n");

  // A rule naming bytes that are not UTF-8 cannot reach the pack container (the engine's API is
  // JSON): a usage error before anything runs; a glob reaches the name all the same.
  ProcessResult refused =
      run_minify({"build", original, "--tag", slim, "--include", "/srv/unread-caf\xE9"});
  CHECK(refused.status == 2);
  CHECK(refused.err ==
        "minify: --include: '/srv/unread-caf\\xe9' is not UTF-8; match such bytes with a glob "
        "('?' is one byte) (see minify help)\n");

  ProcessResult built =
      run_minify({"build", original, "--tag", slim, "--json", "--include", "/srv/unread-caf?"});
  INFO("minify stderr:\n" << built.err);
  REQUIRE(built.status == 0);
  nlohmann::json report = nlohmann::json::parse(built.out);
  CHECK(report["verify"]["passed"] == true);
  CHECK(run_job(slim).out == before.out);

  // The report's kept_paths: the Latin-1 name as {"hex": ...}, the others as strings.
  std::set<std::string> kept;
  for (const auto& p : report["kept_paths"]) kept.insert(name_from_json(p));
  CHECK(kept.count("/data/" + kLatin1) == 1);
  CHECK(kept.count("/data/" + kUtf8) == 1);
  CHECK(kept.count("/data/" + kControl) == 1);
  CHECK(kept.count("/etc/ssl/certs/" + kPem) == 1);
  CHECK(kept.count("/etc/ssl/certs/6b99d060.0") == 1);
  CHECK(kept.count("/srv/unread-caf\xE9") == 1);
  CHECK(std::find(report["kept_paths"].begin(), report["kept_paths"].end(),
                  nlohmann::json{{"hex", "2f646174612f636166e92e747874"}}) !=
        report["kept_paths"].end());

  // The slim image holds the original's names, byte for byte.
  CHECK(names_under(slim, "/data") == names_under(original, "/data"));
  std::set<std::string> certs = names_under(slim, "/etc/ssl/certs");
  CHECK(certs == names_under(original, "/etc/ssl/certs"));
  CHECK(certs.count("certs/" + kPem) == 1);

  // xray reads the slim image's layer back and writes every name losslessly.
  ProcessResult xray = run_minify({"xray", slim, "--json", "--top", "1000"});
  INFO("xray stderr:\n" << xray.err);
  REQUIRE(xray.status == 0);
  std::set<std::string> listed;
  const nlohmann::json xray_report = nlohmann::json::parse(xray.out);
  for (const auto& f : xray_report["largest_files"]) listed.insert(name_from_json(f["path"]));
  CHECK(listed.count("/data/" + kLatin1) == 1);
  CHECK(listed.count("/data/" + kUtf8) == 1);
  CHECK(listed.count("/data/" + kControl) == 1);
  CHECK(listed.count("/etc/ssl/certs/" + kPem) == 1);

  // Its text escapes the bytes a terminal would act on or could not show.
  ProcessResult text = run_minify({"xray", slim, "--top", "1000"});
  REQUIRE(text.status == 0);
  CHECK(text.out.find("/data/caf\\xe9.txt") != std::string::npos);
  CHECK(text.out.find("/data/tab\\x09bell\\x07.txt") != std::string::npos);
  CHECK(text.out.find('\a') == std::string::npos);
  CHECK(minify_containers_of(original).empty());
}
