#include "pack/pack_command.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

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

int pack(const PackOptions& options) {
  record::Record record = read_record(options.record_path);
  analysis::DirectoryRoot root(options.root);
  analysis::KeepSet keep = analysis::close_keep_set(root, record, options.rules);
  analysis::Totals image = analysis::image_totals(root);
  TarStats stats = write_keep_set_tar(root, keep, options.out_path);
  if (!options.summary_path.empty()) {
    try {
      write_summary(options.summary_path, analysis::summary_json(keep, image));
    } catch (...) {
      std::remove(options.out_path.c_str());  // all or nothing
      throw;
    }
  }
  analysis::Totals kept = analysis::kept_totals(keep);
  std::cerr << "sensor pack: kept " << kept.files << " of " << image.files << " files ("
            << stats.bytes << " of " << image.bytes << " bytes), " << stats.entries
            << " entries in " << options.out_path << "\n";
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
