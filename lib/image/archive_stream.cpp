#include "image/archive_stream.h"

#include "image/image_error.h"

namespace minify::image {

namespace {
// Large reads: the engine's export and layer blobs are big, and each call crosses a pipe.
constexpr std::size_t kReadBuffer = 1 << 20;
}  // namespace

ArchiveStream::ArchiveStream(const ByteReader& read, std::string what)
    : read_(read), what_(std::move(what)), archive_(archive_read_new()), buffer_(kReadBuffer) {
  if (archive_ == nullptr) throw ImageError(what_ + ": out of memory");
  archive_read_support_filter_all(archive_);
  archive_read_support_format_tar(archive_);
  // Zero bytes is an empty archive, not a corrupt one (some tools write empty layers that way).
  archive_read_support_format_empty(archive_);
  if (archive_read_open(archive_, this, nullptr, &ArchiveStream::on_read, nullptr) != ARCHIVE_OK) {
    // No destructor runs for a constructor that throws: free the archive here (found by
    // tests/fuzz, an archive whose first bytes fail to open leaked it).
    try {
      fail();
    } catch (...) {
      archive_read_free(archive_);
      throw;
    }
  }
}

ArchiveStream::~ArchiveStream() {
  archive_read_free(archive_);
}

la_ssize_t ArchiveStream::on_read(archive* a, void* self_ptr, const void** buffer) {
  auto* self = static_cast<ArchiveStream*>(self_ptr);
  try {
    std::size_t n = self->read_(self->buffer_.data(), self->buffer_.size());
    self->bytes_read_ += n;
    *buffer = self->buffer_.data();
    return static_cast<la_ssize_t>(n);
  } catch (...) {
    self->reader_error_ = std::current_exception();
    archive_set_error(a, EIO, "the byte stream failed");
    return -1;
  }
}

void ArchiveStream::fail() {
  if (reader_error_) std::rethrow_exception(reader_error_);
  const char* message = archive_error_string(archive_);
  throw ImageError(what_ + ": " + (message != nullptr ? message : "unreadable archive"));
}

archive_entry* ArchiveStream::next() {
  archive_entry* entry = nullptr;
  int status = archive_read_next_header(archive_, &entry);
  if (status == ARCHIVE_EOF) return nullptr;
  // ARCHIVE_WARN carries a usable entry (e.g. an unknown pax keyword); only worse is fatal.
  if (status < ARCHIVE_WARN) fail();
  return entry;
}

std::size_t ArchiveStream::read_data(char* buffer, std::size_t capacity) {
  la_ssize_t n = archive_read_data(archive_, buffer, capacity);
  if (n < 0) fail();
  return static_cast<std::size_t>(n);
}

void ArchiveStream::skip_data() {
  if (archive_read_data_skip(archive_) < ARCHIVE_WARN) fail();
}

}  // namespace minify::image
