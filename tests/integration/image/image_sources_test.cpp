// lib/image, lib/xray and `minify xray` against real images: the fixture built with known waste
// (tests/fixtures/waste/README.md) read from the engine's export, from `docker save` and from an
// OCI archive made by skopeo. Needs the engine and scripts/build-fixtures. Temp files live in a
// directory named after this test's pid, removed at the end, on failure too.

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>

#include "engine/engine_client.h"
#include "image/image_reader.h"
#include "image/merged_view.h"
#include "xray/engine_export.h"

using namespace minify;
using nlohmann::json;

namespace {

const std::string kWaste = "minify-fixture/waste:latest";
const std::string kMinify = std::string(MINIFY_BINARY_DIR) + "/minify";

struct Shell {
  int status = -1;
  std::string out;
};

// Runs a shell command, stdout captured, stderr to `err_file` when given.
Shell sh(const std::string& command) {
  Shell result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed: " + command);
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

struct TempDir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("minify-image-test-" + std::to_string(getpid()));
  TempDir() { std::filesystem::create_directories(path); }
  ~TempDir() { std::filesystem::remove_all(path); }
};

void require_fixture(const std::string& image) {
  INFO(image << " is missing: run scripts/build-fixtures");
  REQUIRE(sh("docker image inspect " + image + " >/dev/null").status == 0);
}

image::MergedView merge(const image::Image& img) {
  std::vector<const image::LayerIndex*> layers;
  for (const image::Layer& layer : img.layers) layers.push_back(layer.index.get());
  return image::merge_layers(layers);
}

// Every entry of the merged view with all its metadata, one line each.
std::string describe(const image::MergedView& view) {
  std::ostringstream out;
  for (const auto& [path, e] : view.entries) {
    out << path << ' ' << image::file_type_name(e.info.type) << ' ' << std::oct << e.info.mode
        << std::dec << ' ' << e.info.uid << ':' << e.info.gid << ' ' << e.info.size << ' '
        << e.info.mtime << " ->" << e.info.link_target << " =" << e.hard_link << ' '
        << e.info.dev_major << ',' << e.info.dev_minor;
    for (const auto& [key, value] : e.info.xattrs) out << ' ' << key << '(' << value.size() << ')';
    out << '\n';
  }
  return out.str();
}

json xray_json(const std::string& args, int expected_status) {
  Shell result = sh(kMinify + " xray --json " + args + " 2>/dev/null");
  REQUIRE(result.status == expected_status);
  return json::parse(result.out);
}

}  // namespace

TEST_CASE("the waste fixture's exact waste, from the engine through minify xray --json") {
  require_fixture(kWaste);
  json doc = xray_json("minify-fixture/waste", 0);
  CHECK(doc["schema_version"] == 1);
  CHECK(doc["summary"]["wasted_bytes"] == 11534336);
  CHECK(doc["summary"]["total_bytes"].get<std::uint64_t>() -
            doc["summary"]["image_bytes"].get<std::uint64_t>() ==
        11534336);
  REQUIRE(doc["layers"].size() == 7);
  CHECK(doc["layers"][1]["wasted_bytes"] == 10485760);
  CHECK(doc["layers"][1]["added"]["bytes"] == 10485760);
  CHECK(doc["layers"][2]["removed"]["files"] == 1);
  CHECK(doc["layers"][2]["removed"]["bytes"] == 10485760);
  CHECK(doc["layers"][2]["instruction"] == "RUN rm /opt/waste/deleted.bin");
  CHECK(doc["layers"][3]["wasted_bytes"] == 1048576);
  CHECK(doc["layers"][4]["modified"]["files"] == 1);
  CHECK(doc["layers"][4]["modified"]["bytes"] == 1048576);
  CHECK(doc["layers"][5]["instruction"] == "RUN apt-get update");
  CHECK(doc["layers"][6]["added"]["bytes"] == 22);

  REQUIRE(doc["wasted_files"].size() == 2);
  CHECK(doc["wasted_files"][0] == json{{"path", "/opt/waste/deleted.bin"},
                                       {"bytes", 10485760},
                                       {"layer", 1},
                                       {"removed_in_layer", 2}});
  CHECK(doc["wasted_files"][1] == json{{"path", "/opt/waste/rewritten.bin"},
                                       {"bytes", 1048576},
                                       {"layer", 3},
                                       {"removed_in_layer", 4}});

  // The apt lists of layer 5 are not wasted but flagged, with the fix.
  json apt;
  for (const json& finding : doc["findings"]) {
    if (finding["id"] == "apt-cache") apt = finding;
  }
  REQUIRE(apt.is_object());
  CHECK(apt["bytes"] == doc["layers"][5]["added"]["bytes"].get<std::uint64_t>() +
                            doc["layers"][5]["modified"]["bytes"].get<std::uint64_t>());
  CHECK(apt["bytes"].get<std::uint64_t>() > 10'000'000);
  CHECK(apt["technique"].get<std::string>().find("rm -rf /var/lib/apt/lists") != std::string::npos);
  CHECK(doc["image"]["distro"] == "Debian GNU/Linux 12 (bookworm)");
}

TEST_CASE("the engine's export, a docker-archive and an OCI archive give the same merged view") {
  require_fixture(kWaste);
  TempDir tmp;
  std::string saved = (tmp.path / "waste.tar").string();
  std::string oci = (tmp.path / "waste-oci.tar").string();
  REQUIRE(sh("docker save -o " + saved + " " + kWaste).status == 0);
  REQUIRE(sh("skopeo copy -q docker-daemon:" + kWaste + " oci-archive:" + oci).status == 0);

  // The engine's export streamed into the reader, as `minify xray` reads it.
  image::Image from_engine =
      xray::read_from_engine(engine::EngineClient(engine::Endpoint::from_environment()), kWaste);
  image::Image from_save = image::read_image_file(saved);
  image::Image from_oci = image::read_image_file(oci);
  CHECK(from_engine.format == "docker-archive");
  CHECK(from_oci.format == "oci");
  // skopeo rewrites the config (another id) but the layers are the same uncompressed tars.
  CHECK(from_oci.config["rootfs"]["diff_ids"] == from_save.config["rootfs"]["diff_ids"]);

  image::MergedView engine_view = merge(from_engine);
  image::MergedView save_view = merge(from_save);
  image::MergedView oci_view = merge(from_oci);
  REQUIRE(engine_view.entries.size() > 5000);
  CHECK(describe(engine_view) == describe(save_view));
  CHECK(describe(oci_view) == describe(save_view));
  CHECK(oci_view.wasted_bytes == 11534336);
  CHECK(engine_view.wasted_bytes == 11534336);
  CHECK(oci_view.efficiency == save_view.efficiency);

  CHECK_FALSE(save_view.entries.contains("opt/waste/deleted.bin"));
  REQUIRE(save_view.entries.contains("opt/waste/rewritten.bin"));
  CHECK(save_view.entries.at("opt/waste/rewritten.bin").layer == 4);
  CHECK(save_view.entries.at("opt/waste/kept.txt").info.size == 22);
  // bookworm ships perl twice under two names: one hard-linked file.
  REQUIRE(save_view.entries.contains("usr/bin/perl5.36.0"));
  const auto& perl = save_view.entries.at("usr/bin/perl5.36.0");
  CHECK(perl.content == save_view.entries.at("usr/bin/perl").content);

  // The same JSON from the CLI whichever way the image comes.
  json engine_doc = xray_json("minify-fixture/waste", 0);
  json oci_doc = xray_json(oci, 0);
  CHECK(engine_doc["summary"] == oci_doc["summary"]);
  CHECK(engine_doc["findings"] == oci_doc["findings"]);
}

TEST_CASE("CI gates: exactly the waste passes, one byte less fails with exit 3") {
  require_fixture(kWaste);
  json pass = xray_json("--max-wasted 11534336 minify-fixture/waste", 0);
  CHECK(pass["gates"][0]["passed"] == true);
  json fail = xray_json("--max-wasted 11534335 --min-efficiency 0.5 minify-fixture/waste", 3);
  CHECK(fail["gates"][0]["gate"] == "min-efficiency");
  CHECK(fail["gates"][0]["passed"] == true);
  CHECK(fail["gates"][1]["gate"] == "max-wasted");
  CHECK(fail["gates"][1]["passed"] == false);
  // 11MiB is exactly the waste: not exceeded.
  CHECK(sh(kMinify + " xray --max-wasted 11MiB minify-fixture/waste >/dev/null 2>&1").status == 0);
  Shell why =
      sh(kMinify + " xray --max-wasted 11MB minify-fixture/waste 2>&1 >/dev/null | tail -1");
  CHECK(why.out == "minify: xray: wasted 11.5 MB (11534336 bytes) exceeds --max-wasted 11MB\n");
}

TEST_CASE("a missing image or a corrupt archive: one clear line, exit 1") {
  Shell missing =
      sh(kMinify + " xray minify-test-no-such-image-" + std::to_string(getpid()) + " 2>&1");
  CHECK(missing.status == 1);
  CHECK(missing.out.find("not found") != std::string::npos);

  require_fixture(kWaste);
  TempDir tmp;
  std::string cut = (tmp.path / "cut.tar").string();
  REQUIRE(sh("docker save " + kWaste + " | head -c 30000000 > " + cut).status == 0);
  Shell corrupt = sh(kMinify + " xray " + cut + " 2>&1 >/dev/null | tail -1");
  CHECK(corrupt.out.starts_with("minify: " + cut + ": "));
  CHECK(corrupt.out.find("runcated") != std::string::npos);
  CHECK(sh(kMinify + " xray " + cut + " >/dev/null 2>&1").status == 1);
}
