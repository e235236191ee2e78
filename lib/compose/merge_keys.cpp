#include "compose/merge_keys.h"

#include <set>
#include <vector>

namespace minify::compose {
namespace {

// Far deeper than any compose file; an alias chain past it is refused rather than followed.
constexpr int kMaxDepth = 128;

bool is_merge_key(const YAML::Node& key) {
  return key.IsScalar() && key.Scalar() == "<<" &&
         (key.Tag() == "?" || key.Tag() == "tag:yaml.org,2002:merge");
}

std::string place(const std::string& where, const std::string& key) {
  return where.empty() ? key : where + "." + key;
}

YAML::Node resolved(const YAML::Node& node, const std::string& where, int depth);

// The mappings a `<<` names, each resolved, in the order they win.
std::vector<YAML::Node> merged_mappings(const YAML::Node& value, const std::string& where,
                                        int depth) {
  std::vector<YAML::Node> mappings;
  if (value.IsMap()) {
    mappings.push_back(resolved(value, where, depth + 1));
  } else if (value.IsSequence()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].IsMap())
        throw MergeKeyError(where + "[" + std::to_string(i) + "]", "expected a mapping to merge");
      mappings.push_back(resolved(value[i], where, depth + 1));
    }
  } else {
    throw MergeKeyError(where, "expected a mapping, or a list of mappings, to merge");
  }
  return mappings;
}

YAML::Node resolved(const YAML::Node& node, const std::string& where, int depth) {
  if (depth > kMaxDepth) throw MergeKeyError(where, "nested too deeply");
  switch (node.Type()) {
    case YAML::NodeType::Sequence: {
      YAML::Node out(YAML::NodeType::Sequence);
      for (std::size_t i = 0; i < node.size(); ++i)
        out.push_back(resolved(node[i], where + "[" + std::to_string(i) + "]", depth + 1));
      return out;
    }
    case YAML::NodeType::Map: {
      // The mapping's own keys, which no merge overrides wherever they stand; then the keys in
      // file order, a merge's where its `<<` stands.
      std::set<std::string> taken;
      for (const auto& item : node)
        if (item.first.IsScalar() && !is_merge_key(item.first)) taken.insert(item.first.Scalar());
      YAML::Node out(YAML::NodeType::Map);
      for (const auto& item : node) {
        const std::string key = item.first.IsScalar() ? item.first.Scalar() : "?";
        if (!is_merge_key(item.first)) {
          out.force_insert(item.first, resolved(item.second, place(where, key), depth + 1));
          continue;
        }
        for (const auto& mapping : merged_mappings(item.second, place(where, "<<"), depth))
          for (const auto& merged : mapping) {
            if (merged.first.IsScalar() && !taken.insert(merged.first.Scalar()).second) continue;
            out.force_insert(merged.first, merged.second);
          }
      }
      return out;
    }
    default:
      return YAML::Clone(node);
  }
}

}  // namespace

YAML::Node with_merge_keys(const YAML::Node& document) {
  return resolved(document, "", 0);
}

}  // namespace minify::compose
