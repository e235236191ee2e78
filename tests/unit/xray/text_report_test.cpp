#include "xray/text_report.h"

#include <doctest/doctest.h>

#include <sstream>

#include "image/image_reader.h"
#include "unit/image/tar_builder.h"
#include "xray/json_document.h"

using namespace minify::image::test;
using namespace minify::xray;
using minify::image::read_image;
using nlohmann::json;

namespace {

// Two layers: an app with its docs and a compiler, then a RUN too long for the table that deletes
// the big file.
minify::image::Image small_image() {
  std::vector<TarEntry> base = {dir("app/"),
                                file("app/big.bin", std::string(2500, 'b')),
                                file("app/run.sh", std::string(120, 's')),
                                file("usr/share/doc/app/README", std::string(40, 'd')),
                                file("usr/bin/gcc-12", std::string(300, 'g')),
                                file("var/lib/dpkg/status",
                                     "Package: gcc-12\nStatus: install ok installed\n"
                                     "Installed-Size: 70000\n"),
                                file("etc/os-release", "PRETTY_NAME=\"Tiny 1\"\n")};
  std::vector<TarEntry> cleanup = {whiteout("app/", "big.bin")};
  json config = {{"os", "linux"},
                 {"architecture", "arm64"},
                 {"history",
                  {{{"created_by", "/bin/sh -c #(nop) COPY dir:0123 in / "}},
                   {{"created_by",
                     "/bin/sh -c rm /app/big.bin && echo a command far too long for the "
                     "sixty columns of the table"}}}}};
  std::vector<TarEntry> archive = {
      file("0/layer.tar", make_tar(base)), file("1/layer.tar", make_tar(cleanup)),
      file("c.json", config.dump()),
      file("manifest.json", json::array({{{"Config", "c.json"},
                                          {"RepoTags", {"tiny:1"}},
                                          {"Layers", {"0/layer.tar", "1/layer.tar"}}}})
                                .dump())};
  return read_image(string_reader(make_tar(archive)));
}

}  // namespace

TEST_CASE("the text report of a small image, byte for byte") {
  XrayReport report = make_xray_report(small_image(), {.top = 3});
  report.reference = "tiny:1";
  report.id = "sha256:0123456789abcdef0123";  // the config's digest changes with its JSON
  std::ostringstream out;
  print_text(out, report);
  CHECK(out.str() == R"text(tiny:1  0123456789ab  docker-archive  linux/arm64  Tiny 1

  3.05 kB shipped in 2 layers, 548 B in the final filesystem (5 files, 10 directories)
  wasted 2.50 kB, efficiency 18.0 %

Layers
    #       size   added changed removed     wasted  instruction
    0    3.05 kB       6       0       0    2.50 kB  COPY dir:0123 in /
    1        0 B       0       0       1        0 B  RUN rm /app/big.bin && echo a command far too long for th...

Largest files
       300 B  /usr/bin/gcc-12  (layer 0)
       120 B  /app/run.sh  (layer 0)
        67 B  /var/lib/dpkg/status  (layer 0)

Largest directories
       340 B  /usr  (2 files)
       300 B  /usr/bin  (1 files)
       120 B  /app  (1 files)

Wasted: shipped in a layer, replaced or deleted in a later one
     2.50 kB  /app/big.bin  (layer 0, gone in layer 1)

Why it is fat
     2.50 kB  bytes shipped in a layer, then replaced or deleted by a later one (1 files)
              fix: delete files in the same RUN that creates them, or build in one stage and COPY the result into the next (multi-stage)
              /app/big.bin  2.50 kB
       300 B  compilers, headers and static libraries in a runtime image (1 files)
              fix: multi-stage build: compile in a builder stage, COPY only the results into a runtime stage
              /usr/bin/gcc-12  300 B
              seen: gcc-12 (71.7 MB)
        40 B  documentation and man pages (1 files)
              fix: dpkg path-exclude rules for /usr/share/doc, man and info (as slim bases do), or a slim/distroless base
              /usr/share/doc  40 B
)text");
}

TEST_CASE("names are bytes: JSON carries them losslessly, text escapes what a terminal acts on") {
  std::vector<TarEntry> layer = {dir("data/"), file("data/caf\xE9.txt", std::string(200, 'l')),
                                 file("data/red\x1b[31m", std::string(100, 'r')),
                                 file("data/F\xC5\x91.pem", std::string(50, 'u'))};
  json config = {{"os", "linux"}, {"architecture", "amd64"}};
  std::vector<TarEntry> archive = {
      file("0/layer.tar", make_tar(layer)), file("c.json", config.dump()),
      file("manifest.json",
           json::array(
               {{{"Config", "c.json"}, {"RepoTags", {"names:1"}}, {"Layers", {"0/layer.tar"}}}})
               .dump())};
  XrayReport report = make_xray_report(read_image(string_reader(make_tar(archive))), {.top = 10});

  const json document = json::parse(to_json(report, {}).dump());  // dump() once refused them
  std::vector<json> paths;
  for (const auto& f : document["largest_files"]) paths.push_back(f["path"]);
  CHECK(paths == std::vector<json>{json{{"hex", "2f646174612f636166e92e747874"}},
                                   json("/data/red\x1b[31m"), json("/data/F\xC5\x91.pem")});

  std::ostringstream out;
  print_text(out, report);
  CHECK(out.str().find("/data/caf\\xe9.txt") != std::string::npos);
  CHECK(out.str().find("/data/red\\x1b[31m") != std::string::npos);
  CHECK(out.str().find("/data/F\xC5\x91.pem") != std::string::npos);
  CHECK(out.str().find('\x1b') == std::string::npos);
}
