#include "trace/bpf_ring_reader.h"

#include <linux/bpf.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

namespace minify::sensor {
namespace {

// Each record starts with an 8-byte header: its length (with the two flag bits below) and the
// kernel's page offset; records are 8-byte aligned.
constexpr std::size_t kHeaderSize = BPF_RINGBUF_HDR_SZ;

std::size_t round_up8(std::size_t n) {
  return (n + 7) & ~std::size_t{7};
}

}  // namespace

BpfRingReader::~BpfRingReader() {
  unmap();
}

void BpfRingReader::unmap() {
  if (consumer_ != nullptr) munmap(consumer_, page_);
  if (producer_ != nullptr) munmap(producer_, page_ + 2 * size_);
  consumer_ = producer_ = nullptr;
}

int BpfRingReader::map(int fd, std::size_t size) {
  page_ = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  size_ = size;
  consumer_ = mmap(nullptr, page_, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (consumer_ == MAP_FAILED) {
    consumer_ = nullptr;
    return errno;
  }
  // The data pages come twice in a row, so that a record that wraps around reads as one piece.
  producer_ =
      mmap(nullptr, page_ + 2 * size_, PROT_READ, MAP_SHARED, fd, static_cast<off_t>(page_));
  if (producer_ == MAP_FAILED) {
    producer_ = nullptr;
    return errno;
  }
  return 0;
}

void BpfRingReader::drain(const std::function<void(std::span<const std::uint8_t>)>& take) {
  if (producer_ == nullptr) return;
  auto* consumer_pos = static_cast<unsigned long*>(consumer_);
  const auto* producer_pos = static_cast<const unsigned long*>(producer_);
  const auto* data = static_cast<const std::uint8_t*>(producer_) + page_;
  unsigned long consumed = __atomic_load_n(consumer_pos, __ATOMIC_ACQUIRE);
  while (true) {
    const unsigned long produced = __atomic_load_n(producer_pos, __ATOMIC_ACQUIRE);
    if (consumed >= produced) break;
    const auto* header = reinterpret_cast<const std::uint32_t*>(data + (consumed & (size_ - 1)));
    const std::uint32_t length = __atomic_load_n(header, __ATOMIC_ACQUIRE);
    if ((length & BPF_RINGBUF_BUSY_BIT) != 0) break;
    const std::size_t body = length & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
    if ((length & BPF_RINGBUF_DISCARD_BIT) == 0) {
      take({reinterpret_cast<const std::uint8_t*>(header) + kHeaderSize, body});
    }
    consumed += round_up8(body + kHeaderSize);
    __atomic_store_n(consumer_pos, consumed, __ATOMIC_RELEASE);
  }
}

}  // namespace minify::sensor
