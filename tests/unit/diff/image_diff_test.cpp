#include "diff/image_diff.h"

#include <doctest/doctest.h>

#include <sstream>

#include "diff/json_report.h"
#include "diff/text_report.h"
#include "image/image_reader.h"
#include "unit/image/tar_builder.h"

using namespace minify::diff;
using namespace minify::image::test;
using minify::image::Image;
using nlohmann::json;

namespace {

constexpr const char* kBase = "var/lib/dpkg/status";

std::string dpkg_status(const std::vector<std::pair<std::string, std::string>>& packages) {
  std::string text;
  for (const auto& [name, version] : packages) {
    text += "Package: " + name +
            "\nStatus: install ok installed\nInstalled-Size: 4\nVersion: " + version +
            "\nDescription: a package\n more words\n\n";
  }
  return text;
}

// A docker-archive of `layers` (bottom first), read as `minify diff` reads the image it reads
// first (or with `index`).
Image image_of(const std::vector<std::vector<TarEntry>>& layers,
               const minify::image::IndexOptions& index = diff_index_options()) {
  std::vector<TarEntry> entries;
  json names = json::array(), diff_ids = json::array();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    std::string tar = make_tar(layers[i]);
    // The same layer in two images must have the same name and diff id, as real ones do.
    std::string name = std::to_string(std::hash<std::string>{}(tar)) + "/layer.tar";
    entries.push_back(file(name, tar));
    names.push_back(name);
    diff_ids.push_back("sha256:" + std::to_string(std::hash<std::string>{}(tar)));
  }
  json config = {{"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}}};
  entries.push_back(file("c.json", config.dump()));
  entries.push_back(
      file("manifest.json",
           json::array({{{"Config", "c.json"}, {"RepoTags", {"x:1"}}, {"Layers", names}}}).dump()));
  minify::image::ReadOptions options;
  options.index = index;
  return minify::image::read_image(string_reader(make_tar(entries)), options);
}

std::vector<TarEntry> base_layer() {
  return {file("usr/bin/tool", std::string(1000, 't')),
          file("usr/lib/libbig.so", std::string(5000, 'b')),
          file(kBase, dpkg_status({{"libc6", "2.36-9"}, {"tool", "1.0"}, {"gone", "3"}})),
          file("etc/config", "abcd")};
}

const PackageChanges* manager(const ImageDiff& d, const std::string& name) {
  for (const PackageChanges& p : d.packages)
    if (p.manager == name) return &p;
  return nullptr;
}

}  // namespace

TEST_CASE("diff: files added, removed and changed, same-size files told apart by their digest") {
  Image a = image_of({base_layer(),
                      {file("app/main.py", "print(1)"), file("app/data.bin", std::string(300, 'd')),
                       symbolic_link("app/current", "v1"), file("app/mode.sh", "#!", 0644)}});
  Image b = image_of({base_layer(),
                      {file("app/main.py", "print(2)"),  // same size, other bytes
                       file("app/new.txt", "new!"), symbolic_link("app/current", "v2"),
                       file("app/mode.sh", "#!", 0755), file("etc/config", "abcd")}});
  ImageDiff d = diff_images(a, "a", b, "b");

  CHECK(d.shared_layers == 1);
  CHECK(d.a.layers[0].shared);
  CHECK_FALSE(d.a.layers[1].shared);
  CHECK(d.files.added.files == 1);
  CHECK(d.files.added.bytes_b == 4);
  CHECK(d.files.removed.files == 1);
  CHECK(d.files.removed.bytes_a == 300);
  CHECK(d.files.changed.files == 2);           // main.py (content), current (target)
  CHECK(d.files.metadata_changed.files == 1);  // mode.sh
  // etc/config is rewritten by a layer of B with the same bytes: the same file.
  CHECK(d.files.unchanged.files == 4);  // tool, libbig.so, dpkg status, etc/config
  REQUIRE(d.files.largest_changed.size() == 2);
  CHECK(d.files.largest_changed[0].path == "/app/main.py");
  CHECK(d.files.largest_changed[0].what == std::vector<std::string>{"content"});
  CHECK(d.files.largest_changed[1].path == "/app/current");
  CHECK(d.files.largest_changed[1].what == std::vector<std::string>{"target"});
  REQUIRE(d.files.largest_removed.size() == 1);
  CHECK(d.files.largest_removed[0].path == "/app/data.bin");
}

TEST_CASE("diff: without content digests, same-size files would look the same") {
  // What the digest buys: read without hashing, main.py's change is invisible.
  std::vector<std::vector<TarEntry>> la = {{file("app/main.py", "print(1)")}};
  std::vector<std::vector<TarEntry>> lb = {{file("app/main.py", "print(2)")}};
  Image a = image_of(la), b = image_of(lb);
  CHECK(diff_images(a, "a", b, "b").files.changed.files == 1);
  for (Image* image : {&a, &b}) {
    auto index = std::make_shared<minify::image::LayerIndex>(*image->layers[0].index);
    for (auto& entry : index->entries) entry.digest.clear();
    image->layers[0].index = index;
  }
  CHECK(diff_images(a, "a", b, "b").files.changed.files == 0);
}

TEST_CASE("diff: directories ranked by bytes lost and gained, the root left out") {
  Image a = image_of({{file("usr/lib/big.so", std::string(5000, 'x')),
                       file("usr/lib/small.so", std::string(100, 'y')),
                       file("usr/share/doc/readme", std::string(700, 'z'))}});
  Image b = image_of({{file("usr/lib/small.so", std::string(100, 'y')),
                       file("opt/app/bin", std::string(2000, 'a'))}});
  ImageDiff d = diff_images(a, "a", b, "b", {2});
  REQUIRE(d.directories.lost.size() == 2);
  CHECK(d.directories.lost[0].path == "/usr");
  CHECK(d.directories.lost[0].bytes_a == 5800);
  CHECK(d.directories.lost[0].bytes_b == 100);
  CHECK(d.directories.lost[1].path == "/usr/lib");
  REQUIRE(d.directories.gained.size() == 2);
  CHECK(d.directories.gained[0].path == "/opt");
  CHECK(d.directories.gained[1].path == "/opt/app");
  CHECK(d.directories.gained[1].files_b == 1);
}

TEST_CASE("diff: packages added, removed and changed when both images have the database") {
  Image a = image_of({base_layer()});
  Image b = image_of(
      {base_layer(),
       {file(kBase, dpkg_status({{"libc6", "2.36-9"}, {"tool", "1.1"}, {"curl", "7.88"}}))}});
  ImageDiff d = diff_images(a, "a", b, "b");
  const PackageChanges* dpkg = manager(d, "dpkg");
  REQUIRE(dpkg != nullptr);
  CHECK(dpkg->status == PackageStatus::kCompared);
  REQUIRE(dpkg->added.size() == 1);
  CHECK(dpkg->added[0].name == "curl");
  CHECK(dpkg->added[0].version_b == "7.88");
  REQUIRE(dpkg->removed.size() == 1);
  CHECK(dpkg->removed[0].name == "gone");
  REQUIRE(dpkg->changed.size() == 1);
  CHECK(dpkg->changed[0].version_a == "1.0");
  CHECK(dpkg->changed[0].version_b == "1.1");
  CHECK(dpkg->unchanged == 1);
}

TEST_CASE("diff: an image without a package database says so instead of removing everything") {
  Image a = image_of({base_layer()});
  Image b = image_of({{file("usr/bin/tool", std::string(1000, 't'))}});
  ImageDiff d = diff_images(a, "fat", b, "slim");
  const PackageChanges* dpkg = manager(d, "dpkg");
  REQUIRE(dpkg != nullptr);
  CHECK(dpkg->status == PackageStatus::kOnlyInA);
  CHECK(dpkg->removed.empty());
  CHECK(dpkg->packages_a == 3);
  std::ostringstream text;
  print_text(text, d);
  CHECK(text.str().find("dpkg: no package database in B (A has 3 packages in "
                        "/var/lib/dpkg/status)") != std::string::npos);
  json report = json::parse(to_json(d).dump());
  CHECK(report["packages"][0]["status"] == "only_in_a");
  CHECK(report["packages"][0]["removed"].empty());
}

TEST_CASE("diff: Python and npm packages, npm not deeper than kMaxNodeModulesDepth") {
  std::vector<TarEntry> python_a = {
      file("usr/lib/python3/dist-packages/flask-2.2.2.dist-info/METADATA",
           "Metadata-Version: 2.1\nName: Flask\nVersion: 2.2.2\n\nlong description"),
      file("app/node_modules/express/package.json", R"({"name":"express","version":"4.18.0"})"),
      file("app/node_modules/a/node_modules/debug/package.json",
           R"({"name":"debug","version":"2.6.9"})"),
      file("app/node_modules/a/node_modules/b/node_modules/deep/package.json",
           R"({"name":"deep","version":"1"})"),
      file("app/node_modules/@types/node/package.json",
           R"({"name":"@types/node","version":"20.1.0"})"),
      file("app/node_modules/express/lib/package.json", R"({"name":"not-a-package"})")};
  std::vector<TarEntry> python_b = python_a;
  python_b[1] =
      file("app/node_modules/express/package.json", R"({"name":"express","version":"4.19.2"})");
  ImageDiff d = diff_images(image_of({python_a}), "a", image_of({python_b}), "b");
  const PackageChanges* python = manager(d, "python");
  REQUIRE(python != nullptr);
  CHECK(python->packages_a == 1);
  CHECK(python->unchanged == 1);
  const PackageChanges* npm = manager(d, "npm");
  REQUIRE(npm != nullptr);
  CHECK(npm->packages_a == 3);  // express, debug, @types/node: not "deep", not "not-a-package"
  REQUIRE(npm->changed.size() == 1);
  CHECK(npm->changed[0].name == "express");
  CHECK(npm->changed[0].version_b == "4.19.2");
}

TEST_CASE("diff: an rpm database is named, and said not to be read") {
  Image a = image_of({{file("var/lib/rpm/rpmdb.sqlite", "SQLite format 3")}});
  ImageDiff d = diff_images(a, "a", a, "a");
  const PackageChanges* rpm = manager(d, "rpm");
  REQUIRE(rpm != nullptr);
  CHECK(rpm->status == PackageStatus::kNotSupported);
}

TEST_CASE("diff --json: schema version, sizes and counts as documented") {
  Image a = image_of({base_layer()});
  Image b = image_of({{file("usr/bin/tool", std::string(1000, 't'))}});
  json report = json::parse(to_json(diff_images(a, "fat", b, "slim")).dump());
  CHECK(report["schema_version"] == 1);
  CHECK(report["a"]["reference"] == "fat");
  CHECK(report["size"]["bytes_a"] == 1000 + 5000 + 4 + a.layers[0].index->entries[2].size);
  CHECK(report["size"]["bytes_b"] == 1000);
  CHECK(report["size"]["delta"].get<std::int64_t>() < 0);
  CHECK(report["files"]["removed"]["files"] == 3);
  CHECK(report["files"]["unchanged"]["files"] == 1);
  CHECK(report["largest_removed"][0]["path"] == "/usr/lib/libbig.so");
  CHECK(report["largest_removed"][0]["type"] == "file");
  CHECK(report["directories"]["lost"][0]["path"] == "/usr");
  CHECK(report["layers"]["shared"] == 0);
}

TEST_CASE("diff: the second image hashes only files of a size the first has, and finds the same") {
  Image b = image_of({{file("app/main.py", "print(2)"), file("app/same.txt", "same"),
                       file("bin/link", "87654321")}});  // a link in A, a file of its size in B
  Image a = image_of({{file("usr/lib/big.so", std::string(5000, 'x')),
                       file("app/main.py", "print(1)"), file("app/same.txt", "same"),
                       file("bin/tool", "12345678"), hard_link("bin/link", "bin/tool")}},
                     diff_index_options(b));
  for (const auto& entry : a.layers[0].index->entries) {
    INFO(entry.path);
    bool hashed = entry.type == minify::image::FileType::kRegular && entry.path != "usr/lib/big.so";
    CHECK(entry.digest.empty() == !hashed);
  }
  ImageDiff d = diff_images(a, "a", b, "b");
  CHECK(d.files.changed.files == 2);    // main.py, bin/link (a hard link to other bytes)
  CHECK(d.files.unchanged.files == 1);  // same.txt
  CHECK(d.files.removed.files == 2);    // big.so, bin/tool
}
