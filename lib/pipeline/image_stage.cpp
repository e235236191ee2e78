#include "pipeline/image_stage.h"

#include <fstream>
#include <memory>
#include <stdexcept>

#include "pack/docker_archive.h"
#include "pack/image_config.h"
#include "pack/image_loader.h"
#include "pack/oci_layout.h"
#include "pipeline/background_removals.h"
#include "pipeline/layer_import.h"

namespace minify::pipeline {
namespace {

// The slim image's config names the layer by the digest taken here as it streamed; the engine's
// import must hold those very bytes, or the load would look for a layer it lacks.
void check_imported_layer(const nlohmann::json& imported, const std::string& diff_id) {
  nlohmann::json layers = imported.contains("RootFS")
                              ? imported["RootFS"].value("Layers", nlohmann::json())
                              : nlohmann::json();
  if (layers != nlohmann::json::array({diff_id}))
    throw std::runtime_error("the engine imported the slim layer as " + layers.dump() +
                             ", not as the " + diff_id + " streamed to it");
}

}  // namespace

ImageOutcome run_image(const StageContext& stage, PackContainer& pack, const std::string& target,
                       engine::ImageStore store, SlimImageLoad* load,
                       const std::optional<std::filesystem::path>& output_archive,
                       const std::optional<std::filesystem::path>& output_oci,
                       const TempDir& temp) {
  const SourceFacts& source = stage.source;
  ImageOutcome outcome;
  pack::SourceImage source_image{source.reference, source.id, ""};
  auto digests = source.inspect.value("RepoDigests", nlohmann::json::array());
  for (const auto& digest : digests.is_array() ? digests : nlohmann::json::array())
    if (digest.is_string()) {
      source_image.repo_digest = digest.get<std::string>();
      break;
    }
  auto config_for = [&](const std::string& diff_id) {
    return pack::slim_image_config(source.inspect, diff_id, source_image).dump();
  };
  auto kept = [&](const pack::LayerInfo& layer) {
    for (const auto& e : layer.entries) outcome.kept_paths.push_back("/" + e.path);
  };

  // Says which way the layer comes: a build slower than usual may have missed the pipe.
  const std::string through = pack.streams() ? " (the layer through a pipe)" : "";
  if (!output_archive && !output_oci) {
    auto loading = stage.progress.begin("image: loading " + target + through);
    pack::LayerInfo layer;
    pack::LayerStream from_pack = [&](const std::function<void(std::int64_t)>& sized,
                                      const std::function<void(std::string_view)>& bytes) {
      layer = pack.stream_layer(
          [&](std::int64_t size) {
            loading.set_total(static_cast<std::uint64_t>(size));
            sized(size);
          },
          [&](std::string_view chunk) {
            bytes(chunk);
            loading.advance(chunk.size());
          });
      return layer.diff_id;
    };
    if (store == engine::ImageStore::kGraphDriver) {
      // One pass: the layer goes from the pack container straight into an import, which
      // extracts it as it comes; the image then goes in without it.
      auto import = std::make_shared<LayerImport>(stage.engine, stage.options.watch);
      pack::LayerStream into_import = [&](const std::function<void(std::int64_t)>& sized,
                                          const std::function<void(std::string_view)>& bytes) {
        std::string streamed = from_pack(sized, bytes);
        import->whole_layer_sent();
        return streamed;
      };
      const std::string imported_id = pack::import_streamed_layer(
          stage.engine, into_import, import->reference(), stage.options.cancel);
      import->landed();
      check_imported_layer(stage.engine.inspect_image(imported_id), layer.diff_id);
      pack::ArchiveImage image{config_for(layer.diff_id), {}, layer.diff_id, {target}};
      if (load) load->sending();
      outcome.loaded_id = pack::load_layerless_image(stage.engine, image, stage.options.cancel);
      // The slim image holds the layer now: the import's image goes while verify starts.
      if (stage.removals) stage.removals->run([import] { import->remove(); });
    } else {
      // One pass: the layer goes from the pack container straight into the load.
      if (load) load->sending();
      outcome.loaded_id = pack::load_streamed_image(stage.engine, from_pack, config_for, {target},
                                                    stage.options.cancel);
    }
    loading.finish();
    kept(layer);
    auto slim = stage.engine.inspect_image(outcome.loaded_id);
    outcome.slim = {target, outcome.loaded_id, slim.value("Size", std::int64_t{0})};
    return outcome;
  }

  // A file or a layout: the layer file first, then what holds it.
  auto writing = stage.progress.begin("image: writing the layer" + through);
  const std::filesystem::path layer_tar = temp / "layer.tar";
  pack::LayerInfo layer;
  {
    std::ofstream file(layer_tar, std::ios::binary | std::ios::trunc);
    if (!file) throw std::runtime_error("cannot create " + layer_tar.string());
    layer = pack.stream_layer(
        [](std::int64_t) {},
        [&](std::string_view chunk) {
          if (!file.write(chunk.data(), static_cast<std::streamsize>(chunk.size())))
            throw std::runtime_error("cannot write " + layer_tar.string());
          writing.advance(chunk.size());
        });
    if (!file.flush()) throw std::runtime_error("cannot write " + layer_tar.string());
  }
  kept(layer);
  pack::ArchiveImage image{config_for(layer.diff_id), layer_tar, layer.diff_id, {target}};
  writing.finish();
  if (output_oci) {
    auto saving = stage.progress.begin("image: writing the OCI layout " + output_oci->string());
    pack::write_oci_layout(image, *output_oci);
    saving.finish();
    outcome.output = "oci:" + output_oci->string();
  } else {
    auto saving = stage.progress.begin("image: writing " + output_archive->string());
    pack::write_docker_archive_file(image, *output_archive);
    saving.finish();
    outcome.output = "docker-archive:" + output_archive->string();
  }
  outcome.slim = {outcome.output, pack::image_id(image), layer.tar_size};
  return outcome;
}

}  // namespace minify::pipeline
