#include "probe/http_request.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <stdexcept>

#include "errors/usage_error.h"

namespace minify::probe {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string_view next_word(std::string_view& rest) {
  rest = trim(rest);
  auto end = std::find_if(rest.begin(), rest.end(),
                          [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  auto word = rest.substr(0, static_cast<std::size_t>(end - rest.begin()));
  rest.remove_prefix(word.size());
  return word;
}

}  // namespace

HttpRequest parse_http_request(std::string_view spec) {
  std::string_view rest = spec;
  std::string_view method = next_word(rest);
  std::string_view path = next_word(rest);
  if (method.empty() || path.empty())
    throw UsageError("probe '" + std::string(spec) + "': expected 'METHOD /path [body]'");
  if (!std::all_of(method.begin(), method.end(),
                   [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
    throw UsageError("probe '" + std::string(spec) + "': bad method '" + std::string(method) + "'");
  if (path.front() != '/')
    throw UsageError("probe '" + std::string(spec) + "': path must start with '/'");
  HttpRequest request;
  request.method.clear();
  for (char c : method)
    request.method += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  request.path = std::string(path);
  request.body = std::string(trim(rest));
  return request;
}

std::vector<HttpRequest> read_probe_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read probe file " + path);
  std::vector<HttpRequest> requests;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string_view text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    try {
      requests.push_back(parse_http_request(text));
    } catch (const UsageError& e) {
      throw UsageError(path + ":" + std::to_string(number) + ": " + e.what());
    }
  }
  return requests;
}

}  // namespace minify::probe
