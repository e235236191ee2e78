#pragma once
// The fixture images (tests/fixtures, built by scripts/build-fixtures): their names, and the check
// that fails a test with how to build them rather than with an engine error.

#include <string>
#include <string_view>

namespace minify::test {

// "minify-fixture/<name>:latest".
std::string fixture_image(std::string_view name);

// Whether the engine has `image` (asked through the docker CLI).
bool image_exists(const std::string& image);

// Fails the running doctest test case (REQUIRE) with "<image> is missing: run
// scripts/build-fixtures" when the engine does not have `image`.
void require_fixture_image(const std::string& image);

// "minify-conformance/<name>:latest", one of the real applications of tests/conformance/apps
// that a test runs beside its subject (a database): built by scripts/build-fixtures from its
// recipe when the engine lacks it (cached afterwards, for the conformance suite too). Fails the
// test case (REQUIRE) when it cannot be built.
std::string ensure_conformance_image(std::string_view name);

}  // namespace minify::test
