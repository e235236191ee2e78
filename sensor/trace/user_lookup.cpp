#include "trace/user_lookup.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <stdexcept>

namespace minify::sensor {
namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    fields.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return fields;
    start = end + 1;
  }
}

std::optional<unsigned> parse_id(std::string_view text) {
  unsigned value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The lines of a colon-separated database split into fields; missing file: no lines.
std::vector<std::vector<std::string>> read_database(const std::filesystem::path& file) {
  std::vector<std::vector<std::string>> lines;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    auto fields = split(line, ':');
    lines.emplace_back(fields.begin(), fields.end());
  }
  return lines;
}

struct PasswdEntry {
  std::string name;
  uid_t uid;
  gid_t gid;
  std::string home;
};

std::optional<PasswdEntry> find_user(const std::filesystem::path& root, std::string_view spec) {
  auto numeric = parse_id(spec);
  for (const auto& f : read_database(root / "etc/passwd")) {
    if (f.size() < 6) continue;
    auto uid = parse_id(f[2]);
    auto gid = parse_id(f[3]);
    if (!uid || !gid) continue;
    if (f[0] == spec || (numeric && *uid == *numeric)) return PasswdEntry{f[0], *uid, *gid, f[5]};
  }
  return std::nullopt;
}

}  // namespace

Credentials resolve_user(std::string_view spec, const std::filesystem::path& root) {
  if (spec.empty()) throw std::runtime_error("--user: empty user");
  std::string_view user_part = spec.substr(0, spec.find(':'));
  std::optional<std::string_view> group_part;
  if (auto colon = spec.find(':'); colon != std::string_view::npos) {
    group_part = spec.substr(colon + 1);
    if (group_part->empty())
      throw std::runtime_error("--user: empty group in '" + std::string(spec) + "'");
  }
  if (user_part.empty())
    throw std::runtime_error("--user: empty user in '" + std::string(spec) + "'");

  Credentials creds;
  std::optional<std::string> name;
  auto entry = find_user(root, user_part);
  if (entry) {
    creds.uid = entry->uid;
    creds.gid = entry->gid;
    creds.home = entry->home;
    name = entry->name;
  } else if (auto uid = parse_id(user_part)) {
    creds.uid = *uid;  // a uid the image does not list runs with gid 0, as the runtime does
  } else {
    throw std::runtime_error("--user: no user '" + std::string(user_part) + "' in " +
                             (root / "etc/passwd").string());
  }

  auto groups = read_database(root / "etc/group");
  if (group_part) {
    auto numeric = parse_id(*group_part);
    bool found = false;
    for (const auto& f : groups) {
      if (f.size() < 3) continue;
      auto gid = parse_id(f[2]);
      if (gid && (f[0] == *group_part || (numeric && *gid == *numeric))) {
        creds.gid = *gid;
        found = true;
        break;
      }
    }
    if (!found) {
      if (!numeric) {
        throw std::runtime_error("--user: no group '" + std::string(*group_part) + "' in " +
                                 (root / "etc/group").string());
      }
      creds.gid = *numeric;
    }
  }

  creds.groups.push_back(creds.gid);
  if (name) {
    for (const auto& f : groups) {
      if (f.size() < 4) continue;
      auto gid = parse_id(f[2]);
      if (!gid) continue;
      for (auto member : split(f[3], ',')) {
        if (member == *name &&
            std::find(creds.groups.begin(), creds.groups.end(), *gid) == creds.groups.end()) {
          creds.groups.push_back(*gid);
        }
      }
    }
  }
  return creds;
}

}  // namespace minify::sensor
