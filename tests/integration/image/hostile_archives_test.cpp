// `minify xray` against images made to hurt it, built here with libarchive: a path nested deeper
// than any path can be, names that would take the path budget, sparse files whose sizes wrap 64
// bits, an OCI layout whose blob is a symlink out of the layout, names carrying terminal control
// characters. Each must end in one clear line and exit 1 (or, for the names, a report that prints
// them escaped), in bounded memory: the binary runs under an address-space limit. No engine.

#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/file_contents.h"
#include "support/minify_binary.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "unit/image/tar_builder.h"

using namespace minify::image::test;
using minify::test::ProcessResult;
using minify::test::shell_quote;
using minify::test::TempDir;
using nlohmann::json;

namespace {

// A docker-archive of these layers, as `docker save` lays it out.
std::string docker_archive(const std::vector<std::string>& layers) {
  std::vector<TarEntry> entries;
  json names = json::array();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    names.push_back(std::to_string(i) + "/layer.tar");
    entries.push_back(file(names.back(), layers[i]));
  }
  entries.push_back(file("c.json", json{{"os", "linux"}, {"architecture", "amd64"}}.dump()));
  entries.push_back(
      file("manifest.json",
           json::array({{{"Config", "c.json"}, {"RepoTags", {"hostile:1"}}, {"Layers", names}}})
               .dump()));
  return make_tar(entries);
}

// `minify xray ARGS` under an address-space limit of `megabytes`: a merge that grew without bound
// fails here instead of taking the machine.
ProcessResult xray_limited(const std::string& args, int megabytes = 400) {
  return minify::test::run_shell("ulimit -v " + std::to_string(megabytes * 1024) + "; exec " +
                                 shell_quote(minify::test::minify_binary()) + " xray " + args);
}

// The error: stderr's last line (progress lines come first), one line starting "minify: ".
std::string error_line(const std::string& err) {
  if (err.empty() || !err.ends_with('\n')) return "";
  std::size_t start = err.rfind('\n', err.size() - 2);
  std::string last = err.substr(start == std::string::npos ? 0 : start + 1);
  return last.starts_with("minify: ") ? last : "";
}

}  // namespace

TEST_CASE("a 16,000-level path: one line and exit 1, no stack overflow, bounded memory") {
  TempDir dir;
  std::string deep;
  for (int i = 0; i < 16000; ++i) deep += "d/";
  std::string archive = docker_archive({make_tar({file(deep + "f", "x")}, Compression::kGzip)});
  CHECK(archive.size() < 80'000);
  minify::test::write_file(dir / "deep.tar", archive);
  ProcessResult r = xray_limited(shell_quote((dir / "deep.tar").string()));
  CHECK(r.status == 1);
  CHECK(error_line(r.err).find("is 32001 bytes long, more than a path can be (4096)") !=
        std::string::npos);
}

TEST_CASE(
    "paths as deep as allowed, many times over: refused at the path budget, in bounded memory") {
  TempDir dir;
  std::string deep;
  while (deep.size() + 8 < 4096) deep += "d/";
  std::vector<TarEntry> chains;  // each chain: ~2,000 missing parents, ~4 MB of paths
  for (int i = 0; i < 100; ++i)
    chains.push_back(file(std::to_string(100 + i) + "/" + deep + "f", "x"));
  minify::test::write_file(dir / "wide.tar",
                           docker_archive({make_tar(chains, Compression::kGzip)}));
  ProcessResult r = xray_limited(shell_quote((dir / "wide.tar").string()), 400);
  CHECK(r.status == 1);
  CHECK(error_line(r.err).find("takes the image's paths past 128 MiB: refusing to merge them") !=
        std::string::npos);
  // One such chain is a real (if odd) image.
  minify::test::write_file(dir / "one.tar", docker_archive({make_tar({chains.front()})}));
  CHECK(xray_limited(shell_quote((dir / "one.tar").string())).status == 0);
}

TEST_CASE("eight sparse files of 2^62 bytes: refused, never wrapped into a total that passes") {
  TempDir dir;
  std::vector<TarEntry> big;
  for (int i = 0; i < 8; ++i) big.push_back(sparse_file("big" + std::to_string(i), 1ULL << 62));
  minify::test::write_file(dir / "sparse.tar", docker_archive({make_tar(big)}));
  ProcessResult r = xray_limited("--max-wasted 1MB " + shell_quote((dir / "sparse.tar").string()));
  CHECK(r.status == 1);
  CHECK(error_line(r.err).find("past 2^64 bytes") != std::string::npos);
}

TEST_CASE("an OCI layout whose blob is a symlink out of the layout is refused, not followed") {
  TempDir dir;
  std::filesystem::path layout = dir / "layout";
  std::filesystem::create_directories(layout / "blobs/sha256");
  // The layer the symlink leads to is a valid one, outside the layout: followed, xray succeeds.
  minify::test::write_file(dir / "outside.tar", make_tar({file("secret", "s")}));
  std::filesystem::create_symlink(dir / "outside.tar", layout / "blobs/sha256/1a");
  minify::test::write_file(layout / "blobs/sha256/c0", json{{"os", "linux"}}.dump());
  minify::test::write_file(
      layout / "blobs/sha256/m0",
      json{{"config", {{"digest", "sha256:c0"}}}, {"layers", {{{"digest", "sha256:1a"}}}}}.dump());
  minify::test::write_file(layout / "index.json",
                           json{{"manifests", {{{"digest", "sha256:m0"}}}}}.dump());
  minify::test::write_file(layout / "oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  ProcessResult r = xray_limited(shell_quote(layout.string()));
  CHECK(r.status == 1);
  CHECK(error_line(r.err).find(
            "blobs/sha256/1a is a symlink: refusing to follow it out of the layout") !=
        std::string::npos);
}

TEST_CASE(
    "names with ESC and CR are escaped in the text report, left to JSON's escaping in --json") {
  TempDir dir;
  const std::string evil = "evil\x1b[2J\rname";
  minify::test::write_file(dir / "names.tar",
                           docker_archive({make_tar({file(evil, std::string(5000, 'e'))})}));
  std::string archive = shell_quote((dir / "names.tar").string());
  ProcessResult text = xray_limited(archive);
  REQUIRE(text.status == 0);
  CHECK(text.out.find("/evil\\x1b[2J\\x0dname") != std::string::npos);
  CHECK(text.out.find('\x1b') == std::string::npos);
  CHECK(text.out.find('\r') == std::string::npos);

  ProcessResult doc = xray_limited("--json " + archive);
  REQUIRE(doc.status == 0);
  CHECK(doc.out.find("\\u001b[2J\\rname") != std::string::npos);
  CHECK(json::parse(doc.out)["largest_files"][0]["path"] == "/" + evil);
}
