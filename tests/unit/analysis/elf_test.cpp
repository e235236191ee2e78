#include <doctest/doctest.h>
#include <elf.h>
#include <fcntl.h>
#include <unistd.h>

#include "analysis/elf_reader.h"
#include "analysis/root.h"
#include "unit/analysis/test_tree.h"

using namespace minify::analysis;

namespace {

std::optional<ElfInfo> elf_of(const std::string& host_path) {
  int fd = ::open(host_path.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  minify::analysis::FileHandle handle(fd);
  return read_elf(handle.get());
}

}  // namespace

TEST_CASE("a program's interpreter, DT_NEEDED and DT_RUNPATH are read") {
  auto info = elf_of(FIXTURE_HELLO_RUNPATH);
  REQUIRE(info);
  CHECK(info->elf_class == ELFCLASS64);
  CHECK(info->machine == EM_X86_64);
  CHECK(info->interpreter == "/lib64/ld-linux-x86-64.so.2");
  CHECK(info->needed == std::vector<std::string>{"libgreet.so.1", "libc.so.6"});
  CHECK(info->runpath == std::vector<std::string>{"$ORIGIN/../lib"});
  CHECK(info->rpath.empty());
  CHECK(info->soname.empty());
}

TEST_CASE("DT_RPATH is told apart from DT_RUNPATH") {
  auto info = elf_of(FIXTURE_HELLO_RPATH);
  REQUIRE(info);
  CHECK(info->rpath == std::vector<std::string>{"$ORIGIN/../lib"});
  CHECK(info->runpath.empty());
}

TEST_CASE("a shared library has no interpreter; the host's libc needs the loader") {
  auto greet = elf_of(FIXTURE_GREET);
  REQUIRE(greet);
  CHECK(greet->type == ET_DYN);
  CHECK(greet->interpreter.empty());
  CHECK(greet->needed == std::vector<std::string>{"libc.so.6"});
  CHECK(greet->soname == "libgreet.so.1");
  auto libc = elf_of("/usr/lib/x86_64-linux-gnu/libc.so.6");
  REQUIRE(libc);
  CHECK(libc->needed == std::vector<std::string>{"ld-linux-x86-64.so.2"});
}

TEST_CASE("a non-ELF file is not an ELF; a truncated ELF is an error") {
  minify::testing::TestTree tree;
  tree.file("/script", "#!/bin/sh\necho hi\n");
  CHECK_FALSE(elf_of(tree.host("/script")).has_value());
  tree.file("/empty", "");
  CHECK_FALSE(elf_of(tree.host("/empty")).has_value());
  std::string greet;
  {
    std::ifstream in(FIXTURE_GREET, std::ios::binary);
    greet.assign(std::istreambuf_iterator<char>(in), {});
  }
  for (std::size_t size : {64, 1000}) {
    CAPTURE(size);
    tree.file("/broken", greet.substr(0, size));
    CHECK_THROWS_AS(elf_of(tree.host("/broken")), std::runtime_error);
  }
}
