#include "xray/xray_report.h"

#include <doctest/doctest.h>

#include "image/image_reader.h"
#include "unit/image/tar_builder.h"
#include "xray/json_document.h"

using namespace minify::image;
using namespace minify::image::test;
using namespace minify::xray;
using nlohmann::json;

namespace {

std::string bytes(std::size_t n) {
  return std::string(n, 'x');
}

// A Debian-like base, then the usual mistakes, one per layer.
Image fat_image() {
  std::vector<std::vector<TarEntry>> layers = {
      {file("usr/bin/dpkg", bytes(300)), file("usr/lib/os-release", "PRETTY_NAME=\"Debian 12\"\n"),
       symbolic_link("etc/os-release", "../usr/lib/os-release"),
       file("usr/share/doc/bash/copyright", bytes(40)),
       file("usr/share/man/man1/ls.1.gz", bytes(60)), file("usr/lib/libc.so.6", bytes(2000)),
       file("usr/share/locale/de/LC_MESSAGES/x.mo", bytes(7))},
      {file("var/lib/apt/lists/deb.debian.org_dists_bookworm_InRelease", bytes(500)),
       file("var/cache/apt/archives/gcc.deb", bytes(250)), file("usr/bin/gcc-12", bytes(900)),
       file("usr/include/stdio.h", bytes(30)),
       file("usr/lib/gcc/x86_64-linux-gnu/12/cc1", bytes(4000)),
       file("var/lib/dpkg/status",
            "Package: libc6-dev\nStatus: install ok installed\nInstalled-Size: 12000\n\n"
            "Package: gcc-12\nStatus: install ok installed\nInstalled-Size: 70000\n\n"
            "Package: bash\nStatus: install ok installed\nInstalled-Size: 7000\n\n"
            "Package: old-dev\nStatus: deinstall ok config-files\nInstalled-Size: 1\n")},
      {file("root/.cache/pip/http/ab/cd", bytes(800)),
       file("app/__pycache__/main.cpython-311.pyc", bytes(70)), file("tmp/build.tar", bytes(3000))},
      {file("app/main.py", bytes(10)), file("app/.git/objects/pack/p.pack", bytes(600)),
       file("app/tests/test_main.py", bytes(20)),
       file("app/node_modules/left-pad/index.js", bytes(15))},
      {whiteout("tmp/", "build.tar")},
  };
  std::vector<TarEntry> entries;
  json manifest_layers = json::array();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    std::string name = "l" + std::to_string(i) + "/layer.tar";
    entries.push_back(file(name, make_tar(layers[i])));
    manifest_layers.push_back(name);
  }
  json config = {{"os", "linux"},
                 {"architecture", "amd64"},
                 {"history",
                  {{{"created_by", "/bin/sh -c #(nop) ADD file:abc in / "}},
                   {{"created_by", "/bin/sh -c apt-get update && apt-get install -y gcc"}},
                   {{"created_by", "RUN /bin/sh -c pip install flask # buildkit"}},
                   {{"created_by", "/bin/sh -c #(nop)  CMD [\"python3\"]"}, {"empty_layer", true}},
                   {{"created_by", "/bin/sh -c #(nop) COPY dir:123 in /app "}},
                   {{"created_by", "|1 V=2 /bin/sh -c rm /tmp/build.tar"}}}}};
  entries.push_back(file("c.json", config.dump()));
  entries.push_back(file(
      "manifest.json",
      json::array({{{"Config", "c.json"}, {"RepoTags", {"fat:1"}}, {"Layers", manifest_layers}}})
          .dump()));
  return read_image(string_reader(make_tar(entries)));
}

const Finding* finding(const XrayReport& report, const std::string& id) {
  for (const Finding& f : report.findings) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("xray finds each cause of fat with its exact bytes and the technique that removes it") {
  Image image = fat_image();
  XrayReport report = make_xray_report(image);

  CHECK(report.distro == "Debian 12");
  CHECK(report.wasted_bytes == 3000);
  REQUIRE(report.layers.size() == 5);
  CHECK(report.layers[1].instruction == "RUN apt-get update && apt-get install -y gcc");
  CHECK(report.layers[2].instruction == "RUN pip install flask");
  CHECK(report.layers[3].instruction == "COPY dir:123 in /app");
  CHECK(report.layers[4].instruction == "RUN rm /tmp/build.tar");
  CHECK(report.layers[4].changes.removed_bytes == 3000);
  CHECK(report.layers[2].changes.wasted_bytes == 3000);

  REQUIRE(finding(report, "apt-cache") != nullptr);
  CHECK(finding(report, "apt-cache")->bytes == 750);
  CHECK(finding(report, "apt-cache")->files == 2);
  CHECK(finding(report, "apt-cache")->examples[0].path == "/var/lib/apt/lists");
  CHECK(finding(report, "pip-cache")->bytes == 800);
  CHECK(finding(report, "pip-cache")->examples[0].path == "/root/.cache/pip");
  CHECK(finding(report, "pycache")->bytes == 70);
  CHECK(finding(report, "dockerignore")->bytes == 635);
  CHECK(finding(report, "toolchain")->bytes == 4930);
  REQUIRE(finding(report, "toolchain")->evidence.size() == 2);
  CHECK(finding(report, "toolchain")->evidence[0] == "gcc-12 (71.7 MB)");
  CHECK(finding(report, "toolchain")->evidence[1] == "libc6-dev (12.3 MB)");
  CHECK(finding(report, "docs")->bytes == 100);
  CHECK(finding(report, "locales")->bytes == 7);
  // The rest of the base layer: dpkg, libc, os-release.
  CHECK(finding(report, "distro-base")->bytes == 300 + 2000 + 24);
  CHECK(finding(report, "distro-base")->title == "a full distro base (Debian 12)");
  CHECK(finding(report, "wasted")->bytes == 3000);
  CHECK(finding(report, "wasted")->examples[0].path == "/tmp/build.tar");
  CHECK(finding(report, "npm-cache") == nullptr);  // nothing there: not reported
  for (std::size_t i = 1; i < report.findings.size(); ++i) {
    CHECK(report.findings[i - 1].bytes >= report.findings[i].bytes);
  }
  CHECK(report.largest_files[0].path == "/usr/lib/gcc/x86_64-linux-gnu/12/cc1");
  CHECK(report.largest_directories[0].path == "/usr");
}

TEST_CASE("node_modules and tests count only when a COPY brought them") {
  Image image = fat_image();
  image.layers[3].created_by = "/bin/sh -c npm install";
  XrayReport report = make_xray_report(image);
  CHECK(finding(report, "dockerignore")->bytes == 600);  // .git counts wherever it comes from
}

TEST_CASE("the JSON document carries the schema version and every documented field") {
  Image image = fat_image();
  XrayReport report = make_xray_report(image);
  report.reference = "fat:1";
  json doc =
      to_json(report, check_gates(report, {.min_efficiency = 0.5, .max_wasted = std::nullopt}));
  CHECK(doc["schema_version"] == 1);
  CHECK(doc["image"]["reference"] == "fat:1");
  CHECK(doc["image"]["tags"][0] == "fat:1");
  CHECK(doc["summary"]["wasted_bytes"] == 3000);
  CHECK(doc["summary"]["layers"] == 5);
  CHECK(doc["summary"]["total_bytes"].get<std::uint64_t>() ==
        doc["summary"]["image_bytes"].get<std::uint64_t>() + 3000);
  CHECK(doc["layers"][2]["added"]["bytes"] == 3870);
  CHECK(doc["layers"][4]["removed"]["files"] == 1);
  CHECK(doc["wasted_files"][0]["removed_in_layer"] == 4);
  CHECK(doc["findings"][0].contains("technique"));
  CHECK(doc["findings"][0]["examples"][0].contains("path"));
  REQUIRE(doc["gates"].size() == 1);
  CHECK(doc["gates"][0] == json{{"gate", "min-efficiency"},
                                {"limit", 0.5},
                                {"value", report.efficiency},
                                {"passed", true}});
  CHECK(to_json(report, {})["gates"] == json::array());
}

TEST_CASE("instructions read like a Dockerfile") {
  CHECK(instruction_of("/bin/sh -c #(nop)  CMD [\"nginx\"]") == "CMD [\"nginx\"]");
  CHECK(instruction_of("/bin/sh -c apt-get  update\n\t&& x") == "RUN apt-get update && x");
  CHECK(instruction_of("RUN /bin/sh -c make # buildkit") == "RUN make");
  CHECK(instruction_of("COPY app /app # buildkit") == "COPY app /app");
  CHECK(instruction_of("|2 A=1 B=2 /bin/sh -c make") == "RUN make");
  CHECK(instruction_of("Imported from -") == "Imported from -");
  CHECK(instruction_of("") == "");
}
