#include "report/build_report.h"

#include <fmt/format.h>

#include "byte_names/name_json.h"
#include "byte_names/printable_name.h"
#include "progress/progress_reporter.h"

namespace minify::report {
namespace {

nlohmann::json counts_json(const Counts& c) {
  return {{"files", c.files}, {"dirs", c.dirs}, {"symlinks", c.symlinks}, {"bytes", c.bytes}};
}

nlohmann::json run_json(const ProbeRun& run) {
  return {{"answered", run.answered},
          {"status", run.status},
          {"output_bytes", run.output_bytes},
          {"error", run.error},
          {"ms", run.ms}};
}

nlohmann::json image_json(const ImageFacts& image) {
  return {{"reference", image.reference}, {"id", image.id}, {"size", image.size}};
}

nlohmann::json kept_files_json(const std::vector<protocol::KeptFile>& files) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : files) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& r : f.reasons) {
      nlohmann::json reason = {{"kind", r.kind}};
      // A process the sensor did not see is left out rather than written "".
      if (!r.detail.empty() || std::string_view(reason_detail_key(r.kind)) != "process")
        reason[reason_detail_key(r.kind)] = byte_names::name_to_json(r.detail);
      reasons.push_back(std::move(reason));
    }
    out.push_back({{"path", byte_names::name_to_json(f.path)},
                   {"type", f.type},
                   {"bytes", f.bytes},
                   {"reasons", std::move(reasons)}});
  }
  return out;
}

std::string bytes(std::uint64_t n) {
  return progress::format_bytes(n);
}

}  // namespace

const char* reason_detail_key(const std::string& kind) {
  if (kind == "read" || kind == "executed" || kind == "stat" || kind == "written_dir")
    return "process";
  if (kind == "elf_interpreter" || kind == "elf_library" || kind == "parent") return "of";
  if (kind == "symlink") return "to";
  if (kind == "default_rule") return "rule";
  if (kind == "include") return "pattern";
  return "detail";
}

std::string describe(const VerifyMismatch& m) {
  std::string out;
  if (m.run == VerifyRun::kSlimUnderSeccomp) out = "slim under the seccomp profile: ";
  if (m.run == VerifyRun::kOriginalUnderSeccomp) out = "original under the seccomp profile: ";
  if (!m.probe_name.empty()) out += m.probe_name + ": ";
  return out + m.what;
}

double BuildReport::total_seconds() const {
  double total = 0;
  for (const auto& p : phases) total += p.seconds;
  return total;
}

double BuildReport::ratio() const {
  if (original.size <= 0 || slim.size <= 0) return 0;
  return static_cast<double>(slim.size) / static_cast<double>(original.size);
}

void add_pack_summary(BuildReport& report, protocol::PackSummary&& summary) {
  auto counts = [](const protocol::Totals& t) -> Counts {
    return {t.files, t.dirs, t.symlinks, t.bytes};
  };
  report.kept = counts(summary.kept);
  report.image = counts(summary.image);
  report.kept_by_reason = std::move(summary.kept_by_reason);
  report.largest_dirs = std::move(summary.largest_dirs);
  for (auto& w : summary.warnings) report.warnings.push_back(std::move(w));
  report.kept_files = std::move(summary.kept_files);
  report.dropped = std::move(summary.dropped);
  report.filesystem = std::move(summary.filesystem);
  report.skipped = std::move(summary.skipped);
}

nlohmann::json to_json(const BuildReport& r) {
  nlohmann::json probes = nlohmann::json::array();
  for (std::size_t i = 0; i < r.probes.size(); ++i) {
    const ProbeReport& p = r.probes[i];
    std::string mismatch;
    for (const auto& m : r.verify.mismatches)
      if (m.run == VerifyRun::kSlim && m.probe == i) mismatch = m.what;
    probes.push_back({{"kind", p.kind},
                      {"name", p.name},
                      {"original", run_json(p.original)},
                      {"slim", p.slim ? run_json(*p.slim) : nlohmann::json(nullptr)},
                      {"mismatch", mismatch}});
  }
  nlohmann::json mismatches = nlohmann::json::array();
  for (const auto& m : r.verify.mismatches) mismatches.push_back(describe(m));
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& w : r.warnings) warnings.push_back(byte_names::printable(w));
  nlohmann::json probed = nlohmann::json::array();
  for (const auto& p : r.probed_ports)
    probed.push_back({{"port", p.port}, {"exposed", p.exposed}, {"via", p.via}});
  nlohmann::json phases = nlohmann::json::object();
  for (const auto& p : r.phases) phases[p.name] = p.seconds;
  return {
      {"schema_version", kSchemaVersion},
      {"minify_version", r.minify_version},
      {"original", image_json(r.original)},
      {"slim", image_json(r.slim)},
      {"output", r.output},
      {"ratio", r.ratio()},
      {"sensor", {{"mode", r.sensor_mode}, {"fanotify", r.fanotify}}},
      {"app_exit_status",
       r.app_exit_status ? nlohmann::json(*r.app_exit_status) : nlohmann::json(nullptr)},
      {"kept", counts_json(r.kept)},
      {"image", counts_json(r.image)},
      {"kept_by_reason", r.kept_by_reason},
      {"largest_kept_dirs", protocol::dir_sizes_json(r.largest_dirs)},
      {"kept_paths", byte_names::names_to_json(r.kept_paths)},
      {"kept_files", kept_files_json(r.kept_files)},
      {"dropped", protocol::dropped_json(r.dropped)},
      {"filesystem", protocol::filesystem_json(r.filesystem)},
      {"skipped", protocol::skipped_json(r.skipped)},
      {"probes", probes},
      {"ports", {{"listening", r.listening_ports}, {"probed", probed}}},
      {"verify",
       {{"ran", r.verify.ran},
        {"passed", r.verify.passed},
        {"mismatches", mismatches},
        {"slim_logs", r.verify.slim_logs}}},
      {"phases_seconds", phases},
      {"total_seconds", r.total_seconds()},
      {"warnings", warnings},
  };
}

std::string text_summary(const BuildReport& r) {
  std::string out;
  std::string target = r.output.empty() ? r.slim.reference : r.output;
  out += fmt::format("{} -> {}\n", r.original.reference, target);
  if (r.ratio() > 0) {
    out += fmt::format("  size     {} -> {} ({:.1f}x smaller, {:.1f}% of the original)\n",
                       bytes(static_cast<std::uint64_t>(r.original.size)),
                       bytes(static_cast<std::uint64_t>(r.slim.size)), 1.0 / r.ratio(),
                       100.0 * r.ratio());
  } else if (r.original.size > 0) {
    out += fmt::format("  size     {} -> {} kept\n",
                       bytes(static_cast<std::uint64_t>(r.original.size)), bytes(r.kept.bytes));
  }
  if (r.image.files > 0) {
    out += fmt::format("  files    {} kept of {} ({} of {})\n", r.kept.files, r.image.files,
                       bytes(r.kept.bytes), bytes(r.image.bytes));
  } else {
    out += fmt::format("  files    {} kept ({})\n", r.kept.files, bytes(r.kept.bytes));
  }
  if (!r.probes.empty()) {
    std::string list;
    for (const auto& p : r.probes) {
      if (!list.empty()) list += ", ";
      list += p.original.answered ? fmt::format("{} {}", p.name, p.original.status)
                                  : fmt::format("{} (no answer)", p.name);
      if (list.size() > 200) {
        list += ", ...";
        break;
      }
    }
    out += fmt::format("  probes   {}: {}\n", r.probes.size(), list);
  }
  if (!r.probed_ports.empty()) {
    std::string list;
    for (const auto& p : r.probed_ports) {
      if (!list.empty()) list += ", ";
      list += fmt::format("{} ({})", p.port, p.exposed ? "exposed" : "not exposed, " + p.via);
    }
    out += fmt::format("  ports    HTTP on {}\n", list);
  }
  if (!r.verify.ran) {
    out += "  verify   skipped\n";
  } else if (r.verify.passed) {
    out += fmt::format("  verify   passed ({} {} answered alike)\n", r.probes.size(),
                       r.probes.size() == 1 ? "probe" : "probes");
  } else {
    out += "  verify   FAILED\n";
    for (const auto& m : r.verify.mismatches) out += fmt::format("           {}\n", describe(m));
  }
  std::string times;
  for (const auto& p : r.phases) times += fmt::format("{} {:.1f}s, ", p.name, p.seconds);
  out += fmt::format("  time     {}total {:.1f}s\n", times, r.total_seconds());
  for (const auto& w : r.warnings) out += fmt::format("  warning  {}\n", byte_names::printable(w));
  return out;
}

}  // namespace minify::report
