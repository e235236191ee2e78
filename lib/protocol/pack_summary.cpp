#include "protocol/pack_summary.h"

#include <nlohmann/json.hpp>

#include "byte_names/name_json.h"
#include "byte_names/printable_name.h"

namespace minify::protocol {
namespace {

nlohmann::json totals_json(const Totals& t, bool with_hardlinks) {
  nlohmann::json j = {{"files", t.files},
                      {"dirs", t.dirs},
                      {"symlinks", t.symlinks},
                      {"other", t.other},
                      {"bytes", t.bytes}};
  if (with_hardlinks) j["hardlinks"] = t.hardlinks;
  return j;
}

// The member `key` of `object` (named `where` in messages) as a T.
template <typename T>
T field(const nlohmann::json& object, const char* key, const std::string& where) {
  const std::string name = where.empty() ? key : where + "." + key;
  if (!object.is_object() || !object.contains(key)) throw SummaryError("summary: no " + name);
  try {
    return object.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw SummaryError("summary: " + name + " has the wrong type");
  }
}

std::string name_field(const nlohmann::json& object, const char* key, const std::string& where) {
  try {
    return byte_names::name_from_json(field<nlohmann::json>(object, key, where));
  } catch (const byte_names::NameJsonError& e) {
    throw SummaryError("summary: " + where + "." + key + ": " + e.what());
  }
}

const nlohmann::json& member(const nlohmann::json& object, const char* key, const char* where,
                             nlohmann::json::value_t type) {
  if (!object.contains(key)) throw SummaryError(std::string("summary: no ") + where);
  const nlohmann::json& j = object.at(key);
  if (j.type() != type)
    throw SummaryError(std::string("summary: ") + where + " has the wrong type");
  return j;
}

Totals totals_from_json(const nlohmann::json& j, const std::string& where, bool with_hardlinks) {
  Totals t;
  t.files = field<std::uint64_t>(j, "files", where);
  t.dirs = field<std::uint64_t>(j, "dirs", where);
  t.symlinks = field<std::uint64_t>(j, "symlinks", where);
  if (with_hardlinks) t.hardlinks = field<std::uint64_t>(j, "hardlinks", where);
  t.other = field<std::uint64_t>(j, "other", where);
  t.bytes = field<std::uint64_t>(j, "bytes", where);
  return t;
}

}  // namespace

nlohmann::json PackSummary::to_json() const {
  nlohmann::json largest = nlohmann::json::array();
  for (const auto& d : largest_dirs)
    largest.push_back(
        {{"path", byte_names::name_to_json(d.path)}, {"bytes", d.bytes}, {"files", d.files}});
  nlohmann::json skipped_json = nlohmann::json::array();
  for (const auto& s : skipped) {
    skipped_json.push_back(
        {{"path", byte_names::name_to_json(s.path)}, {"reason", byte_names::printable(s.reason)}});
  }
  nlohmann::json warnings_json = nlohmann::json::array();
  for (const auto& w : warnings) warnings_json.push_back(byte_names::printable(w));
  return {{"summary_version", summary_version},
          {"kept", totals_json(kept, true)},
          {"image", totals_json(image, false)},
          {"kept_by_reason", kept_by_reason},
          {"largest_dirs", largest},
          {"skipped", skipped_json},
          {"warnings", warnings_json},
          {"timings_ms",
           {{"closure", timings.closure_ms},
            {"image_walk", timings.image_walk_ms},
            {"tar", timings.tar_ms}}},
          {"tar", {{"entries", tar.entries}, {"bytes", tar.bytes}}}};
}

PackSummary PackSummary::from_json(const nlohmann::json& json) {
  using Type = nlohmann::json::value_t;
  if (!json.is_object()) throw SummaryError("summary: not a JSON object");
  PackSummary s;
  s.summary_version = field<int>(json, "summary_version", "");
  if (s.summary_version != kSummaryVersion)
    throw SummaryError("summary: unsupported summary_version " + std::to_string(s.summary_version));
  s.kept = totals_from_json(member(json, "kept", "kept", Type::object), "kept", true);
  s.image = totals_from_json(member(json, "image", "image", Type::object), "image", false);
  s.kept_by_reason = field<std::map<std::string, std::uint64_t>>(json, "kept_by_reason", "");
  for (const auto& d : member(json, "largest_dirs", "largest_dirs", Type::array)) {
    s.largest_dirs.push_back({name_field(d, "path", "largest_dirs[]"),
                              field<std::uint64_t>(d, "bytes", "largest_dirs[]"),
                              field<std::uint64_t>(d, "files", "largest_dirs[]")});
  }
  for (const auto& k : member(json, "skipped", "skipped", Type::array)) {
    s.skipped.push_back(
        {name_field(k, "path", "skipped[]"), field<std::string>(k, "reason", "skipped[]")});
  }
  s.warnings = field<std::vector<std::string>>(json, "warnings", "");
  const auto& timings = member(json, "timings_ms", "timings_ms", Type::object);
  s.timings.closure_ms = field<std::int64_t>(timings, "closure", "timings_ms");
  s.timings.image_walk_ms = field<std::int64_t>(timings, "image_walk", "timings_ms");
  s.timings.tar_ms = field<std::int64_t>(timings, "tar", "timings_ms");
  const auto& tar = member(json, "tar", "tar", Type::object);
  s.tar.entries = field<std::uint64_t>(tar, "entries", "tar");
  s.tar.bytes = field<std::uint64_t>(tar, "bytes", "tar");
  return s;
}

}  // namespace minify::protocol
