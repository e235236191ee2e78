#pragma once
// A real browser for tests of pages minify writes: Debian's chromium, headless, opens a file,
// lets its scripts run, and hands back the DOM as it then is, the script errors it logged and,
// when asked, a screenshot. One launch does all three (chromium takes a second or more to start:
// keep launches few). And a few ways to read attributes out of the DOM text.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace minify::test {

struct BrowserRun {
  std::string dom;                    // the serialised DOM after the scripts ran (--dump-dom)
  std::vector<std::string> uncaught;  // chromium's console lines that report an uncaught error
};

// Opens file://`page`#`fragment` (no '#' when `fragment` is empty) in `chromium --headless
// --no-sandbox --disable-gpu` with a fresh profile, a 1280x2000 window and a few seconds of
// virtual time for the scripts; writes a PNG screenshot to `screenshot` unless it is empty.
// Throws std::runtime_error (with chromium's stderr) when chromium fails or prints no DOM.
BrowserRun open_in_browser(const std::filesystem::path& page, const std::string& fragment = "",
                           const std::filesystem::path& screenshot = {});

// build/test-output/`name`, made if missing: where tests leave files for a person to look at
// (screenshots); kept after the test.
std::filesystem::path test_output_dir(const std::string& name);

// The value of `attribute` on the element whose id is `id` (the DOM as chromium serialises it:
// double-quoted values, `&quot;` and `&amp;` inside), or nullopt when either is missing.
std::optional<std::string> attribute_of(const std::string& dom, const std::string& id,
                                        const std::string& attribute);

// The value of `attribute` on the root <html> element, or nullopt.
std::optional<std::string> root_attribute(const std::string& dom, const std::string& attribute);

// The text of the element with id `id` up to its first closing tag, tags removed.
std::optional<std::string> text_of(const std::string& dom, const std::string& id);

// The width and height a PNG file says it has (its IHDR); throws when it is not a PNG.
std::pair<unsigned, unsigned> png_size(const std::filesystem::path& png);

}  // namespace minify::test
