#include "probe/link_extractor.h"

#include <algorithm>
#include <cctype>

namespace minify::probe {
namespace {

bool iequals_at(std::string_view text, std::size_t pos, std::string_view word) {
  if (pos + word.size() > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[pos + i])) != word[i]) return false;
  }
  return true;
}

std::string decode_entities(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value.compare(i, 5, "&amp;") == 0) {
      out += '&';
      i += 4;
    } else {
      out += value[i];
    }
  }
  return out;
}

// Resolves "." and ".." in an absolute path, keeping a trailing slash.
std::string normalise_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t pos = 1;
  bool trailing = false;
  while (pos <= path.size()) {
    std::size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(pos, end - pos);
    trailing = end == path.size() && (seg.empty() || seg == "." || seg == "..");
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    pos = end + 1;
  }
  std::string out;
  for (auto seg : segments) {
    out += '/';
    out += seg;
  }
  if (out.empty() || trailing) out += '/';
  return out;
}

}  // namespace

std::vector<std::string> extract_links(std::string_view html) {
  std::vector<std::string> links;
  for (std::size_t pos = 0; pos < html.size(); ++pos) {
    std::size_t name_len = 0;
    if (iequals_at(html, pos, "href")) {
      name_len = 4;
    } else if (iequals_at(html, pos, "src")) {
      name_len = 3;
    } else {
      continue;
    }
    // An attribute name stands after whitespace; "data-href" or "xsrc" are not links.
    if (pos == 0 || !std::isspace(static_cast<unsigned char>(html[pos - 1]))) continue;
    std::size_t i = pos + name_len;
    while (i < html.size() && std::isspace(static_cast<unsigned char>(html[i]))) ++i;
    if (i >= html.size() || html[i] != '=') continue;
    ++i;
    while (i < html.size() && std::isspace(static_cast<unsigned char>(html[i]))) ++i;
    if (i >= html.size()) break;
    std::size_t start = i;
    std::size_t end;
    if (html[i] == '"' || html[i] == '\'') {
      start = i + 1;
      end = html.find(html[i], start);
      if (end == std::string_view::npos) break;
    } else {
      end = start;
      while (end < html.size() && !std::isspace(static_cast<unsigned char>(html[end])) &&
             html[end] != '>')
        ++end;
    }
    links.push_back(decode_entities(html.substr(start, end - start)));
    pos = end;
  }
  return links;
}

std::optional<std::string> same_origin_path(std::string_view base_path, std::string_view link,
                                            std::string_view authority) {
  while (!link.empty() && std::isspace(static_cast<unsigned char>(link.front())))
    link.remove_prefix(1);
  while (!link.empty() && std::isspace(static_cast<unsigned char>(link.back())))
    link.remove_suffix(1);
  if (auto hash = link.find('#'); hash != std::string_view::npos) link = link.substr(0, hash);
  if (link.empty()) return std::nullopt;

  std::string_view rest = link;
  // A scheme is letters, digits, '+', '-', '.' before the first ':' that precedes any '/'.
  std::size_t colon = link.find(':');
  std::size_t slash = link.find('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash)) {
    std::string scheme;
    for (char c : link.substr(0, colon))
      scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme != "http") return std::nullopt;
    rest = link.substr(colon + 1);
    if (rest.substr(0, 2) != "//") return std::nullopt;
  }
  if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
    std::size_t end = rest.find_first_of("/?");
    std::string host(rest.substr(0, end));
    for (auto& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    std::string_view port = authority.substr(authority.rfind(':') + 1);
    bool same = host == authority || host == "localhost:" + std::string(port) ||
                host == "127.0.0.1:" + std::string(port);
    if (!same) return std::nullopt;
    if (rest.empty()) return std::string("/");
  }

  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q);
    rest = rest.substr(0, q);
  }
  std::string path;
  if (!rest.empty() && rest.front() == '/') {
    path = std::string(rest);
  } else {
    std::string_view base = base_path.substr(0, base_path.find('?'));
    path = std::string(base.substr(0, base.rfind('/') + 1));
    if (path.empty()) path = "/";
    if (rest.empty() && !query.empty()) path = std::string(base);
    path += rest;
  }
  return normalise_path(path) + std::string(query);
}

}  // namespace minify::probe
