#pragma once
// The consumer side of a BPF ring buffer map (BPF_MAP_TYPE_RINGBUF, Linux 5.8): its pages mapped
// into the sensor, records taken in the order the kernel committed them, without a syscall.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>

namespace minify::sensor {

class BpfRingReader {
 public:
  BpfRingReader() = default;
  BpfRingReader(const BpfRingReader&) = delete;
  BpfRingReader& operator=(const BpfRingReader&) = delete;
  ~BpfRingReader();

  // Maps the ring of map `fd` (which stays the caller's), `size` its max_entries. Returns 0 or
  // the errno of the failed mmap.
  int map(int fd, std::size_t size);
  void unmap();

  // Hands every committed record to `take`, oldest first, and gives its space back to the
  // kernel. A record still being written ends the drain (the next one finds it).
  void drain(const std::function<void(std::span<const std::uint8_t>)>& take);

 private:
  std::size_t size_ = 0;
  std::size_t page_ = 0;
  void* consumer_ = nullptr;  // one page: the consumer position, which this side writes
  void* producer_ = nullptr;  // the producer position's page, then the data, mapped twice
};

}  // namespace minify::sensor
