#pragma once
// A libarchive tar reader fed by a ByteReader, with any compression filter libarchive knows (gzip,
// zstd, xz, ...). Used for the outer image archive and for each layer inside it. When the
// ByteReader throws, its exception is what comes out, not libarchive's generic "read error".

#include <archive.h>
#include <archive_entry.h>

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "image/byte_reader.h"

namespace minify::image {

class ArchiveStream {
 public:
  // `what` names the stream in error messages ("image archive", "layer blobs/sha256/ab12...").
  ArchiveStream(const ByteReader& read, std::string what);
  ~ArchiveStream();
  ArchiveStream(const ArchiveStream&) = delete;
  ArchiveStream& operator=(const ArchiveStream&) = delete;

  // Moves to the next entry; returns nullptr at the end of the archive. Throws on a corrupt stream.
  archive_entry* next();
  // Reads the current entry's data; 0 at its end. Throws on a corrupt stream.
  std::size_t read_data(char* buffer, std::size_t capacity);
  // Skips the rest of the current entry's data.
  void skip_data();
  // Bytes pulled from the ByteReader so far (compressed bytes when the stream is compressed).
  std::uint64_t bytes_read() const { return bytes_read_; }
  const std::string& what() const { return what_; }

 private:
  static la_ssize_t on_read(archive* a, void* self, const void** buffer);
  [[noreturn]] void fail();

  const ByteReader& read_;
  std::string what_;
  archive* archive_ = nullptr;
  std::vector<char> buffer_;
  std::uint64_t bytes_read_ = 0;
  std::exception_ptr reader_error_;
};

}  // namespace minify::image
