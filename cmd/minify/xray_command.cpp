// minify xray IMAGE: reads every layer of an image (from the engine's export, or a saved tar / OCI
// layout) and tells where its bytes go and why it is fat. --json for machines; --min-efficiency and
// --max-wasted gate a CI pipeline (exit 3).

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>

#include "engine/engine_client.h"
#include "image/byte_reader.h"
#include "image/byte_size.h"
#include "image/image_reader.h"
#include "image/merged_view.h"
#include "image/xray_report.h"
#include "minify/commands.h"
#include "minify/exit_code.h"
#include "progress/progress_reporter.h"

namespace minify::cli {

namespace {

using progress::format_bytes;

struct XrayOptions {
  std::string image;
  bool json = false;
  std::string min_efficiency;
  std::string max_wasted;
  std::size_t top = 10;
};

// A reference cannot start with '/' or '.', nor end like an archive: those name files.
bool names_a_file(const std::string& image) {
  std::error_code error;
  if (std::filesystem::exists(image, error)) return true;
  for (const char* ending : {".tar", ".tar.gz", ".tgz", ".tar.zst"}) {
    if (image.ends_with(ending)) return true;
  }
  return image.starts_with('/') || image.starts_with('.');
}

// Feeds the engine's export (pushed chunk by chunk) to the image reader (which pulls) through a
// pipe: the image is never held whole, in memory or on disk.
image::Image read_from_engine(const engine::EngineClient& client, const std::string& reference,
                              const image::ReadOptions& options) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  }
  ::fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);  // fewer wake-ups; the default 64 KiB is fine too
  std::atomic<bool> cancel{false};
  std::atomic<bool> export_failed_first{false};
  std::exception_ptr export_error;
  std::thread exporter([&] {
    // A reader that stops early closes the pipe: let write() fail with EPIPE, not kill us.
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
    try {
      client.export_image(
          reference,
          [&](std::string_view chunk) {
            while (!chunk.empty()) {
              ssize_t n = ::write(fds[1], chunk.data(), chunk.size());
              if (n < 0 && errno == EINTR) continue;
              if (n < 0) throw std::runtime_error("the image reader stopped");
              chunk.remove_prefix(static_cast<std::size_t>(n));
            }
          },
          &cancel);
    } catch (...) {
      export_error = std::current_exception();
      if (!cancel) export_failed_first = true;
    }
    ::close(fds[1]);
  });
  auto stop_exporter = [&] {
    cancel = true;
    ::close(fds[0]);
    exporter.join();
  };
  image::Image image;
  try {
    image = image::read_image(image::fd_reader(fds[0]), options);
    // The tar's end marker can come before the engine's last bytes (padding): drain them.
    char sink[64 * 1024];
    while (image::fd_reader(fds[0])(sink, sizeof sink) > 0) {
    }
  } catch (...) {
    stop_exporter();
    // A truncated read is the engine's fault when its export failed first: say what it said.
    if (export_failed_first && export_error) std::rethrow_exception(export_error);
    throw;
  }
  stop_exporter();
  if (export_error) std::rethrow_exception(export_error);
  return image;
}

image::Image read_image(const std::string& name, progress::ProgressReporter& reporter) {
  image::ReadOptions options;
  std::uint64_t reported = 0;
  std::optional<progress::ProgressReporter::Phase> phase;
  options.on_progress = [&](std::uint64_t bytes) {
    phase->advance(bytes - reported);
    reported = bytes;
  };
  if (names_a_file(name)) {
    std::error_code error;
    if (!std::filesystem::exists(name, error)) {
      throw std::runtime_error("no such image file: " + name);
    }
    std::optional<std::uint64_t> total;
    if (std::filesystem::is_regular_file(name, error)) total = std::filesystem::file_size(name);
    phase.emplace(reporter.begin("reading " + name, total));
    image::Image image = image::read_image_file(name, options);
    phase->finish();
    return image;
  }
  engine::EngineClient client(engine::Endpoint::from_environment());
  nlohmann::json inspected = client.inspect_image(name);  // a clear "not found" before exporting
  options.reference = name;
  std::optional<std::uint64_t> total;
  if (inspected.value("Size", std::int64_t{0}) > 0) total = inspected["Size"].get<std::uint64_t>();
  phase.emplace(reporter.begin("exporting " + name, total));
  image::Image image = read_from_engine(client, name, options);
  phase->finish();
  return image;
}

double parse_efficiency(const std::string& text) {
  try {
    std::size_t used = 0;
    double value = std::stod(text, &used);
    std::string rest = text.substr(used);
    if (rest == "%")
      value /= 100;
    else if (!rest.empty())
      used = 0;
    if (used == 0 || value < 0 || value > 1) throw std::invalid_argument(text);
    return value;
  } catch (const std::logic_error&) {
    throw CLI::ValidationError("--min-efficiency",
                               "'" + text + "' is not an efficiency (0..1, or a percentage: 90%)");
  }
}

std::string percent(double fraction) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f %%", fraction * 100);
  return buffer;
}

std::string fit(const std::string& text, std::size_t width) {
  return text.size() <= width ? text : text.substr(0, width - 3) + "...";
}

std::string short_id(const std::string& id) {
  std::string hex = id.starts_with("sha256:") ? id.substr(7) : id;
  return hex.substr(0, 12);
}

void print_text(std::ostream& out, const image::XrayReport& r) {
  out << r.reference << "  " << short_id(r.id) << "  " << r.format << "  " << r.os << "/"
      << r.architecture;
  if (!r.distro.empty()) out << "  " << r.distro;
  out << "\n\n";
  out << "  " << format_bytes(r.total_bytes) << " shipped in " << r.layers.size() << " layers, "
      << format_bytes(r.image_bytes) << " in the final filesystem (" << r.files << " files, "
      << r.directories << " directories)\n";
  out << "  wasted " << format_bytes(r.wasted_bytes) << ", efficiency " << percent(r.efficiency)
      << "\n\nLayers\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %3s %10s %7s %7s %7s %10s  %s\n", "#", "size", "added",
                "changed", "removed", "wasted", "instruction");
  out << line;
  for (const image::LayerReport& layer : r.layers) {
    const image::LayerChanges& c = layer.changes;
    std::snprintf(line, sizeof line, "  %3zu %10s %7llu %7llu %7llu %10s  %s\n", layer.index,
                  format_bytes(c.bytes).c_str(), static_cast<unsigned long long>(c.added_files),
                  static_cast<unsigned long long>(c.modified_files),
                  static_cast<unsigned long long>(c.removed_files),
                  format_bytes(c.wasted_bytes).c_str(), fit(layer.instruction, 60).c_str());
    out << line;
  }
  auto print_paths = [&](const char* title, const std::vector<image::SizedPath>& paths,
                         auto&& suffix) {
    if (paths.empty()) return;
    out << "\n" << title << "\n";
    for (const image::SizedPath& p : paths) {
      std::snprintf(line, sizeof line, "  %10s  %s", format_bytes(p.bytes).c_str(),
                    fit(p.path, 70).c_str());
      out << line << suffix(p) << "\n";
    }
  };
  print_paths("Largest files", r.largest_files, [](const image::SizedPath& p) {
    return "  (layer " + std::to_string(p.layer) + ")";
  });
  print_paths("Largest directories", r.largest_directories, [](const image::SizedPath& p) {
    return "  (" + std::to_string(p.files) + " files)";
  });
  print_paths("Wasted: shipped in a layer, replaced or deleted in a later one", r.wasted_files,
              [](const image::SizedPath& p) {
                return "  (layer " + std::to_string(p.layer) + ", gone in layer " +
                       std::to_string(p.removed_in_layer) + ")";
              });
  if (r.findings.empty()) return;
  out << "\nWhy it is fat\n";
  for (const image::Finding& f : r.findings) {
    std::snprintf(line, sizeof line, "  %10s  %s", format_bytes(f.bytes).c_str(), f.title.c_str());
    out << line << " (" << f.files << " files)\n";
    out << "              fix: " << f.technique << "\n";
    for (std::size_t i = 0; i < f.examples.size() && i < 3; ++i) {
      std::snprintf(line, sizeof line, "              %s  %s", fit(f.examples[i].path, 60).c_str(),
                    format_bytes(f.examples[i].bytes).c_str());
      out << line << "\n";
    }
    if (!f.evidence.empty()) {
      out << "              seen:";
      for (std::size_t i = 0; i < f.evidence.size() && i < 5; ++i) {
        out << (i == 0 ? " " : ", ") << f.evidence[i];
      }
      out << "\n";
    }
  }
}

int run_xray(const XrayOptions& options) {
  std::optional<double> min_efficiency;
  if (!options.min_efficiency.empty()) min_efficiency = parse_efficiency(options.min_efficiency);
  std::optional<std::uint64_t> max_wasted;
  if (!options.max_wasted.empty()) {
    try {
      max_wasted = image::parse_byte_size(options.max_wasted);
    } catch (const std::invalid_argument& e) {
      throw CLI::ValidationError("--max-wasted", e.what());
    }
  }

  progress::ProgressReporter reporter(std::cerr, progress::style_for_fd(STDERR_FILENO));
  image::Image image = read_image(options.image, reporter);
  std::vector<const image::LayerIndex*> layers;
  for (const image::Layer& layer : image.layers) layers.push_back(layer.index.get());
  image::MergedView view = image::merge_layers(layers);
  image::XrayReport report = image::make_xray_report(image, view, {options.top});
  report.reference = options.image;

  std::vector<std::string> failures;
  nlohmann::json gates = nlohmann::json::array();
  if (min_efficiency) {
    bool passed = report.efficiency >= *min_efficiency;
    gates.push_back({{"gate", "min-efficiency"},
                     {"limit", *min_efficiency},
                     {"value", report.efficiency},
                     {"passed", passed}});
    if (!passed) {
      failures.push_back("efficiency " + percent(report.efficiency) +
                         " is below --min-efficiency " + percent(*min_efficiency));
    }
  }
  if (max_wasted) {
    bool passed = report.wasted_bytes <= *max_wasted;
    gates.push_back({{"gate", "max-wasted"},
                     {"limit", *max_wasted},
                     {"value", report.wasted_bytes},
                     {"passed", passed}});
    if (!passed) {
      failures.push_back("wasted " + format_bytes(report.wasted_bytes) + " (" +
                         std::to_string(report.wasted_bytes) + " bytes) exceeds --max-wasted " +
                         options.max_wasted);
    }
  }

  if (options.json) {
    nlohmann::json doc = image::to_json(report);
    doc["gates"] = gates;
    std::cout << doc.dump(2) << "\n";
  } else {
    print_text(std::cout, report);
  }
  std::cout.flush();
  if (failures.empty()) return kOk;
  std::string reason;
  for (const std::string& failure : failures) reason += (reason.empty() ? "" : "; ") + failure;
  std::cerr << "minify: xray: " << reason << "\n";
  return kCheckFailed;
}

}  // namespace

void add_xray_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<XrayOptions>();
  auto* cmd = app.add_subcommand(
      "xray", "Show an image's layers, wasted bytes, efficiency and what makes it fat");
  cmd->add_option("IMAGE", options->image,
                  "a local image (name:tag or id), or a saved image: a docker save tar, an OCI "
                  "archive or an OCI layout directory")
      ->required();
  cmd->add_flag("--json", options->json, "write one JSON document (schema: lib/image/README.md)");
  cmd->add_option("--min-efficiency", options->min_efficiency,
                  "exit 3 when the efficiency is below X (0..1, or a percentage: 90%)");
  cmd->add_option("--max-wasted", options->max_wasted,
                  "exit 3 when more than BYTES are wasted (1000, 20MB, 1.5GiB)");
  cmd->add_option("--top", options->top, "how many largest files, directories, wasted files")
      ->capture_default_str();
  cmd->callback([options, &exit_code] { exit_code = run_xray(*options); });
}

}  // namespace minify::cli
