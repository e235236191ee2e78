#pragma once
// Finding the links of an HTML page that stay on the same server, for the probe's crawl.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace minify::probe {

// The values of href= and src= attributes, in document order (quoted or bare, entities
// "&amp;" decoded). A lenient scan, not a parser: a crawl only needs the links.
std::vector<std::string> extract_links(std::string_view html);

// The origin-form path ("/a/b?q") a link leads to when followed from the page at `base_path`,
// or nullopt when it leaves the origin (another scheme, host or port), is a fragment only, or is
// not HTTP (mailto:, javascript:, data:). `authority` is "host:port" as the probe sends it; an
// absolute link is same-origin when its authority matches it, or "localhost"/"127.0.0.1" at the
// same port. The fragment is dropped and "." / ".." segments are resolved.
std::optional<std::string> same_origin_path(std::string_view base_path, std::string_view link,
                                            std::string_view authority);

}  // namespace minify::probe
