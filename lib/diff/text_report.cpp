#include "diff/text_report.h"

#include <cstdio>
#include <string>

#include "byte_names/printable_name.h"
#include "progress/progress_reporter.h"
#include "xray/text_column.h"

namespace minify::diff {

namespace {

using byte_names::printable;
using progress::format_bytes;

// "8.1x smaller" / "1.3x larger" / "the same size".
std::string ratio_words(std::uint64_t a, std::uint64_t b) {
  if (a == b) return "the same size";
  char buffer[64];
  if (b < a) {
    if (b == 0) return "empty";
    std::snprintf(buffer, sizeof buffer, "%.1fx smaller, %.1f%% of A",
                  static_cast<double>(a) / static_cast<double>(b),
                  100.0 * static_cast<double>(b) / static_cast<double>(a));
  } else {
    if (a == 0) return "A is empty";
    std::snprintf(buffer, sizeof buffer, "%.1fx larger, %.1f%% of A",
                  static_cast<double>(b) / static_cast<double>(a),
                  100.0 * static_cast<double>(b) / static_cast<double>(a));
  }
  return buffer;
}

std::string signed_bytes(std::uint64_t a, std::uint64_t b) {
  return (b >= a ? "+" : "-") + format_bytes(b >= a ? b - a : a - b);
}

std::string count_line(const ChangeCount& c, bool show_a, bool show_b) {
  std::string text = std::to_string(c.files);
  if (show_a && show_b) {
    text += " (" + format_bytes(c.bytes_a) + " -> " + format_bytes(c.bytes_b) + ")";
  } else if (show_a) {
    text += " (" + format_bytes(c.bytes_a) + ")";
  } else if (show_b) {
    text += " (" + format_bytes(c.bytes_b) + ")";
  }
  return text;
}

void print_directories(std::ostream& out, const char* title,
                       const std::vector<DirectoryChange>& dirs) {
  if (dirs.empty()) return;
  out << "\n" << title << "\n";
  char line[512];
  for (const DirectoryChange& d : dirs) {
    std::snprintf(line, sizeof line, "  %11s  %-50s %10s -> %-10s (%llu -> %llu files)\n",
                  signed_bytes(d.bytes_a, d.bytes_b).c_str(), xray::fit_column(d.path, 50).c_str(),
                  format_bytes(d.bytes_a).c_str(), format_bytes(d.bytes_b).c_str(),
                  static_cast<unsigned long long>(d.files_a),
                  static_cast<unsigned long long>(d.files_b));
    out << line;
  }
}

void print_files(std::ostream& out, const char* title, const std::vector<FileChange>& files) {
  if (files.empty()) return;
  out << "\n" << title << "\n";
  char line[512];
  for (const FileChange& f : files) {
    std::string what;
    for (const std::string& w : f.what) what += (what.empty() ? "" : ", ") + w;
    std::string sizes = f.what.empty() ? format_bytes(f.bytes_a + f.bytes_b)
                                       : format_bytes(f.bytes_a) + " -> " + format_bytes(f.bytes_b);
    std::snprintf(line, sizeof line, "  %21s  %s%s\n", sizes.c_str(),
                  xray::fit_column(f.path, 70).c_str(),
                  what.empty() ? "" : ("  (" + what + ")").c_str());
    out << line;
  }
}

std::string version_text(const std::string& version) {
  return version.empty() ? "?" : printable(version);
}

void print_packages(std::ostream& out, const std::vector<PackageChanges>& packages) {
  out << "\nPackages\n";
  if (packages.empty()) {
    out << "  no package database in either image\n";
    return;
  }
  for (const PackageChanges& p : packages) {
    out << "  " << p.manager << ": ";
    switch (p.status) {
      case PackageStatus::kOnlyInA:
        out << "no package database in B (A has " << p.packages_a << " packages in "
            << printable(p.path_a) << ")\n";
        continue;
      case PackageStatus::kOnlyInB:
        out << "no package database in A (B has " << p.packages_b << " packages in "
            << printable(p.path_b) << ")\n";
        continue;
      case PackageStatus::kNotSupported:
        out << "database at " << printable(p.path_a.empty() ? p.path_b : p.path_a)
            << " not read (minify does not read rpm databases)\n";
        continue;
      case PackageStatus::kCompared:
        break;
    }
    out << p.added.size() << " added, " << p.removed.size() << " removed, " << p.changed.size()
        << " changed, " << p.unchanged << " the same (" << p.packages_a << " -> " << p.packages_b
        << ")\n";
    for (const PackageChange& c : p.added)
      out << "    + " << printable(c.name) << " " << version_text(c.version_b) << "\n";
    for (const PackageChange& c : p.removed)
      out << "    - " << printable(c.name) << " " << version_text(c.version_a) << "\n";
    for (const PackageChange& c : p.changed)
      out << "    ~ " << printable(c.name) << " " << version_text(c.version_a) << " -> "
          << version_text(c.version_b) << "\n";
  }
}

}  // namespace

void print_text(std::ostream& out, const ImageDiff& d) {
  out << "A " << printable(d.a.reference) << "  " << printable(d.a.id.substr(0, 19)) << "  "
      << d.a.format << "\n";
  out << "B " << printable(d.b.reference) << "  " << printable(d.b.id.substr(0, 19)) << "  "
      << d.b.format << "\n\n";
  out << "  size     " << format_bytes(d.a.image_bytes) << " -> " << format_bytes(d.b.image_bytes)
      << " (" << ratio_words(d.a.image_bytes, d.b.image_bytes) << ")\n";
  out << "  layers   " << d.a.layers.size() << " -> " << d.b.layers.size() << " ("
      << d.shared_layers << " shared)\n";
  out << "  files    " << d.a.files << " -> " << d.b.files << ": added "
      << count_line(d.files.added, false, true) << ", removed "
      << count_line(d.files.removed, true, false) << ", changed "
      << count_line(d.files.changed, true, true) << ", the same " << d.files.unchanged.files
      << " (mode or owner changed: " << d.files.metadata_changed.files << ")\n";
  out << "  dirs     " << d.a.directories << " -> " << d.b.directories << ": added "
      << d.files.directories_added << ", removed " << d.files.directories_removed << "\n";

  print_directories(out, "Directories that lost the most", d.directories.lost);
  print_directories(out, "Directories that gained the most", d.directories.gained);
  print_files(out, "Largest removed files", d.files.largest_removed);
  print_files(out, "Largest added files", d.files.largest_added);
  print_files(out, "Largest changed files", d.files.largest_changed);
  print_packages(out, d.packages);
}

}  // namespace minify::diff
