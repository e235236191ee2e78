#pragma once
// Internal to lib/compose: YAML's merge key (`<<`, yaml.org/type/merge.html), which compose files
// use to share settings between services, and which yaml-cpp 0.7 reads as an ordinary key:
//
//   x-common: &common
//     image: shop-app:1
//     environment: {LOG: info}
//   services:
//     web:
//       <<: *common
//       ports: ["80"]
//
// with_merge_keys() gives a copy of a document in which every mapping's `<<` (plain, or tagged
// !!merge; a quoted "<<" is an ordinary key) is replaced by the keys of the mapping it names, or of
// each mapping of the list it names, as docker compose reads them: a key the mapping gives itself
// wins whatever its place, then the first mapping of the list; merged keys stand where their `<<`
// stood. A merged mapping's own `<<` is resolved first. A copy, as an alias shares its anchor's
// node, which other places merge too.

#include <yaml-cpp/yaml.h>

#include <stdexcept>
#include <string>

namespace minify::compose {

// A `<<` whose value is not a mapping or a list of mappings, or a document nested deeper than
// any compose file: where() names the place ("services.web.<<").
class MergeKeyError : public std::runtime_error {
 public:
  MergeKeyError(std::string where, const std::string& what)
      : std::runtime_error(what), where_(std::move(where)) {}
  const std::string& where() const { return where_; }

 private:
  std::string where_;
};

YAML::Node with_merge_keys(const YAML::Node& document);

}  // namespace minify::compose
