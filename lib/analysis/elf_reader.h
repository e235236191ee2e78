#pragma once
// What the dynamic loader needs to know about an ELF file: its interpreter (PT_INTERP) and the
// dynamic section's DT_SONAME, DT_NEEDED, DT_RPATH and DT_RUNPATH. Read through the program
// headers, as ld.so does, so stripped files without section headers work too.

#include <optional>
#include <string>
#include <vector>

namespace minify::analysis {

struct ElfInfo {
  int elf_class = 0;        // ELFCLASS32 or ELFCLASS64
  int machine = 0;          // EM_X86_64, ...
  int type = 0;             // ET_EXEC, ET_DYN, ...
  std::string interpreter;  // empty when static or a library
  std::string soname;       // DT_SONAME, empty when it has none
  std::vector<std::string> needed;
  std::vector<std::string> rpath;    // DT_RPATH, split at ':'
  std::vector<std::string> runpath;  // DT_RUNPATH, split at ':'
};

// nullopt when fd is not an ELF file; throws std::runtime_error for a corrupt one.
std::optional<ElfInfo> read_elf(int fd);

}  // namespace minify::analysis
