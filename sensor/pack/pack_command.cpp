#include "pack/pack_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <iostream>
#include <nlohmann/json.hpp>
#include <tuple>

#include "analysis/keep_set.h"
#include "analysis/root.h"
#include "analysis/summary.h"
#include "pack/tar_writer.h"
#include "record/record.h"

namespace minify::sensor {
namespace {

struct PackOptions {
  std::string record_path;
  std::string out_path;
  std::string root = "/";
  std::string summary_path;
  analysis::Rules rules;
};

record::Record read_record(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the record " + path);
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("the record " + path + " is not JSON: " + e.what());
  }
  return record::record_from_json(json);
}

void write_summary(const std::string& path, const nlohmann::json& summary) {
  const std::string temp = path + ".part";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << summary.dump(2) << "\n";
    if (!out.flush()) {
      std::remove(temp.c_str());
      throw std::runtime_error("cannot write the summary " + path);
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    throw std::runtime_error("cannot write the summary " + path);
  }
}

std::int64_t ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

int pack(const PackOptions& options) {
  auto start = std::chrono::steady_clock::now();
  record::Record record = read_record(options.record_path);
  analysis::DirectoryRoot root(options.root);
  // The walk over the whole image (for "files kept of total") reads other files than the
  // closure and the tar do: on a second thread it costs no wall time when they take longer.
  auto walk = std::async(std::launch::async, [&root, start] {
    analysis::Totals totals = analysis::image_totals(root);
    return std::make_pair(totals, ms_since(start));
  });
  analysis::KeepSet keep;
  TarStats stats;
  std::int64_t closure_ms = 0;
  std::int64_t tar_ms = 0;
  try {
    keep = analysis::close_keep_set(root, record, options.rules);
    closure_ms = ms_since(start);
    auto tar_start = std::chrono::steady_clock::now();
    stats = write_keep_set_tar(root, keep, options.out_path);
    tar_ms = ms_since(tar_start);
  } catch (...) {
    walk.wait();
    throw;
  }
  analysis::Totals image;
  std::int64_t walk_ms = 0;
  try {
    std::tie(image, walk_ms) = walk.get();
    if (!options.summary_path.empty()) {
      nlohmann::json summary = analysis::summary_json(keep, image);
      summary["timings_ms"] = {{"closure", closure_ms}, {"image_walk", walk_ms}, {"tar", tar_ms}};
      summary["tar"] = {{"entries", stats.entries}, {"bytes", stats.bytes}};
      write_summary(options.summary_path, summary);
    }
  } catch (...) {
    std::remove(options.out_path.c_str());  // all or nothing
    throw;
  }
  analysis::Totals kept = analysis::kept_totals(keep);
  std::cerr << "sensor pack: kept " << kept.files << " of " << image.files << " files ("
            << stats.bytes << " of " << image.bytes << " bytes), " << stats.entries
            << " entries in " << options.out_path << " (closure " << closure_ms << " ms, walk "
            << walk_ms << " ms, tar " << tar_ms << " ms)\n";
  return 0;
}

}  // namespace

int run_pack_command(const std::vector<std::string>& args) {
  PackOptions options;
  CLI::App app("Writes the tar of the keep-set of a record, against the image's root.",
               "sensor pack");
  app.add_option("RECORD", options.record_path, "the sensor's record (JSON)")->required();
  app.add_option("OUT", options.out_path, "the tar to write")->required();
  app.add_option("--root", options.root, "the image's root directory (default /)");
  app.add_option("--include", options.rules.include,
                 "absolute path or glob to keep; a directory brings its subtree");
  app.add_option("--include-bin", options.rules.include_bin,
                 "absolute path of a program to keep, with its libraries");
  app.add_option("--include-exe", options.rules.include_exe,
                 "program name found on --path-env, kept with its libraries");
  app.add_option("--path-env", options.rules.path_env, "the image's PATH");
  app.add_flag("--include-shell", options.rules.include_shell, "keep /bin/sh and its libraries");
  app.add_option("--exclude", options.rules.exclude, "glob to leave out, applied last");
  app.add_option("--summary", options.summary_path, "where to write the summary JSON");

  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 pops from the back
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << "sensor pack: " << e.what() << " (see sensor pack --help)\n";
    return 2;
  }
  try {
    return pack(options);
  } catch (const std::exception& e) {
    std::cerr << "sensor pack: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace minify::sensor
