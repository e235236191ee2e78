#include "analysis/elf_reader.h"

#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <memory>
#include <stdexcept>

#include "analysis/path_resolver.h"

namespace minify::analysis {
namespace {

struct ElfCloser {
  void operator()(Elf* elf) const { elf_end(elf); }
};

std::runtime_error elf_error(const char* what) {
  return std::runtime_error(std::string(what) + ": " + elf_errmsg(-1));
}

// Maps a virtual address to a file offset through the PT_LOAD segments.
std::optional<GElf_Off> file_offset(const std::vector<GElf_Phdr>& phdrs, GElf_Addr addr) {
  for (const auto& ph : phdrs) {
    if (ph.p_type == PT_LOAD && addr >= ph.p_vaddr && addr < ph.p_vaddr + ph.p_filesz) {
      return ph.p_offset + (addr - ph.p_vaddr);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<ElfInfo> read_elf(int fd) {
  unsigned char magic[4];
  if (::pread(fd, magic, sizeof magic, 0) != sizeof magic || magic[0] != 0x7f || magic[1] != 'E' ||
      magic[2] != 'L' || magic[3] != 'F') {
    return std::nullopt;
  }
  // libelf's version handshake: idempotent, so calling it each time is harmless.
  elf_version(EV_CURRENT);
  std::unique_ptr<Elf, ElfCloser> elf(elf_begin(fd, ELF_C_READ_MMAP, nullptr));
  if (!elf || elf_kind(elf.get()) != ELF_K_ELF) return std::nullopt;

  GElf_Ehdr ehdr;
  if (gelf_getehdr(elf.get(), &ehdr) == nullptr) throw elf_error("bad ELF header");
  ElfInfo info;
  info.elf_class = gelf_getclass(elf.get());
  info.machine = ehdr.e_machine;
  info.type = ehdr.e_type;

  std::size_t count = 0;
  if (elf_getphdrnum(elf.get(), &count) != 0) throw elf_error("bad program headers");
  std::vector<GElf_Phdr> phdrs(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (gelf_getphdr(elf.get(), static_cast<int>(i), &phdrs[i]) == nullptr)
      throw elf_error("bad program header");
  }

  std::size_t file_size = 0;
  const char* raw = elf_rawfile(elf.get(), &file_size);
  if (raw == nullptr) throw elf_error("cannot map ELF file");
  auto string_at = [&](GElf_Off offset, GElf_Off limit) {
    if (offset >= file_size) throw std::runtime_error("ELF string out of bounds");
    limit = std::min<GElf_Off>(limit, file_size);
    std::string out;
    for (GElf_Off i = offset; i < limit && raw[i] != '\0'; ++i) out += raw[i];
    return out;
  };

  for (const auto& ph : phdrs) {
    if (ph.p_type == PT_INTERP)
      info.interpreter = string_at(ph.p_offset, ph.p_offset + ph.p_filesz);
  }
  for (const auto& ph : phdrs) {
    if (ph.p_type != PT_DYNAMIC) continue;
    Elf_Data* data =
        elf_getdata_rawchunk(elf.get(), static_cast<int64_t>(ph.p_offset), ph.p_filesz, ELF_T_DYN);
    if (data == nullptr) throw elf_error("bad dynamic segment");
    std::vector<GElf_Dyn> dyns;
    GElf_Addr strtab = 0;
    GElf_Xword strsz = 0;
    for (int i = 0;; ++i) {
      GElf_Dyn dyn;
      if (gelf_getdyn(data, i, &dyn) == nullptr || dyn.d_tag == DT_NULL) break;
      if (dyn.d_tag == DT_STRTAB) strtab = dyn.d_un.d_ptr;
      if (dyn.d_tag == DT_STRSZ) strsz = dyn.d_un.d_val;
      dyns.push_back(dyn);
    }
    auto strtab_offset = file_offset(phdrs, strtab);
    if (!strtab_offset) throw std::runtime_error("ELF string table outside the loaded segments");
    for (const auto& dyn : dyns) {
      if (dyn.d_tag != DT_NEEDED && dyn.d_tag != DT_SONAME && dyn.d_tag != DT_RPATH &&
          dyn.d_tag != DT_RUNPATH)
        continue;
      if (dyn.d_un.d_val >= strsz) throw std::runtime_error("ELF dynamic string out of bounds");
      std::string value = string_at(*strtab_offset + dyn.d_un.d_val, *strtab_offset + strsz);
      if (dyn.d_tag == DT_NEEDED) info.needed.push_back(value);
      if (dyn.d_tag == DT_SONAME) info.soname = value;
      if (dyn.d_tag == DT_RPATH) info.rpath = split_nonempty(value, ':');
      if (dyn.d_tag == DT_RUNPATH) info.runpath = split_nonempty(value, ':');
    }
    break;
  }
  return info;
}

}  // namespace minify::analysis
