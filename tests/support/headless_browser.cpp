#include "support/headless_browser.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/process.h"
#include "support/temp_dir.h"

namespace minify::test {
namespace {

// The start tag that holds ` id="ID"`, or npos.
std::pair<std::size_t, std::size_t> start_tag(const std::string& dom, const std::string& needle) {
  const auto at = dom.find(needle);
  if (at == std::string::npos) return {std::string::npos, std::string::npos};
  const auto open = dom.rfind('<', at);
  const auto close = dom.find('>', at);
  return {open, close};
}

std::optional<std::string> attribute_in(const std::string& tag, const std::string& attribute) {
  const std::string needle = " " + attribute + "=\"";
  const auto at = tag.find(needle);
  if (at == std::string::npos) return std::nullopt;
  const auto begin = at + needle.size();
  const auto end = tag.find('"', begin);
  if (end == std::string::npos) return std::nullopt;
  std::string value = tag.substr(begin, end - begin);
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value.compare(i, 6, "&quot;") == 0) {
      out += '"';
      i += 5;
    } else if (value.compare(i, 5, "&amp;") == 0) {
      out += '&';
      i += 4;
    } else {
      out += value[i];
    }
  }
  return out;
}

}  // namespace

BrowserRun open_in_browser(const std::filesystem::path& page, const std::string& fragment,
                           const std::filesystem::path& screenshot) {
  TempDir profile;
  std::string url = "file://" + std::filesystem::absolute(page).string();
  if (!fragment.empty()) url += "#" + fragment;
  std::vector<std::string> argv = {
      // Bounded: a browser that hangs fails the test instead of holding ctest.
      "timeout",
      "120",
      "chromium",
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--user-data-dir=" + profile.path().string(),
      "--no-first-run",
      "--enable-logging=stderr",
      "--v=0",
      "--window-size=1280,2000",
      "--hide-scrollbars",
      "--run-all-compositor-stages-before-draw",
      "--virtual-time-budget=5000",
      "--dump-dom"};
  if (!screenshot.empty()) argv.push_back("--screenshot=" + screenshot.string());
  argv.push_back(url);
  ProcessResult run = run_process(argv);
  if (run.status != 0 || run.out.find("<html") == std::string::npos)
    throw std::runtime_error("chromium (status " + std::to_string(run.status) +
                             ") gave no DOM for " + url + ":\n" + run.err);
  BrowserRun out{std::move(run.out), {}};
  std::istringstream lines(run.err);
  for (std::string line; std::getline(lines, line);)
    if (line.find("CONSOLE") != std::string::npos && line.find("Uncaught") != std::string::npos)
      out.uncaught.push_back(line);
  return out;
}

std::filesystem::path test_output_dir(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(MINIFY_BINARY_DIR) / "test-output" / name;
  std::filesystem::create_directories(dir);
  return dir;
}

std::optional<std::string> attribute_of(const std::string& dom, const std::string& id,
                                        const std::string& attribute) {
  const auto [open, close] = start_tag(dom, " id=\"" + id + "\"");
  if (open == std::string::npos || close == std::string::npos) return std::nullopt;
  return attribute_in(dom.substr(open, close - open), attribute);
}

std::optional<std::string> root_attribute(const std::string& dom, const std::string& attribute) {
  const auto open = dom.find("<html");
  if (open == std::string::npos) return std::nullopt;
  // An attribute value may hold '>' (an error message): the tag ends at the first '>' outside
  // quotes.
  bool quoted = false;
  std::size_t close = open;
  for (; close < dom.size(); ++close) {
    if (dom[close] == '"') quoted = !quoted;
    if (dom[close] == '>' && !quoted) break;
  }
  return attribute_in(dom.substr(open, close - open), attribute);
}

std::optional<std::string> text_of(const std::string& dom, const std::string& id) {
  const auto [open, close] = start_tag(dom, " id=\"" + id + "\"");
  if (open == std::string::npos || close == std::string::npos) return std::nullopt;
  const auto end = dom.find("</", close);
  std::string text;
  bool in_tag = false;
  for (std::size_t i = close + 1; i < end && i < dom.size(); ++i) {
    if (dom[i] == '<') in_tag = true;
    if (!in_tag) text += dom[i];
    if (dom[i] == '>') in_tag = false;
  }
  return text;
}

std::pair<unsigned, unsigned> png_size(const std::filesystem::path& png) {
  std::ifstream in(png, std::ios::binary);
  unsigned char header[24] = {};
  in.read(reinterpret_cast<char*>(header), sizeof header);
  static constexpr unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (!in || !std::equal(kSignature, kSignature + 8, header) ||
      std::string(reinterpret_cast<char*>(header) + 12, 4) != "IHDR")
    throw std::runtime_error(png.string() + " is not a PNG");
  auto be32 = [&](int at) {
    return (unsigned{header[at]} << 24) | (unsigned{header[at + 1]} << 16) |
           (unsigned{header[at + 2]} << 8) | unsigned{header[at + 3]};
  };
  return {be32(16), be32(20)};
}

}  // namespace minify::test
