#include "pack/docker_archive.h"

#include <doctest/doctest.h>

#include <fstream>

#include "pack/sha256.h"
#include "tar_fixture.h"

using namespace minify::pack;
using namespace minify::pack::test;

TEST_CASE("a docker-archive holds manifest, config and layer, named by their digests") {
  TempDir dir;
  write_tar(dir / "layer.tar", {{.name = "hello", .content = "world"}});
  const std::string diff_id = sha256_digest(read_file(dir / "layer.tar"));
  ArchiveImage image{R"({"config":{}})", dir / "layer.tar", diff_id, {"app.slim:1"}};
  write_docker_archive_file(image, dir / "image.tar");

  auto items = read_tar(dir / "image.tar");
  std::string config_name = std::string(digest_hex(image_id(image))) + ".json";
  std::string layer_name = std::string(digest_hex(diff_id)) + "/layer.tar";
  std::map<std::string, std::string> files;
  for (const auto& item : items) {
    CHECK(item.mtime == 0);
    if (item.type == 'f') files[item.name] = item.content;
  }
  REQUIRE(files.count("manifest.json"));
  auto manifest = nlohmann::json::parse(files["manifest.json"]);
  CHECK(manifest[0]["Config"] == config_name);
  CHECK(manifest[0]["Layers"][0] == layer_name);
  CHECK(manifest[0]["RepoTags"][0] == "app.slim:1");
  CHECK(files[config_name] == image.config_bytes);
  CHECK(sha256_digest(files[layer_name]) == diff_id);
  CHECK(image_id(image) == sha256_digest(image.config_bytes));

  write_docker_archive_file(image, dir / "again.tar");
  CHECK(read_file(dir / "image.tar") == read_file(dir / "again.tar"));
}

TEST_CASE("a sink that throws stops the archive with its own error") {
  TempDir dir;
  write_tar(dir / "layer.tar", {{.name = "f", .content = std::string(300000, 'z')}});
  const std::string diff_id = sha256_digest(read_file(dir / "layer.tar"));
  ArchiveImage image{"{}", dir / "layer.tar", diff_id, {}};
  int chunks = 0;
  CHECK_THROWS_WITH(write_docker_archive(image,
                                         [&](std::string_view) {
                                           if (++chunks == 2) throw std::runtime_error("gone");
                                         }),
                    "gone");
}

TEST_CASE("a streamed docker-archive: the layer first, then the config made from its diff_id") {
  TempDir dir;
  write_tar(dir / "layer.tar", {{.name = "hello", .content = std::string(100000, 'w')}});
  const std::string diff_id = sha256_digest(read_file(dir / "layer.tar"));
  auto config_for = [](const std::string& diff_id) {
    return nlohmann::json{{"rootfs", {{"diff_ids", {diff_id}}}}}.dump();
  };
  std::string archive;
  std::string id = write_streamed_docker_archive(
      [&](const std::function<void(std::int64_t)>& sized,
          const std::function<void(std::string_view)>& bytes) {
        const std::string layer = read_file(dir / "layer.tar");
        sized(static_cast<std::int64_t>(layer.size()));
        for (std::size_t at = 0; at < layer.size(); at += 4096)
          bytes(std::string_view(layer).substr(at, 4096));
        return sha256_digest(layer);
      },
      config_for, {"app.slim:1"}, [&](std::string_view chunk) { archive.append(chunk); });
  std::ofstream(dir / "image.tar", std::ios::binary) << archive;

  // The same image as write_docker_archive's: the id is the config's digest, the layer its bytes.
  ArchiveImage image{config_for(diff_id), dir / "layer.tar", diff_id, {"app.slim:1"}};
  CHECK(id == image_id(image));
  auto items = read_tar(dir / "image.tar");
  REQUIRE(items.size() == 3);
  CHECK(items[0].name == "layer.tar");
  CHECK(items[0].content == read_file(dir / "layer.tar"));
  CHECK(items[1].name == std::string(digest_hex(id)) + ".json");
  CHECK(items[1].content == image.config_bytes);
  CHECK(items[2].name == "manifest.json");
  auto manifest = nlohmann::json::parse(items[2].content);
  CHECK(manifest[0]["Config"] == items[1].name);
  CHECK(manifest[0]["Layers"][0] == "layer.tar");
  CHECK(manifest[0]["RepoTags"][0] == "app.slim:1");
}

TEST_CASE("a layerless docker-archive: the whole archive's manifest and config, no layer") {
  TempDir dir;
  write_tar(dir / "layer.tar", {{.name = "hello", .content = "world"}});
  const std::string diff_id = sha256_digest(read_file(dir / "layer.tar"));
  ArchiveImage image{R"({"rootfs":{}})", dir / "layer.tar", diff_id, {"app.slim:1"}};
  std::string archive;
  write_layerless_docker_archive(image, [&](std::string_view chunk) { archive.append(chunk); });
  std::ofstream(dir / "layerless.tar", std::ios::binary) << archive;

  auto items = read_tar(dir / "layerless.tar");
  REQUIRE(items.size() == 2);
  const std::string config_name = std::string(digest_hex(image_id(image))) + ".json";
  CHECK(items[0].name == config_name);
  CHECK(items[0].content == image.config_bytes);
  CHECK(items[1].name == "manifest.json");
  // The manifest names the layer where the whole archive has it: the engine looks it up by the
  // chain id of the config's diff_ids, and only opens that path for a layer it lacks.
  CHECK(nlohmann::json::parse(items[1].content) == docker_manifest(image));
}
