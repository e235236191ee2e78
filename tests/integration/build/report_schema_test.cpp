// The JSON build report of schema 3 (docs/report-schema.md), parsed from a real `minify build` of
// the python-web fixture: every kept path has its bytes and a reason, the ELF closure names the
// program that needs each library, kept and dropped add up to the original, and `minify explain`
// reads the report back.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "build_test_support.h"
#include "support/fixture_images.h"
#include "support/minify_binary.h"

using namespace minify::test;

namespace {

// The details each kind carries: key -> whether it must be there.
const std::map<std::string, std::pair<std::string, bool>> kDetailOf = {
    {"read", {"process", false}},      {"executed", {"process", false}},
    {"stat", {"process", false}},      {"written_dir", {"process", false}},
    {"elf_interpreter", {"of", true}}, {"elf_library", {"of", true}},
    {"symlink", {"to", true}},         {"parent", {"of", true}},
    {"default_rule", {"rule", true}},  {"include", {"pattern", true}},
};

bool has_reason(const nlohmann::json& file, const std::string& kind, const std::string& key,
                const std::string& value) {
  for (const auto& r : file["reasons"]) {
    if (r["kind"] == kind && r.contains(key) && r[key] == value) return true;
  }
  return false;
}

template <typename Less>
bool sorted_by(const nlohmann::json& list, Less less) {
  return std::is_sorted(list.begin(), list.end(), less);
}

}  // namespace

TEST_CASE(
    "python-web's report: every kept path with bytes and reasons, kept + dropped = original") {
  const std::string original = fixture_image("python-web");
  const std::string tag = unique_tag("report-schema");
  ImageCleanup cleanup(tag);
  const std::string report_path =
      "/tmp/minify-report-schema-test-" + std::to_string(::getpid()) + ".json";
  ProcessResult built = run_minify({"build", original, "--tag", tag, "--report", report_path});
  INFO("minify stderr:\n" << built.err);
  REQUIRE(built.status == 0);
  const nlohmann::json report = read_json(report_path);

  CHECK(report["schema_version"] == 3);
  const auto& kept_files = report["kept_files"];
  REQUIRE(kept_files.is_array());

  // One entry per path of the slim layer, sorted, each with its type, bytes and reasons.
  std::vector<nlohmann::json> paths;
  for (const auto& f : kept_files) paths.push_back(f["path"]);
  CHECK(nlohmann::json(paths) == report["kept_paths"]);
  CHECK(sorted_by(kept_files, [](const auto& a, const auto& b) {
    return a["path"].template get<std::string>() < b["path"].template get<std::string>();
  }));
  std::uint64_t file_bytes = 0;
  std::uint64_t file_names = 0;
  std::map<std::string, const nlohmann::json*> by_path;
  for (const auto& f : kept_files) {
    INFO(f.dump());
    by_path[f["path"].get<std::string>()] = &f;
    REQUIRE(f["bytes"].is_number_unsigned());
    const std::string type = f["type"];
    CHECK((type == "file" || type == "dir" || type == "symlink" || type == "other"));
    if (type == "file") {
      file_bytes += f["bytes"].get<std::uint64_t>();
      ++file_names;
    } else {
      CHECK(f["bytes"] == 0);
    }
    REQUIRE_FALSE(f["reasons"].empty());
    for (const auto& r : f["reasons"]) {
      REQUIRE(kDetailOf.count(r["kind"]) == 1);
      const auto& [key, required] = kDetailOf.at(r["kind"]);
      if (required) CHECK(r.contains(key));
      // What needs this path (a kept child, a kept program) is itself kept.
      if (key == "of") CHECK(std::count(paths.begin(), paths.end(), r[key]) == 1);
    }
  }
  CHECK(file_bytes == report["kept"]["bytes"]);

  // The ELF closure says which program needs which library, and the loader whose it is.
  const std::string python = "/usr/bin/python3.11";
  const std::string libssl = "/usr/lib/x86_64-linux-gnu/libssl.so.3";
  REQUIRE(by_path.count(libssl) == 1);
  CHECK(has_reason(*by_path[libssl], "elf_library", "of",
                   "/usr/lib/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so"));
  // One reason of each kind: the first object met that needs it (libc is needed by every
  // library before python3.11 is met; libexpat by python3.11 alone).
  const std::string libexpat = "/usr/lib/x86_64-linux-gnu/libexpat.so.1.8.10";
  REQUIRE(by_path.count(libexpat) == 1);
  CHECK(has_reason(*by_path[libexpat], "elf_library", "of", python));
  CHECK(by_path["/usr/lib/x86_64-linux-gnu/libexpat.so.1"]->at("reasons")[0] ==
        nlohmann::json{{"kind", "symlink"}, {"to", libexpat}});
  const std::string loader = "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2";
  REQUIRE(by_path.count(loader) == 1);
  bool interpreter = false;
  for (const auto& r : by_path[loader]->at("reasons"))
    interpreter |= r["kind"] == "elf_interpreter";
  CHECK(interpreter);
  // The record: the app's own script, read by the interpreter that ran it.
  REQUIRE(by_path.count("/app/server.py") == 1);
  CHECK(has_reason(*by_path["/app/server.py"], "read", "process", "/usr/bin/python3"));
  CHECK(has_reason(*by_path["/etc/passwd"], "default_rule", "rule",
                   "user and name service files: /etc/passwd, /etc/group, /etc/nsswitch.conf"));

  // Dropped: kept plus dropped is the original, in files (every name) and in bytes.
  const auto& dropped = report["dropped"];
  CHECK(file_names + dropped["files"].get<std::uint64_t>() == report["image"]["files"]);
  CHECK(report["kept"]["bytes"].get<std::uint64_t>() + dropped["bytes"].get<std::uint64_t>() ==
        report["image"]["bytes"]);
  auto biggest_first = [](const auto& a, const auto& b) { return a["bytes"] > b["bytes"]; };
  CHECK(dropped["by_directory"].size() == 50);
  CHECK(sorted_by(dropped["by_directory"], biggest_first));
  CHECK(dropped["largest"].size() == 50);
  CHECK(sorted_by(dropped["largest"], biggest_first));
  std::uint64_t dropped_file_bytes = 0;
  bool quotes_dropped = false;
  for (const auto& e : dropped["entries"]) {  // [path, type, bytes]
    REQUIRE(e.size() == 3);
    CHECK(by_path.count(e[0].get<std::string>()) == 0);
    if (e[1] == "file") dropped_file_bytes += e[2].get<std::uint64_t>();
    quotes_dropped |= e[0] == "/app/data/quotes.txt";
  }
  CHECK(dropped_file_bytes == dropped["bytes"]);
  CHECK(quotes_dropped);  // no probe asked for it

  // The treemap: "/" holds everything, depths to 4, sorted by path.
  const auto& dirs = report["filesystem"]["directories"];
  REQUIRE_FALSE(dirs.empty());
  CHECK(dirs[0]["path"] == "/");
  CHECK(dirs[0]["kept_bytes"] == report["kept"]["bytes"]);
  CHECK(dirs[0]["dropped_bytes"] == dropped["bytes"]);
  CHECK(dirs[0]["kept_files"].get<std::uint64_t>() +
            dirs[0]["dropped_files"].get<std::uint64_t>() ==
        report["image"]["files"]);
  for (const auto& d : dirs) {
    const std::string path = d["path"];
    const auto depth = path == "/" ? 0 : std::count(path.begin(), path.end(), '/');
    CHECK(d["depth"] == depth);
    CHECK(d["depth"] <= 4);
    CHECK(d["kept_bytes"].get<std::uint64_t>() + d["dropped_bytes"].get<std::uint64_t>() > 0);
  }
  CHECK(sorted_by(dirs, [](const auto& a, const auto& b) {
    return a["path"].template get<std::string>() < b["path"].template get<std::string>();
  }));

  // minify explain reads it back: a library's chain, a dropped file, an absent one.
  ProcessResult lib = run_minify({"explain", report_path, libssl});
  CHECK(lib.status == 0);
  CHECK(lib.out.rfind(libssl + ": kept (", 0) == 0);
  CHECK(lib.out.find("elf_library of /usr/lib/python3.11/lib-dynload/_ssl") != std::string::npos);
  ProcessResult quotes = run_minify({"explain", report_path, "/app/data/quotes.txt"});
  CHECK(quotes.status == 0);
  CHECK(quotes.out.rfind("/app/data/quotes.txt: dropped (file, ", 0) == 0);
  CHECK(quotes.out.find("to keep it: --include /app/data/quotes.txt") != std::string::npos);
  ProcessResult absent = run_minify({"explain", report_path, "/no/such/file"});
  CHECK(absent.out == "/no/such/file: not in the original image\n");
  std::remove(report_path.c_str());
}

TEST_CASE("minify explain: an unreadable or foreign report is one line and exit 1") {
  ProcessResult missing = run_minify({"explain", "/nonexistent/report.json", "/x"});
  CHECK(missing.status == 1);
  CHECK(missing.err == "minify: explain: cannot read /nonexistent/report.json\n");
  ProcessResult usage = run_minify({"explain", "/nonexistent/report.json"});
  CHECK(usage.status == 2);
  CHECK(run_minify({"help"}).out.find("  explain") != std::string::npos);
}
