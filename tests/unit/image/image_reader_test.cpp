#include "image/image_reader.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "image/image_error.h"
#include "support/temp_dir.h"
#include "tar_builder.h"

using namespace minify::image;
using namespace minify::image::test;
using nlohmann::json;

namespace {

const std::string kLayer0 = make_tar(
    {dir("etc"), file("etc/os-release", "ID=debian\n"), file("etc/big", std::string(5000, 'b'))});
const std::string kLayer1 = make_tar({file("app.py", "print(1)\n"), whiteout("etc/", "big")});

json config_json() {
  return {{"architecture", "amd64"},
          {"os", "linux"},
          {"config", {{"Cmd", {"python3", "app.py"}}}},
          {"rootfs", {{"type", "layers"}, {"diff_ids", {"sha256:aaa", "sha256:bbb"}}}},
          {"history",
           {{{"created_by", "/bin/sh -c #(nop) ADD file:123 in / "}},
            {{"created_by", "/bin/sh -c #(nop)  ENV X=1"}, {"empty_layer", true}},
            {{"created_by", "/bin/sh -c #(nop) COPY file:456 in / "}}}}};
}

// docker save's layout: layers first, the config, manifest.json last.
std::string docker_archive(bool second_layer_linked = false) {
  std::vector<TarEntry> entries = {dir("0a/"), file("0a/VERSION", "1.0"), file("0a/json", "{}"),
                                   file("0a/layer.tar", kLayer0), dir("1b/")};
  if (second_layer_linked) {
    entries.push_back(symbolic_link("1b/layer.tar", "../0a/layer.tar"));
  } else {
    entries.push_back(file("1b/layer.tar", kLayer1));
  }
  entries.push_back(file("cfg0123.json", config_json().dump()));
  json manifest = json::array({{{"Config", "cfg0123.json"},
                                {"RepoTags", {"demo:latest"}},
                                {"Layers", {"0a/layer.tar", "1b/layer.tar"}}}});
  entries.push_back(file("manifest.json", manifest.dump()));
  entries.push_back(file("repositories", "{}"));
  return make_tar(entries);
}

std::string digest_of(const std::string& name) {
  return "sha256:" + name;
}

// An OCI layout as skopeo writes one: blobs (gzip and zstd layers), then index.json.
std::vector<TarEntry> oci_entries() {
  std::string gz = make_tar(
      {dir("etc"), file("etc/os-release", "ID=debian\n"), file("etc/big", std::string(5000, 'b'))},
      Compression::kGzip);
  std::string zst =
      make_tar({file("app.py", "print(1)\n"), whiteout("etc/", "big")}, Compression::kZstd);
  json manifest = {{"schemaVersion", 2},
                   {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                   {"config", {{"digest", digest_of("c0")}, {"size", 1}}},
                   {"layers",
                    {{{"digest", digest_of("l0")}, {"size", gz.size()}},
                     {{"digest", digest_of("l1")}, {"size", zst.size()}}}}};
  json index = {{"schemaVersion", 2},
                {"manifests",
                 {{{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                   {"digest", digest_of("m0")},
                   {"annotations", {{"org.opencontainers.image.ref.name", "demo"}}}}}}};
  return {file("oci-layout", R"({"imageLayoutVersion":"1.0.0"})"),
          dir("blobs"),
          dir("blobs/sha256"),
          file("blobs/sha256/l1", zst),
          file("blobs/sha256/m0", manifest.dump()),
          file("blobs/sha256/l0", gz),
          file("blobs/sha256/c0", config_json().dump()),
          file("index.json", index.dump())};
}

void check_demo_image(const Image& image) {
  REQUIRE(image.layers.size() == 2);
  CHECK(image.config["config"]["Cmd"][1] == "app.py");
  CHECK(image.layers[0].diff_id == "sha256:aaa");
  CHECK(image.layers[1].diff_id == "sha256:bbb");
  CHECK(image.layers[0].created_by == "/bin/sh -c #(nop) ADD file:123 in / ");
  CHECK(image.layers[1].created_by == "/bin/sh -c #(nop) COPY file:456 in / ");
  REQUIRE(image.layers[0].index->entries.size() == 3);
  CHECK(image.layers[0].index->entries[2].size == 5000);
  CHECK(image.layers[0].index->captured.at("etc/os-release") == "ID=debian\n");
  REQUIRE(image.layers[1].index->entries.size() == 2);
  CHECK(image.layers[1].index->entries[1].type == FileType::kWhiteout);
}

}  // namespace

TEST_CASE("a docker-archive is read in one pass, manifest last") {
  std::string archive = docker_archive();
  std::uint64_t progress = 0;
  ReadOptions options;
  options.on_progress = [&](std::uint64_t bytes) { progress = bytes; };
  Image image = read_image(string_reader(archive, 4096), options);
  CHECK(image.format == "docker-archive");
  CHECK(image.id == "sha256:cfg0123");
  CHECK(image.tags == std::vector<std::string>{"demo:latest"});
  CHECK(image.layers[0].blob == "0a/layer.tar");
  CHECK(image.layers[0].blob_bytes == kLayer0.size());
  CHECK(progress == archive.size());
  check_demo_image(image);
}

TEST_CASE("a layer docker save stored once and linked is used twice") {
  Image image = read_image(string_reader(docker_archive(true)));
  REQUIRE(image.layers.size() == 2);
  CHECK(image.layers[0].index == image.layers[1].index);
}

TEST_CASE("a gzip-compressed docker-archive reads the same") {
  std::vector<TarEntry> entries = {
      file("0a/layer.tar", kLayer0), file("1b/layer.tar", kLayer1),
      file("cfg0123.json", config_json().dump()),
      file("manifest.json",
           json::array({{{"Config", "cfg0123.json"}, {"Layers", {"0a/layer.tar", "1b/layer.tar"}}}})
               .dump())};
  check_demo_image(read_image(string_reader(make_tar(entries, Compression::kGzip))));
}

TEST_CASE("an OCI archive is read whatever the order of its blobs, gzip and zstd layers alike") {
  Image image = read_image(string_reader(make_tar(oci_entries())));
  CHECK(image.format == "oci");
  CHECK(image.id == "sha256:c0");
  CHECK(image.tags == std::vector<std::string>{"demo"});
  CHECK(image.layers[1].blob == "blobs/sha256/l1");
  check_demo_image(image);
}

TEST_CASE("an OCI layout directory reads like the archive") {
  const minify::test::TempDir temp;
  const std::filesystem::path root = temp.path();
  for (const TarEntry& e : oci_entries()) {
    if (e.kind == 'd') {
      std::filesystem::create_directories(root / e.name);
    } else {
      std::ofstream(root / e.name, std::ios::binary) << e.data;
    }
  }
  Image image = read_image_file(root);
  check_demo_image(image);
}

TEST_CASE("the reference picks one image out of several") {
  std::vector<TarEntry> entries = {
      file("0a/layer.tar", kLayer0), file("1b/layer.tar", kLayer1),
      file("cfg0123.json", config_json().dump()),
      file("manifest.json", json::array({{{"Config", "cfg0123.json"},
                                          {"RepoTags", {"one:latest"}},
                                          {"Layers", {"0a/layer.tar"}}},
                                         {{"Config", "cfg0123.json"},
                                          {"RepoTags", {"two:v2"}},
                                          {"Layers", {"0a/layer.tar", "1b/layer.tar"}}}})
                                .dump())};
  std::string archive = make_tar(entries);
  ReadOptions options;
  options.reference = "two:v2";
  CHECK(read_image(string_reader(archive), options).layers.size() == 2);
  options.reference = "one";
  CHECK(read_image(string_reader(archive), options).layers.size() == 1);
}

TEST_CASE("broken archives are clear errors") {
  std::string archive = docker_archive();
  CHECK_THROWS_AS(read_image(string_reader(archive.substr(0, archive.size() / 2))), ImageError);
  CHECK_THROWS_WITH_AS(read_image(string_reader(std::string(4096, 'x'))),
                       doctest::Contains("image archive"), ImageError);
  CHECK_THROWS_WITH_AS(read_image(string_reader(make_tar({file("hello.txt", "hi")}))),
                       doctest::Contains("not an image archive"), ImageError);

  std::vector<TarEntry> missing = {
      file("cfg.json", config_json().dump()),
      file("manifest.json",
           json::array({{{"Config", "cfg.json"}, {"Layers", {"0a/layer.tar"}}}}).dump())};
  CHECK_THROWS_WITH_AS(read_image(string_reader(make_tar(missing))),
                       doctest::Contains("missing layer 0a/layer.tar"), ImageError);

  std::vector<TarEntry> hostile = {
      file("0a/layer.tar", make_tar({file("../../../etc/cron.d/evil", "* * * * * root sh")})),
      file("cfg.json", config_json().dump()),
      file("manifest.json",
           json::array({{{"Config", "cfg.json"}, {"Layers", {"0a/layer.tar"}}}}).dump())};
  CHECK_THROWS_WITH_AS(read_image(string_reader(make_tar(hostile))),
                       doctest::Contains("../../../etc/cron.d/evil"), ImageError);

  std::vector<TarEntry> bad_json = {file("manifest.json", "{not json")};
  CHECK_THROWS_WITH_AS(read_image(string_reader(make_tar(bad_json))),
                       doctest::Contains("not valid JSON"), ImageError);
}

TEST_CASE("a missing file is a clear error") {
  CHECK_THROWS_WITH_AS(read_image_file("/nonexistent/image.tar"),
                       doctest::Contains("cannot open /nonexistent/image.tar"), ImageError);
}

TEST_CASE("a failing source stops the read with its own error") {
  std::string archive = docker_archive();
  std::size_t offset = 0;
  ByteReader dying = [&](char* buffer, std::size_t capacity) -> std::size_t {
    if (offset > archive.size() / 2) throw std::runtime_error("engine: connection reset");
    std::size_t n = std::min<std::size_t>(capacity, 2000);
    std::memcpy(buffer, archive.data() + offset, n);
    offset += n;
    return n;
  };
  CHECK_THROWS_WITH_AS(read_image(dying), "engine: connection reset", std::runtime_error);
}
