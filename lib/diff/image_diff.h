#pragma once
// `minify diff A B`: what changed from image A to image B, as container-diff tells it: sizes,
// layers, files added / removed / changed (by content digest where sizes match), the directories
// that gained or lost the most bytes, and the packages added / removed / changed where the images
// carry a package database. Each image is read once (lib/image, streaming, contents hashed on the
// way); this compares what the reads kept.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "diff/directory_changes.h"
#include "diff/file_changes.h"
#include "diff/package_changes.h"
#include "image/image.h"
#include "image/layer_index.h"

namespace minify::diff {

struct LayerSummary {
  std::string diff_id;
  std::string instruction;  // the history's created_by as a Dockerfile line
  std::uint64_t bytes = 0;  // file bytes the layer ships
  std::uint64_t files = 0;  // entries it ships that are not directories
  bool shared = false;      // the same layer at the same place in both images (a common base)
};

struct ImageSummary {
  std::string reference;  // as named on the command line
  std::string format;     // "docker-archive" or "oci"
  std::string id;         // the config's digest
  std::vector<std::string> tags;
  std::uint64_t image_bytes = 0;  // file bytes of the final filesystem (hard links once)
  std::uint64_t files = 0;        // final filesystem: entries that are not directories
  std::uint64_t directories = 0;
  std::vector<LayerSummary> layers;  // bottom first
};

struct ImageDiff {
  ImageSummary a, b;
  std::uint64_t shared_layers = 0;  // the common base: layers equal from the bottom up
  FileChanges files;
  DirectoryChanges directories;
  std::vector<PackageChanges> packages;
};

struct DiffOptions {
  std::size_t top = 10;  // length of each list of files and directories
};

// How the first image read for diff_images() is read: every regular file hashed, the package
// databases captured (image::ReadOptions::index).
image::IndexOptions diff_index_options();

// How the second one is read, `first` known: only the regular files of a size some regular file
// of `first` has are hashed (only those can equal a file of `first`; a hard link has its target's
// size, so a target is hashed whenever a link to it may need the digest). Diffing a fat image
// against its slim one then hashes little more than the slim image's bytes.
image::IndexOptions diff_index_options(const image::Image& first);

// Compares two images, one read with diff_index_options() and the other with
// diff_index_options(it), in either order. `reference_a`/`reference_b` name them in the report.
// Throws image::ImageError when an image's layers do not merge (lib/image's rules).
ImageDiff diff_images(const image::Image& a, const std::string& reference_a, const image::Image& b,
                      const std::string& reference_b, const DiffOptions& options = {});

}  // namespace minify::diff
