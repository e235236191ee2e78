#include "trace/record_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "write_all.h"

namespace minify::sensor {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path, int error) {
  throw std::runtime_error(what + " " + path + ": " + std::strerror(error));
}

}  // namespace

void write_record_file(const std::string& path, const record::Record& record) {
  write_file_atomically(path, record::to_json(record).dump() + "\n");
}

void write_ports_file(const std::string& path, const std::vector<int>& ports) {
  std::string text;
  for (int port : ports) text += std::to_string(port) + "\n";
  write_file_atomically(path, text);
}

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("cannot create", temporary, errno);
  if (int error = write_all(fd, text); error != 0) {
    ::close(fd);
    ::unlink(temporary.c_str());
    fail("cannot write", temporary, error);
  }
  if (::fsync(fd) != 0 && errno != EINVAL) {
    int error = errno;
    ::close(fd);
    ::unlink(temporary.c_str());
    fail("cannot fsync", temporary, error);
  }
  ::close(fd);
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    int error = errno;
    ::unlink(temporary.c_str());
    fail("cannot rename to", path, error);
  }
}

}  // namespace minify::sensor
