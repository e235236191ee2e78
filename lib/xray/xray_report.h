#pragma once
// What `minify xray` tells about an image: each layer (the instruction that made it, its size, what
// it added, modified and removed), the whole (size, files, wasted bytes, efficiency), the largest
// files and directories, and why it is fat (findings, each with its bytes and the fix).
// Only `minify xray` tells it, so it lives here and not in lib/image, which reads images.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "image/image.h"
#include "image/merged_view.h"

namespace minify::xray {

struct LayerReport {
  std::size_t index = 0;
  std::string instruction;  // "RUN apt-get install ...", "COPY dir:... in /app", "" if unknown
  std::string created_by;   // as the history wrote it
  std::string diff_id;
  std::uint64_t blob_bytes = 0;  // as stored in the archive (compressed when it is)
  image::LayerChanges changes;
};

struct SizedPath {
  std::string path;  // absolute, "/usr/lib"
  std::uint64_t bytes = 0;
  std::uint64_t files = 0;
  std::uint32_t layer = 0;             // files: the layer that wrote it; wasted: where it ships
  std::uint32_t removed_in_layer = 0;  // wasted files only
};

struct Finding {
  std::string id;     // stable: "apt-cache", "pip-cache", "npm-cache", "pycache", ...
  std::string title;  // for a person
  std::uint64_t bytes = 0;
  std::uint64_t files = 0;
  std::string technique;              // what removes it
  std::vector<SizedPath> examples;    // the largest places it lives
  std::vector<std::string> evidence;  // e.g. the -dev packages installed, with their size
};

struct XrayReport {
  std::string reference;  // what the user named
  std::string format;     // "docker-archive" or "oci"
  std::string id;
  std::vector<std::string> tags;
  std::string os, architecture;
  std::string distro;  // os-release's PRETTY_NAME, "" when none

  std::uint64_t total_bytes = 0;   // file bytes shipped in all layers
  std::uint64_t image_bytes = 0;   // file bytes in the final filesystem
  std::uint64_t wasted_bytes = 0;  // total_bytes - image_bytes
  double efficiency = 1.0;
  std::uint64_t files = 0;  // final filesystem: entries that are not directories
  std::uint64_t directories = 0;

  std::vector<LayerReport> layers;
  std::vector<SizedPath> largest_files;
  std::vector<SizedPath> largest_directories;
  std::vector<SizedPath> wasted_files;
  std::vector<Finding> findings;  // largest first; each file counts in one finding at most
};

struct ReportOptions {
  std::size_t top = 10;  // entries in each "largest" list and the wasted files
};

// Merges the layers and tells what they hold. `reference` is left empty for the caller to fill.
XrayReport make_xray_report(const image::Image& image, const ReportOptions& options = {});

// The history's created_by as a Dockerfile line: "/bin/sh -c #(nop)  CMD [..]" -> "CMD [..]",
// "/bin/sh -c apt-get ..." -> "RUN apt-get ...", BuildKit's "RUN /bin/sh -c x # buildkit" -> "RUN
// x".
std::string instruction_of(const std::string& created_by);

}  // namespace minify::xray
