#include "report/explain.h"

#include <map>
#include <set>
#include <vector>

#include "byte_names/name_json.h"
#include "byte_names/printable_name.h"
#include "progress/progress_reporter.h"
#include "report/build_report.h"

namespace minify::report {
namespace {

struct Entry {
  std::string type;
  std::uint64_t bytes = 0;
  std::vector<protocol::Reason> reasons;  // kept entries only
};

// The parts of the report explain reads, by path.
struct Index {
  std::map<std::string, Entry> kept;
  std::map<std::string, Entry> dropped;
  std::map<std::string, std::string> skipped;
};

const nlohmann::json& array_at(const nlohmann::json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object.at(key).is_array())
    throw ExplainError(std::string("the report has no ") + key + " list");
  return object.at(key);
}

Index index_of(const nlohmann::json& report) {
  if (!report.is_object() || !report.contains("schema_version") || !report.contains("kept_paths"))
    throw ExplainError("not a minify build report (minify build --json or --report)");
  const auto& version = report.at("schema_version");
  // Version 2 brought the reasons; 3 changed only the seccomp counts, which explain does not read.
  if (!version.is_number_integer() || version.get<int>() < 2) {
    throw ExplainError("the report is of schema_version " + version.dump() +
                       ", which says no reasons: build again with this minify");
  }
  if (version.get<int>() > kSchemaVersion) {
    throw ExplainError("the report is of schema_version " + version.dump() +
                       ", newer than this minify reads (" + std::to_string(kSchemaVersion) + ")");
  }
  Index index;
  try {
    for (const auto& f : array_at(report, "kept_files")) {
      Entry entry{f.at("type").get<std::string>(), f.at("bytes").get<std::uint64_t>(), {}};
      for (const auto& r : f.at("reasons")) {
        std::string kind = r.at("kind").get<std::string>();
        const char* key = reason_detail_key(kind);
        std::string detail = r.contains(key) ? byte_names::name_from_json(r.at(key)) : "";
        entry.reasons.push_back({std::move(kind), std::move(detail)});
      }
      index.kept[byte_names::name_from_json(f.at("path"))] = std::move(entry);
    }
    if (!report.contains("dropped")) throw ExplainError("the report has no dropped entries");
    for (const auto& e : array_at(report.at("dropped"), "entries")) {  // [path, type, bytes]
      index.dropped[byte_names::name_from_json(e.at(0))] = {
          e.at(1).get<std::string>(), e.at(2).get<std::uint64_t>(), {}};
    }
    for (const auto& s : array_at(report, "skipped"))
      index.skipped[byte_names::name_from_json(s.at("path"))] = s.at("reason").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw ExplainError(std::string("the report is malformed: ") + e.what());
  } catch (const byte_names::NameJsonError& e) {
    throw ExplainError(std::string("the report is malformed: ") + e.what());
  }
  return index;
}

std::string normalised(std::string_view path) {
  std::string out = "/";
  for (char c : path) {
    if (c == '/' && out.back() == '/') continue;
    out += c;
  }
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

// The kinds whose detail is a path that needed this one: the chain goes on there.
bool leads_on(const protocol::Reason& r) {
  return r.kind == "elf_interpreter" || r.kind == "elf_library" || r.kind == "parent" ||
         r.kind == "symlink";
}

std::string phrase(const protocol::Reason& r) {
  const std::string detail = byte_names::printable(r.detail);
  const std::string_view key = reason_detail_key(r.kind);
  if (key == "process") return detail.empty() ? r.kind : r.kind + " by " + detail;
  if (key == "of") return r.kind + " of " + detail;
  if (key == "to") return r.kind + " to " + detail;
  if (r.kind == "include" && !r.detail.empty() && r.detail[0] == '/')
    return "include: --include " + detail;
  return r.kind + ": " + detail;
}

std::string size_of(const Entry& e) {
  if (e.type == "file") return "file, " + progress::format_bytes(e.bytes);
  return e.type == "dir" ? "directory" : e.type;
}

std::string explain_kept(const Index& index, const std::string& path, const Entry& entry) {
  std::string out = byte_names::printable(path) + ": kept";
  if (entry.reasons.empty()) return out + " (no reason recorded)\n";
  out += " (" + phrase(entry.reasons.front()) + ")";
  // Each step is the first reason of the path the previous one names, until what the app did,
  // a rule, or a path met before.
  std::set<std::string> seen{path};
  const protocol::Reason* step = &entry.reasons.front();
  while (leads_on(*step)) {
    auto next = index.kept.find(step->detail);
    if (next == index.kept.end()) {
      out += ", which is not in the slim image";
      break;
    }
    if (!seen.insert(next->first).second || next->second.reasons.empty()) break;
    step = &next->second.reasons.front();
    out += ", which was kept (" + phrase(*step) + ")";
  }
  out += "\n  " + size_of(entry) + "\n";
  if (entry.reasons.size() > 1) {
    out += "  also needed:";
    for (std::size_t i = 1; i < entry.reasons.size(); ++i)
      out += (i == 1 ? " " : "; ") + phrase(entry.reasons[i]);
    out += "\n";
  }
  return out;
}

std::string explain_dropped(const Index& index, const std::string& path, const Entry& entry) {
  const std::string name = byte_names::printable(path);
  std::string out = name + ": dropped (" + size_of(entry) + ")\n";
  auto skipped = index.skipped.find(path);
  if (skipped != index.skipped.end()) {
    out += "  the app reached it, but the build left it out: " + skipped->second + "\n";
    if (skipped->second.rfind("excluded by ", 0) == 0)
      return out + "  to keep it: drop that --exclude\n";
  } else {
    out += "  nothing touched it during the probes, and no rule keeps it\n";
  }
  out += "  to keep it: --include " + name + (entry.type == "dir" ? " (with all below it)" : "") +
         ", or add a probe that exercises it\n";
  return out;
}

}  // namespace

std::string explain(const nlohmann::json& report, std::string_view path) {
  const Index index = index_of(report);
  const std::string p = normalised(path);
  if (p == "/") return "/: kept (the root of every image)\n";
  if (auto kept = index.kept.find(p); kept != index.kept.end())
    return explain_kept(index, p, kept->second);
  if (auto dropped = index.dropped.find(p); dropped != index.dropped.end())
    return explain_dropped(index, p, dropped->second);
  // "/bin/sh" where /bin is a symlink: the image's entry has the name it leads to.
  for (std::string dir = p.substr(0, p.rfind('/')); !dir.empty();
       dir = dir.substr(0, dir.rfind('/'))) {
    auto kept = index.kept.find(dir);
    auto dropped = index.dropped.find(dir);
    const Entry* entry = kept != index.kept.end()         ? &kept->second
                         : dropped != index.dropped.end() ? &dropped->second
                                                          : nullptr;
    if (entry == nullptr) continue;
    if (entry->type != "symlink") break;
    return byte_names::printable(p) + ": " + byte_names::printable(dir) + " is a symlink (" +
           (kept != index.kept.end() ? "kept" : "dropped") + "): explain the path it leads to\n";
  }
  std::string out = byte_names::printable(p) + ": not in the original image";
  if (auto skipped = index.skipped.find(p); skipped != index.skipped.end())
    out += " (the app named it: " + skipped->second + ")";
  return out + "\n";
}

}  // namespace minify::report
