// The pack summary: every field to JSON and back, the JSON shape the host has always read, and
// errors naming the field at fault.

#include "protocol/pack_summary.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace minify::protocol;

namespace {

PackSummary every_field() {
  PackSummary s;
  s.kept = {.files = 7, .dirs = 3, .symlinks = 2, .hardlinks = 1, .other = 1, .bytes = 5100};
  s.image = {.files = 10, .dirs = 5, .symlinks = 4, .hardlinks = 0, .other = 2, .bytes = 99999};
  s.kept_by_reason = {{"record", 4}, {"elf", 2}, {"parent", 3}};
  s.largest_dirs = {{"/usr/lib", 4000, 3}, {"/app", 1100, 2}};
  s.skipped = {{"/etc/hosts", "made by the engine"}, {"/nowhere", "not in the image"}};
  s.warnings = {"--exclude removed /usr/bin/ping, which the app used"};
  s.timings = {.closure_ms = 12, .image_walk_ms = 340, .tar_ms = 56};
  s.tar = {.entries = 14, .bytes = 5100};
  return s;
}

std::string error_of(const nlohmann::json& json) {
  try {
    PackSummary::from_json(json);
  } catch (const SummaryError& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST_CASE("the summary JSON has the shape of summary_version 1") {
  CHECK(every_field().to_json() == nlohmann::json::parse(R"({
    "summary_version": 1,
    "kept": {"files": 7, "dirs": 3, "symlinks": 2, "hardlinks": 1, "other": 1, "bytes": 5100},
    "image": {"files": 10, "dirs": 5, "symlinks": 4, "other": 2, "bytes": 99999},
    "kept_by_reason": {"record": 4, "elf": 2, "parent": 3},
    "largest_dirs": [{"path": "/usr/lib", "bytes": 4000, "files": 3},
                     {"path": "/app", "bytes": 1100, "files": 2}],
    "skipped": [{"path": "/etc/hosts", "reason": "made by the engine"},
                {"path": "/nowhere", "reason": "not in the image"}],
    "warnings": ["--exclude removed /usr/bin/ping, which the app used"],
    "timings_ms": {"closure": 12, "image_walk": 340, "tar": 56},
    "tar": {"entries": 14, "bytes": 5100}
  })"));
}

TEST_CASE("every field of the summary survives to_json and from_json") {
  const PackSummary s = every_field();
  CHECK(PackSummary::from_json(s.to_json()) == s);
  CHECK(PackSummary::from_json(nlohmann::json::parse(s.to_json().dump(2))) == s);
  CHECK(PackSummary::from_json(PackSummary{}.to_json()) == PackSummary{});
}

TEST_CASE("a summary that is not of this shape is refused, naming the field") {
  nlohmann::json good = every_field().to_json();
  CHECK(error_of(nlohmann::json::array()) == "summary: not a JSON object");

  nlohmann::json j = good;
  j["summary_version"] = 2;
  CHECK(error_of(j) == "summary: unsupported summary_version 2");

  j = good;
  j["kept"].erase("hardlinks");
  CHECK(error_of(j) == "summary: no kept.hardlinks");

  j = good;
  j["image"]["bytes"] = "many";
  CHECK(error_of(j) == "summary: image.bytes has the wrong type");

  j = good;
  j.erase("timings_ms");
  CHECK(error_of(j) == "summary: no timings_ms");

  j = good;
  j["largest_dirs"][1].erase("files");
  CHECK(error_of(j) == "summary: no largest_dirs[].files");

  j = good;
  j["skipped"] = nlohmann::json::object();
  CHECK(error_of(j) == "summary: skipped has the wrong type");

  j = good;
  j["warnings"] = {1, 2};
  CHECK(error_of(j) == "summary: warnings has the wrong type");
}

TEST_CASE("file names in the summary are bytes: a Latin-1 and a UTF-8 path cross as written") {
  PackSummary s = every_field();
  s.largest_dirs = {{"/data/caf\xE9", 10, 1}, {"/etc/ssl/certs/F\xC5\x91", 5, 1}};
  s.skipped = {{"/srv/caf\xE9", "not in the image"}};
  s.warnings = {"--exclude removes /srv/caf\xE9"};

  // As the sensor writes it and the host reads it: JSON text, which must be valid UTF-8.
  const nlohmann::json json = nlohmann::json::parse(s.to_json().dump());
  CHECK(json["largest_dirs"][0]["path"] == nlohmann::json{{"hex", "2f646174612f636166e9"}});
  CHECK(json["largest_dirs"][1]["path"] == "/etc/ssl/certs/F\xC5\x91");
  CHECK(json["warnings"][0] == "--exclude removes /srv/caf\\xe9");
  PackSummary back = PackSummary::from_json(json);
  CHECK(back.largest_dirs == s.largest_dirs);
  CHECK(back.skipped == s.skipped);
}
