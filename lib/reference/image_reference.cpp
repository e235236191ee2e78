#include "reference/image_reference.h"

#include <algorithm>

namespace minify::reference {
namespace {

constexpr std::string_view kLegacyDockerHub = "index.docker.io";
constexpr std::string_view kOfficialPrefix = "library/";
constexpr std::size_t kMaxNameLength = 255;
constexpr std::size_t kMaxTagLength = 128;

bool lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool alnum(char c) {
  return lower_alnum(c) || (c >= 'A' && c <= 'Z');
}
bool word(char c) {
  return alnum(c) || c == '_';
}
bool hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool has_upper(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// alnum+ (separator alnum+)*, separator one of "." "_" "__" "-"+.
bool valid_path_component(std::string_view c) {
  std::size_t i = 0;
  auto run = [&] {
    std::size_t start = i;
    while (i < c.size() && lower_alnum(c[i])) ++i;
    return i > start;
  };
  if (!run()) return false;
  while (i < c.size()) {
    if (c[i] == '.') {
      ++i;
    } else if (c[i] == '_') {
      i += c.substr(i, 2) == "__" ? 2 : 1;
    } else if (c[i] == '-') {
      while (i < c.size() && c[i] == '-') ++i;
    } else {
      return false;
    }
    if (!run()) return false;
  }
  return true;
}

// A host name component: alnum, or alnum [alnum-]* alnum.
bool valid_host_label(std::string_view l) {
  if (l.empty() || !alnum(l.front()) || !alnum(l.back())) return false;
  return std::all_of(l.begin(), l.end(), [](char c) { return alnum(c) || c == '-'; });
}

// host[:port], the host a dotted name, an IPv4 address (a dotted name too) or [IPv6].
bool valid_domain(std::string_view d) {
  std::string_view host = d;
  if (d.starts_with('[')) {
    auto close = d.find(']');
    if (close == std::string_view::npos || close < 2) return false;
    if (!std::all_of(d.begin() + 1, d.begin() + close,
                     [](char c) { return hex(c) || (c >= 'A' && c <= 'F') || c == ':'; }))
      return false;
    host = {};
    d.remove_prefix(close + 1);
  } else {
    auto colon = d.find(':');
    host = d.substr(0, colon);
    d = colon == std::string_view::npos ? std::string_view{} : d.substr(colon);
    for (std::size_t start = 0;;) {
      auto dot = host.find('.', start);
      if (!valid_host_label(host.substr(start, dot - start))) return false;
      if (dot == std::string_view::npos) break;
      start = dot + 1;
    }
  }
  if (d.empty()) return true;
  if (d.front() != ':' || d.size() < 2) return false;
  return std::all_of(d.begin() + 1, d.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool valid_tag(std::string_view t) {
  return !t.empty() && t.size() <= kMaxTagLength && word(t.front()) &&
         std::all_of(t.begin(), t.end(), [](char c) { return word(c) || c == '.' || c == '-'; });
}

// algorithm ":" at least 32 hex digits; the algorithm letters and digits, with -_+. between parts.
bool valid_digest(std::string_view d) {
  auto colon = d.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view algorithm = d.substr(0, colon), encoded = d.substr(colon + 1);
  bool part_start = true;
  for (char c : algorithm) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (part_start ? !letter : !(alnum(c) || c == '-' || c == '_' || c == '+' || c == '.'))
      return false;
    part_start = c == '-' || c == '_' || c == '+' || c == '.';
  }
  return !algorithm.empty() && !part_start && encoded.size() >= 32 &&
         std::all_of(encoded.begin(), encoded.end(),
                     [](char c) { return hex(c) || (c >= 'A' && c <= 'F'); });
}

// The split shared by both parsers; `remote` is the path as written (before lowercasing).
struct Parts {
  std::string_view domain, remote, tag, digest;
  bool has_tag = false;
};

Parts split(std::string_view text) {
  Parts p;
  if (auto at = text.find('@'); at != std::string_view::npos) {
    p.digest = text.substr(at + 1);
    text = text.substr(0, at);
  }
  auto slash = text.find('/');
  std::string_view first = text.substr(0, slash);
  if (slash != std::string_view::npos &&
      (first == "localhost" || first.find_first_of(".:") != std::string_view::npos ||
       has_upper(first))) {
    p.domain = first;
    text = text.substr(slash + 1);
  } else {
    p.domain = kDockerHub;
  }
  if (p.domain == kLegacyDockerHub) p.domain = kDockerHub;
  // No domain is left in `text`, so a ':' can only start the tag.
  if (auto colon = text.find(':'); colon != std::string_view::npos) {
    p.tag = text.substr(colon + 1);
    p.has_tag = true;
    text = text.substr(0, colon);
  }
  p.remote = text;
  return p;
}

ImageReference assemble(const Parts& p, std::string path) {
  ImageReference ref;
  ref.domain = std::string(p.domain);
  if (ref.on_docker_hub() && path.find('/') == std::string::npos)
    path = std::string(kOfficialPrefix) + path;
  ref.path = std::move(path);
  ref.tag = std::string(p.tag);
  ref.digest = std::string(p.digest);
  return ref;
}

}  // namespace

std::string ImageReference::familiar_path() const {
  if (on_docker_hub() && path.starts_with(kOfficialPrefix) &&
      path.find('/', kOfficialPrefix.size()) == std::string::npos)
    return path.substr(kOfficialPrefix.size());
  return path;
}

std::string ImageReference::short_name() const {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string ImageReference::canonical() const {
  std::string out = domain + "/" + path;
  if (!tag.empty())
    out += ":" + tag;
  else if (digest.empty())
    out += ":" + std::string(kDefaultTag);
  if (!digest.empty()) out += "@" + digest;
  return out;
}

ImageReference split_image_reference(std::string_view text) {
  Parts p = split(text);
  return assemble(p, lowered(p.remote));
}

ImageReference parse_image_reference(std::string_view text) {
  auto refuse = [&](const std::string& why) {
    throw ReferenceError("invalid image reference '" + std::string(text) + "': " + why);
  };
  if (text.empty()) refuse("empty");
  if (text.size() == 64 && std::all_of(text.begin(), text.end(), hex))
    refuse("a 64-hex image id, not a name");
  Parts p = split(text);
  if (p.remote.empty()) refuse("no repository name");
  if (has_upper(p.remote)) refuse("the repository name must be lowercase");
  if (p.domain != kDockerHub && !valid_domain(p.domain))
    refuse("'" + std::string(p.domain) + "' is not a registry host");
  for (std::size_t start = 0;;) {
    auto slash = p.remote.find('/', start);
    auto component = p.remote.substr(start, slash - start);
    if (!valid_path_component(component))
      refuse("'" + std::string(component) +
             "' is not a path component (lowercase letters and digits, joined by . _ __ or -)");
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (p.has_tag && !valid_tag(p.tag))
    refuse("'" + std::string(p.tag) + "' is not a tag (up to 128 of A-Z a-z 0-9 _ . -)");
  if (text.find('@') != std::string_view::npos && !valid_digest(p.digest))
    refuse("'" + std::string(p.digest) + "' is not a digest (ALGORITHM:HEX)");
  ImageReference ref = assemble(p, std::string(p.remote));
  if (ref.domain.size() + 1 + ref.path.size() > kMaxNameLength)
    refuse("the name is longer than " + std::to_string(kMaxNameLength) + " bytes");
  return ref;
}

}  // namespace minify::reference
