#include "pack/oci_layout.h"

#include <doctest/doctest.h>

#include "image/image_reader.h"
#include "pack/sha256.h"
#include "support/file_contents.h"
#include "tar_fixture.h"

using namespace minify::pack;
using namespace minify::pack::test;
using nlohmann::json;

namespace {

std::string blob(const std::filesystem::path& layout, const std::string& digest) {
  return read_file(layout / "blobs" / "sha256" / std::string(digest_hex(digest)));
}

}  // namespace

TEST_CASE("an OCI layout: index, manifest, config and layer, each blob named by its digest") {
  TempDir dir;
  write_tar(dir / "layer.tar", {{.name = "hello", .content = "world"}});
  const std::string diff_id = sha256_digest(read_file(dir / "layer.tar"));
  ArchiveImage image{R"({"architecture":"amd64","os":"linux"})",
                     dir / "layer.tar",
                     diff_id,
                     {"registry.local:5000/app.slim:1"}};
  write_oci_layout(image, dir / "oci");

  CHECK(json::parse(read_file(dir / "oci" / "oci-layout"))["imageLayoutVersion"] == "1.0.0");
  json index = json::parse(read_file(dir / "oci" / "index.json"));
  REQUIRE(index["manifests"].size() == 1);
  const json& descriptor = index["manifests"][0];
  CHECK(descriptor["mediaType"] == "application/vnd.oci.image.manifest.v1+json");
  CHECK(descriptor["annotations"]["org.opencontainers.image.ref.name"] == "1");
  CHECK(descriptor["annotations"]["io.containerd.image.name"] == "registry.local:5000/app.slim:1");
  std::string manifest_text = blob(dir / "oci", descriptor["digest"]);
  CHECK(sha256_digest(manifest_text) == descriptor["digest"]);
  CHECK(descriptor["size"] == manifest_text.size());
  json manifest = json::parse(manifest_text);
  CHECK(manifest["config"]["digest"] == image_id(image));
  CHECK(blob(dir / "oci", image_id(image)) == image.config_bytes);
  CHECK(manifest["layers"][0]["mediaType"] == "application/vnd.oci.image.layer.v1.tar");
  CHECK(sha256_digest(blob(dir / "oci", diff_id)) == diff_id);

  // lib/image reads it back, and the same image gives the same bytes.
  minify::image::Image read = minify::image::read_image_file(dir / "oci");
  CHECK(read.format == "oci");
  CHECK(read.id == image_id(image));
  REQUIRE(read.layers.size() == 1);
  CHECK(read.layers[0].index->entries[0].path == "hello");
  write_oci_layout(image, dir / "again");
  CHECK(read_file(dir / "again" / "index.json") == read_file(dir / "oci" / "index.json"));
}

TEST_CASE("an OCI layout is not written over a directory that holds something else") {
  TempDir dir;
  write_tar(dir / "layer.tar", {{.name = "hello", .content = "world"}});
  const std::string diff_id = sha256_digest(read_file(dir / "layer.tar"));
  ArchiveImage image{"{}", dir / "layer.tar", diff_id, {"app:1"}};
  std::filesystem::create_directories(dir / "home");
  minify::test::write_file(dir / "home" / "notes.txt", "mine");
  CHECK_THROWS_WITH_AS(write_oci_layout(image, dir / "home"),
                       doctest::Contains("neither empty nor an OCI layout"), std::runtime_error);
  CHECK(read_file(dir / "home" / "notes.txt") == "mine");
  write_oci_layout(image, dir / "layout");
  write_oci_layout(image, dir / "layout");  // over its own layout: replaced
}
