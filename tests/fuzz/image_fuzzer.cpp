// libFuzzer target for lib/image: any bytes as an image archive (docker-archive or OCI, plain or
// compressed) must give an image, whose layers then merge, or an ImageError; never a crash, a
// hang, a sanitizer report or any other exception. Built and run by tests/fuzz/run.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "byte_names/printable_name.h"
#include "image/image_error.h"
#include "image/image_reader.h"
#include "image/merged_view.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::size_t offset = 0;
  // Short reads, as from a pipe: the reader must not depend on how the bytes arrive.
  minify::image::ByteReader read = [&](char* buffer, std::size_t capacity) {
    std::size_t n = std::min({capacity, size - offset, std::size_t{4096}});
    std::memcpy(buffer, data + offset, n);
    offset += n;
    return n;
  };
  try {
    minify::image::Image image = minify::image::read_image(read, {.reference = "fuzz:1"});
    std::vector<const minify::image::LayerIndex*> layers;
    for (const auto& layer : image.layers) layers.push_back(layer.index.get());
    minify::image::MergedView view = minify::image::merge_layers(layers);
    for (const auto& [path, entry] : view.entries) (void)minify::byte_names::printable(path);
  } catch (const minify::image::ImageError&) {
    // refusing a corrupt or hostile archive with one line is the contract
  }
  return 0;
}
