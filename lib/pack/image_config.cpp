#include "pack/image_config.h"

namespace minify::pack {

nlohmann::json slim_image_config(const nlohmann::json& inspect, const std::string& diff_id,
                                 const SourceImage& source) {
  static const char* kCopied[] = {"Entrypoint",   "Cmd",     "Env",    "WorkingDir", "User",
                                  "ExposedPorts", "Volumes", "Labels", "StopSignal", "Healthcheck"};
  const nlohmann::json empty = nlohmann::json::object();
  const auto& original =
      inspect.contains("Config") && inspect["Config"].is_object() ? inspect["Config"] : empty;
  nlohmann::json config = nlohmann::json::object();
  for (const char* key : kCopied) {
    auto it = original.find(key);
    if (it != original.end() && !it->is_null()) config[key] = *it;
  }
  if (!config.contains("Labels") || !config["Labels"].is_object())
    config["Labels"] = nlohmann::json::object();
  config["Labels"][kSourceImageLabel] = source.reference;
  config["Labels"][kSourceDigestLabel] =
      source.repo_digest.empty() ? source.id : source.repo_digest;

  nlohmann::json image = {
      {"architecture", inspect.value("Architecture", "amd64")},
      {"os", inspect.value("Os", "linux")},
      {"config", config},
      {"rootfs", {{"type", "layers"}, {"diff_ids", {diff_id}}}},
  };
  if (inspect.contains("Variant") && inspect["Variant"].is_string() &&
      !inspect["Variant"].get<std::string>().empty())
    image["variant"] = inspect["Variant"];
  if (inspect.contains("Created") && inspect["Created"].is_string()) {
    image["created"] = inspect["Created"];
    image["history"] = {{{"created", inspect["Created"]},
                         {"created_by", "minify build " + source.reference},
                         {"comment", "only the files the app used"}}};
  }
  return image;
}

}  // namespace minify::pack
