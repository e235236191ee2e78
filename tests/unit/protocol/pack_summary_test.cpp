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
  s.tar = {.entries = 14, .bytes = 5100, .size = 15360, .streamed = true};
  s.kept_files = {{"/app", "dir", 0, {{"parent", "/app/main.py"}}},
                  {"/app/main.py", "file", 100, {{"read", "/usr/bin/python3"}, {"stat", ""}}},
                  {"/usr/lib/libssl.so.3", "file", 4000, {{"elf_library", "/app/_ssl.so"}}}};
  s.dropped.files = 3;
  s.dropped.bytes = 94899;
  s.dropped.by_directory = {{"/usr/share/doc", 90000, 2}, {"/opt", 4899, 1}};
  s.dropped.largest = {{"/usr/share/doc/big", "file", 80000}};
  s.dropped.entries = {{"/opt", "dir", 0}, {"/usr/share/doc/big", "file", 80000}};
  s.filesystem = {{"/", 0, 5100, 7, 94899, 3}, {"/usr", 1, 4000, 1, 90000, 2}};
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

TEST_CASE("the summary JSON has the shape of summary_version 3") {
  CHECK(every_field().to_json() == nlohmann::json::parse(R"({
    "summary_version": 3,
    "kept": {"files": 7, "dirs": 3, "symlinks": 2, "hardlinks": 1, "other": 1, "bytes": 5100},
    "image": {"files": 10, "dirs": 5, "symlinks": 4, "other": 2, "bytes": 99999},
    "kept_by_reason": {"record": 4, "elf": 2, "parent": 3},
    "largest_dirs": [{"path": "/usr/lib", "bytes": 4000, "files": 3},
                     {"path": "/app", "bytes": 1100, "files": 2}],
    "skipped": [{"path": "/etc/hosts", "reason": "made by the engine"},
                {"path": "/nowhere", "reason": "not in the image"}],
    "warnings": ["--exclude removed /usr/bin/ping, which the app used"],
    "timings_ms": {"closure": 12, "image_walk": 340, "tar": 56},
    "tar": {"entries": 14, "bytes": 5100, "size": 15360, "streamed": true},
    "kept_files": [
      {"path": "/app", "type": "dir", "bytes": 0,
       "reasons": [{"kind": "parent", "detail": "/app/main.py"}]},
      {"path": "/app/main.py", "type": "file", "bytes": 100,
       "reasons": [{"kind": "read", "detail": "/usr/bin/python3"},
                   {"kind": "stat", "detail": ""}]},
      {"path": "/usr/lib/libssl.so.3", "type": "file", "bytes": 4000,
       "reasons": [{"kind": "elf_library", "detail": "/app/_ssl.so"}]}],
    "dropped": {"files": 3, "bytes": 94899,
                "by_directory": [{"path": "/usr/share/doc", "bytes": 90000, "files": 2},
                                 {"path": "/opt", "bytes": 4899, "files": 1}],
                "largest": [{"path": "/usr/share/doc/big", "bytes": 80000}],
                "entries": [["/opt", "dir", 0], ["/usr/share/doc/big", "file", 80000]]},
    "filesystem": {"directories": [
      {"path": "/", "depth": 0, "kept_bytes": 5100, "kept_files": 7,
       "dropped_bytes": 94899, "dropped_files": 3},
      {"path": "/usr", "depth": 1, "kept_bytes": 4000, "kept_files": 1,
       "dropped_bytes": 90000, "dropped_files": 2}]}
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
  j["tar"].erase("size");
  CHECK(error_of(j) == "summary: no tar.size");

  j = good;
  j["tar"]["streamed"] = "yes";
  CHECK(error_of(j) == "summary: tar.streamed has the wrong type");

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

  j = good;
  j["kept_files"][1]["reasons"][0]["kind"] = "whim";
  CHECK(error_of(j) == "summary: kept_files[].reasons[].kind: unknown value \"whim\"");

  j = good;
  j["kept_files"][0]["reasons"] = nlohmann::json::array();
  CHECK(error_of(j) == "summary: kept_files[]: /app has no reason");

  j = good;
  j["kept_files"][0]["type"] = "pipe";
  CHECK(error_of(j) == "summary: kept_files[].type: unknown value \"pipe\"");

  j = good;
  j["dropped"].erase("entries");
  CHECK(error_of(j) == "summary: no dropped.entries");

  j = good;
  j["dropped"]["by_directory"][0]["bytes"] = "many";
  CHECK(error_of(j) == "summary: dropped.by_directory[].bytes has the wrong type");

  j = good;
  j["dropped"]["entries"][1] = {"/x", "file"};
  CHECK(error_of(j) == "summary: dropped.entries[] is not [path, type, bytes]");

  j = good;
  j["dropped"]["entries"][1][1] = "pipe";
  CHECK(error_of(j) == "summary: dropped.entries[]: unknown type \"pipe\"");

  j = good;
  j["filesystem"]["directories"][1].erase("depth");
  CHECK(error_of(j) == "summary: no filesystem.directories[].depth");
}

TEST_CASE("file names in the summary are bytes: a Latin-1 and a UTF-8 path cross as written") {
  PackSummary s = every_field();
  s.largest_dirs = {{"/data/caf\xE9", 10, 1}, {"/etc/ssl/certs/F\xC5\x91", 5, 1}};
  s.skipped = {{"/srv/caf\xE9", "not in the image"}};
  s.warnings = {"--exclude removes /srv/caf\xE9"};
  s.kept_files = {{"/srv/caf\xE9", "file", 3, {{"read", "/usr/bin/caf\xE9"}}}};
  s.dropped.entries = {{"/srv/th\xE9", "file", 4}};

  // As the sensor writes it and the host reads it: JSON text, which must be valid UTF-8.
  const nlohmann::json json = nlohmann::json::parse(s.to_json().dump());
  CHECK(json["largest_dirs"][0]["path"] == nlohmann::json{{"hex", "2f646174612f636166e9"}});
  CHECK(json["largest_dirs"][1]["path"] == "/etc/ssl/certs/F\xC5\x91");
  CHECK(json["warnings"][0] == "--exclude removes /srv/caf\\xe9");
  PackSummary back = PackSummary::from_json(json);
  CHECK(back.largest_dirs == s.largest_dirs);
  CHECK(back.skipped == s.skipped);
  CHECK(back.kept_files == s.kept_files);
  CHECK(back.dropped == s.dropped);
}
