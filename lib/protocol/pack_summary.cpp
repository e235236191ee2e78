#include "protocol/pack_summary.h"

#include <algorithm>
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

// A string field that must be one of `allowed`.
template <std::size_t N>
std::string word_field(const nlohmann::json& object, const char* key, const std::string& where,
                       const char* const (&allowed)[N]) {
  std::string word = field<std::string>(object, key, where);
  for (const char* a : allowed) {
    if (word == a) return word;
  }
  throw SummaryError("summary: " + where + "." + key + ": unknown value \"" +
                     byte_names::printable(word) + "\"");
}

std::vector<DirSize> dir_sizes_from_json(const nlohmann::json& json, const std::string& where) {
  if (!json.is_array()) throw SummaryError("summary: " + where + " has the wrong type");
  std::vector<DirSize> out;
  const std::string item = where + "[]";
  for (const auto& d : json) {
    out.push_back({name_field(d, "path", item), field<std::uint64_t>(d, "bytes", item),
                   field<std::uint64_t>(d, "files", item)});
  }
  return out;
}

std::vector<DroppedEntry> largest_from_json(const nlohmann::json& json) {
  if (!json.is_array()) throw SummaryError("summary: dropped.largest has the wrong type");
  std::vector<DroppedEntry> out;
  for (const auto& e : json) {
    out.push_back({name_field(e, "path", "dropped.largest[]"), "file",
                   field<std::uint64_t>(e, "bytes", "dropped.largest[]")});
  }
  return out;
}

std::vector<DroppedEntry> entries_from_json(const nlohmann::json& json) {
  if (!json.is_array()) throw SummaryError("summary: dropped.entries has the wrong type");
  std::vector<DroppedEntry> out;
  out.reserve(json.size());
  for (const auto& e : json) {
    if (!e.is_array() || e.size() != 3 || !e[1].is_string() || !e[2].is_number_unsigned())
      throw SummaryError("summary: dropped.entries[] is not [path, type, bytes]");
    DroppedEntry entry;
    try {
      entry.path = byte_names::name_from_json(e[0]);
    } catch (const byte_names::NameJsonError& error) {
      throw SummaryError(std::string("summary: dropped.entries[]: ") + error.what());
    }
    entry.type = e[1].get<std::string>();
    if (std::find(std::begin(kEntryTypes), std::end(kEntryTypes), entry.type) ==
        std::end(kEntryTypes))
      throw SummaryError("summary: dropped.entries[]: unknown type \"" +
                         byte_names::printable(entry.type) + "\"");
    entry.bytes = e[2].get<std::uint64_t>();
    out.push_back(std::move(entry));
  }
  return out;
}

nlohmann::json largest_json(const std::vector<DroppedEntry>& entries) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : entries)
    out.push_back({{"path", byte_names::name_to_json(e.path)}, {"bytes", e.bytes}});
  return out;
}

// Every dropped entry as [path, type, bytes]: a big image drops some 50k entries, which as
// objects would take twice the time to write and to read.
nlohmann::json entries_json(const std::vector<DroppedEntry>& entries) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : entries)
    out.push_back(nlohmann::json::array({byte_names::name_to_json(e.path), e.type, e.bytes}));
  return out;
}

nlohmann::json kept_files_json(const std::vector<KeptFile>& files) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : files) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& r : f.reasons) {
      // The detail of some kinds is a file name, of the others a message: both may hold any
      // bytes, so both go through the name encoding.
      reasons.push_back({{"kind", r.kind}, {"detail", byte_names::name_to_json(r.detail)}});
    }
    out.push_back({{"path", byte_names::name_to_json(f.path)},
                   {"type", f.type},
                   {"bytes", f.bytes},
                   {"reasons", std::move(reasons)}});
  }
  return out;
}

std::vector<KeptFile> kept_files_from_json(const nlohmann::json& json) {
  using Type = nlohmann::json::value_t;
  std::vector<KeptFile> out;
  for (const auto& f : member(json, "kept_files", "kept_files", Type::array)) {
    KeptFile file{name_field(f, "path", "kept_files[]"),
                  word_field(f, "type", "kept_files[]", kEntryTypes),
                  field<std::uint64_t>(f, "bytes", "kept_files[]"),
                  {}};
    for (const auto& r : member(f, "reasons", "kept_files[].reasons", Type::array)) {
      file.reasons.push_back({word_field(r, "kind", "kept_files[].reasons[]", kReasonKinds),
                              name_field(r, "detail", "kept_files[].reasons[]")});
    }
    if (file.reasons.empty())
      throw SummaryError("summary: kept_files[]: " + byte_names::printable(file.path) +
                         " has no reason");
    out.push_back(std::move(file));
  }
  return out;
}

std::vector<DirectoryUse> filesystem_from_json(const nlohmann::json& json) {
  using Type = nlohmann::json::value_t;
  const auto& fs = member(json, "filesystem", "filesystem", Type::object);
  std::vector<DirectoryUse> out;
  const std::string item = "filesystem.directories[]";
  for (const auto& d : member(fs, "directories", "filesystem.directories", Type::array)) {
    out.push_back({name_field(d, "path", item), field<int>(d, "depth", item),
                   field<std::uint64_t>(d, "kept_bytes", item),
                   field<std::uint64_t>(d, "kept_files", item),
                   field<std::uint64_t>(d, "dropped_bytes", item),
                   field<std::uint64_t>(d, "dropped_files", item)});
  }
  return out;
}

}  // namespace

nlohmann::json dir_sizes_json(const std::vector<DirSize>& dirs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : dirs)
    out.push_back(
        {{"path", byte_names::name_to_json(d.path)}, {"bytes", d.bytes}, {"files", d.files}});
  return out;
}

nlohmann::json dropped_json(const Dropped& dropped) {
  return {{"files", dropped.files},
          {"bytes", dropped.bytes},
          {"by_directory", dir_sizes_json(dropped.by_directory)},
          {"largest", largest_json(dropped.largest)},
          {"entries", entries_json(dropped.entries)}};
}

nlohmann::json filesystem_json(const std::vector<DirectoryUse>& dirs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : dirs) {
    out.push_back({{"path", byte_names::name_to_json(d.path)},
                   {"depth", d.depth},
                   {"kept_bytes", d.kept_bytes},
                   {"kept_files", d.kept_files},
                   {"dropped_bytes", d.dropped_bytes},
                   {"dropped_files", d.dropped_files}});
  }
  return {{"directories", std::move(out)}};
}

nlohmann::json skipped_json(const std::vector<Skipped>& skipped) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : skipped) {
    out.push_back(
        {{"path", byte_names::name_to_json(s.path)}, {"reason", byte_names::printable(s.reason)}});
  }
  return out;
}

nlohmann::json PackSummary::to_json() const {
  nlohmann::json warnings_json = nlohmann::json::array();
  for (const auto& w : warnings) warnings_json.push_back(byte_names::printable(w));
  return {{"summary_version", summary_version},
          {"kept", totals_json(kept, true)},
          {"image", totals_json(image, false)},
          {"kept_by_reason", kept_by_reason},
          {"largest_dirs", dir_sizes_json(largest_dirs)},
          {"skipped", skipped_json(skipped)},
          {"warnings", warnings_json},
          {"timings_ms",
           {{"closure", timings.closure_ms},
            {"image_walk", timings.image_walk_ms},
            {"tar", timings.tar_ms}}},
          {"tar",
           {{"entries", tar.entries},
            {"bytes", tar.bytes},
            {"size", tar.size},
            {"streamed", tar.streamed}}},
          {"kept_files", kept_files_json(kept_files)},
          {"dropped", dropped_json(dropped)},
          {"filesystem", filesystem_json(filesystem)}};
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
  s.largest_dirs = dir_sizes_from_json(member(json, "largest_dirs", "largest_dirs", Type::array),
                                       "largest_dirs");
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
  s.tar.size = field<std::uint64_t>(tar, "size", "tar");
  s.tar.streamed = field<bool>(tar, "streamed", "tar");
  s.kept_files = kept_files_from_json(json);
  const auto& dropped = member(json, "dropped", "dropped", Type::object);
  s.dropped.files = field<std::uint64_t>(dropped, "files", "dropped");
  s.dropped.bytes = field<std::uint64_t>(dropped, "bytes", "dropped");
  s.dropped.by_directory = dir_sizes_from_json(
      field<nlohmann::json>(dropped, "by_directory", "dropped"), "dropped.by_directory");
  s.dropped.largest = largest_from_json(field<nlohmann::json>(dropped, "largest", "dropped"));
  s.dropped.entries = entries_from_json(field<nlohmann::json>(dropped, "entries", "dropped"));
  s.filesystem = filesystem_from_json(json);
  return s;
}

}  // namespace minify::protocol
