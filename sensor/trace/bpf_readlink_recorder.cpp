#include "trace/bpf_readlink_recorder.h"

#include <linux/bpf.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <string_view>
#include <vector>

namespace minify::sensor {
namespace {

// What the program sends for one readlink: this header, then the path and its NUL.
struct Event {
  std::uint32_t tid;     // in the sensor's pid namespace
  std::uint32_t length;  // the path's bytes with the NUL; 0: the path could not be read
};
constexpr std::int32_t kPathMax = 4096;  // PATH_MAX, NUL included: the kernel takes no longer
// Large enough for a burst of 90,000 short paths between two drains.
constexpr std::uint32_t kRingSize = 8u << 20;

// A map's or program's name: at most 15 bytes, NUL-terminated (the rest of `to` is zero).
void set_name(char (&to)[BPF_OBJ_NAME_LEN], std::string_view name) {
  std::memcpy(to, name.data(), std::min(name.size(), sizeof to - 1));
}

long bpf(int command, bpf_attr& attr) {
  return syscall(SYS_bpf, command, &attr, sizeof attr);
}

std::string errno_text(const char* what, int error) {
  return std::string(what) + ": " + std::strerror(error);
}

int create_map(bpf_map_type type, std::uint32_t key_size, std::uint32_t value_size,
               std::uint32_t entries, std::uint32_t flags, const char* name) {
  bpf_attr attr{};
  attr.map_type = type;
  attr.key_size = key_size;
  attr.value_size = value_size;
  attr.max_entries = entries;
  attr.map_flags = flags;
  set_name(attr.map_name, name);
  return static_cast<int>(bpf(BPF_MAP_CREATE, attr));
}

// A few eBPF instructions, written as the kernel's verifier reads them. Jumps to the program's
// end ("return 0") are patched once its length is known.
class Assembler {
 public:
  void mov(int dst, int src) { emit(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0); }
  void mov_imm(int dst, std::int32_t imm) { emit(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm); }
  void add_imm(int dst, std::int32_t imm) { emit(BPF_ALU64 | BPF_ADD | BPF_K, dst, 0, 0, imm); }
  // dst = the address `offset` bytes into the stack frame (offset < 0)
  void stack_address(int dst, std::int16_t offset) {
    mov(dst, BPF_REG_10);
    add_imm(dst, offset);
  }
  void load(int size, int dst, int src, std::int16_t off) {
    emit(BPF_LDX | size | BPF_MEM, dst, src, off, 0);
  }
  void store(int size, int dst, std::int16_t off, int src) {
    emit(BPF_STX | size | BPF_MEM, dst, src, off, 0);
  }
  void store_imm(int size, int dst, std::int16_t off, std::int32_t imm) {
    emit(BPF_ST | size | BPF_MEM, dst, 0, off, imm);
  }
  void atomic_add(int size, int dst, std::int16_t off, int src) {
    emit(BPF_STX | size | BPF_ATOMIC, dst, src, off, BPF_ADD);
  }
  // Two instructions: a 64-bit constant, or (src BPF_PSEUDO_MAP_FD) a map by its fd.
  void load_imm64(int dst, std::uint64_t imm, int src = 0) {
    emit(BPF_LD | BPF_DW | BPF_IMM, dst, src, 0, static_cast<std::int32_t>(imm & 0xffffffffu));
    emit(0, 0, 0, 0, static_cast<std::int32_t>(imm >> 32));
  }
  void load_map(int dst, int fd) {
    load_imm64(dst, static_cast<std::uint32_t>(fd), BPF_PSEUDO_MAP_FD);
  }
  void call(int helper) { emit(BPF_JMP | BPF_CALL, 0, 0, 0, helper); }
  // if (reg OP imm) skip the next `count` instructions
  void skip_if(int op, int reg, std::int32_t imm, std::int16_t count) {
    emit(BPF_JMP | op | BPF_K, reg, 0, count, imm);
  }
  // if (reg OP imm) return 0
  void return_if(int op, int reg, std::int32_t imm) {
    to_end_.push_back(code_.size());
    emit(BPF_JMP | op | BPF_K, reg, 0, 0, imm);
  }
  std::vector<bpf_insn> finish() {
    const std::size_t end = code_.size();
    for (std::size_t at : to_end_) code_[at].off = static_cast<std::int16_t>(end - at - 1);
    mov_imm(BPF_REG_0, 0);
    emit(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
    return std::move(code_);
  }

 private:
  void emit(int code, int dst, int src, std::int16_t off, std::int32_t imm) {
    bpf_insn insn{};
    insn.code = static_cast<std::uint8_t>(code);
    insn.dst_reg = static_cast<std::uint8_t>(dst) & 0xf;
    insn.src_reg = static_cast<std::uint8_t>(src) & 0xf;
    insn.off = off;
    insn.imm = imm;
    code_.push_back(insn);
  }
  std::vector<bpf_insn> code_;
  std::vector<std::size_t> to_end_;
};

#if defined(__x86_64__)
// struct pt_regs of x86_64 (the kernel's, which the user ABI's asm/ptrace.h spells alike):
// the syscall number is orig_ax, the first argument di.
constexpr std::int32_t kOrigAxOffset = 15 * 8;
constexpr std::int32_t kDiOffset = 14 * 8;

// r1 = the u64 at `offset` in the tracepoint's pt_regs (r6 holds the context; regs is kernel
// memory, read through a helper); the program returns when it cannot be read. Uses fp-8.
void load_regs_field(Assembler& a, std::int32_t offset) {
  a.load(BPF_DW, BPF_REG_3, BPF_REG_6, 0);
  a.add_imm(BPF_REG_3, offset);
  a.stack_address(BPF_REG_1, -8);
  a.mov_imm(BPF_REG_2, 8);
  a.call(BPF_FUNC_probe_read_kernel);
  a.return_if(BPF_JNE, BPF_REG_0, 0);
  a.load(BPF_DW, BPF_REG_1, BPF_REG_10, -8);
}

// r0 = the address of entry 0 of array map `map`; the program returns when there is none. Uses
// fp-20 for the key.
void lookup_first_entry(Assembler& a, int map) {
  a.store_imm(BPF_W, BPF_REG_10, -20, 0);
  a.load_map(BPF_REG_1, map);
  a.stack_address(BPF_REG_2, -20);
  a.call(BPF_FUNC_map_lookup_elem);
  a.return_if(BPF_JEQ, BPF_REG_0, 0);
}

// The program, at sys_exit(struct pt_regs* regs, long ret). Registers: r6 the context, r7 the
// thread then the path's length, r8 the process (to leave the sensor out), r9 the record made.
std::vector<bpf_insn> readlink_program(dev_t pidns_dev, ino_t pidns_ino, pid_t sensor, int ring,
                                       int scratch, int counters) {
  Assembler a;
  a.mov(BPF_REG_6, BPF_REG_1);
  load_regs_field(a, kOrigAxOffset);  // the syscall's number
  a.return_if(BPF_JNE, BPF_REG_1, SYS_readlink);
  // Only the sensor's pid namespace, as its pids: struct bpf_pidns_info {u32 pid, tgid} at fp-16.
  a.load_imm64(BPF_REG_1, (static_cast<std::uint64_t>(major(pidns_dev)) << 20) | minor(pidns_dev));
  a.load_imm64(BPF_REG_2, pidns_ino);
  a.stack_address(BPF_REG_3, -16);
  a.mov_imm(BPF_REG_4, 8);
  a.call(BPF_FUNC_get_ns_current_pid_tgid);
  a.return_if(BPF_JNE, BPF_REG_0, 0);
  a.load(BPF_W, BPF_REG_7, BPF_REG_10, -16);
  a.load(BPF_W, BPF_REG_8, BPF_REG_10, -12);
  a.return_if(BPF_JEQ, BPF_REG_8, sensor);  // its own /proc lookups
  // The record is made in the per-CPU scratch, then copied into the ring at its real length.
  lookup_first_entry(a, scratch);
  a.mov(BPF_REG_9, BPF_REG_0);
  a.store(BPF_W, BPF_REG_9, offsetof(Event, tid), BPF_REG_7);
  load_regs_field(a, kDiOffset);  // the path: a pointer into the app's memory
  a.mov(BPF_REG_3, BPF_REG_1);
  a.mov(BPF_REG_1, BPF_REG_9);
  a.add_imm(BPF_REG_1, sizeof(Event));
  a.mov_imm(BPF_REG_2, kPathMax);
  a.call(BPF_FUNC_probe_read_user_str);
  // Its length with the NUL, or a negative errno: sent with length 0, so that the sensor warns.
  a.mov(BPF_REG_7, BPF_REG_0);
  a.skip_if(BPF_JSGT, BPF_REG_7, 0, 1);
  a.mov_imm(BPF_REG_7, 0);
  a.return_if(BPF_JGT, BPF_REG_7, kPathMax);  // never; bounds the length for the verifier
  a.store(BPF_W, BPF_REG_9, offsetof(Event, length), BPF_REG_7);
  // The sensor is woken only when the ring is half full: it drains it often enough anyway.
  a.load_map(BPF_REG_1, ring);
  a.mov_imm(BPF_REG_2, BPF_RB_AVAIL_DATA);
  a.call(BPF_FUNC_ringbuf_query);
  a.mov_imm(BPF_REG_4, BPF_RB_NO_WAKEUP);
  a.skip_if(BPF_JLT, BPF_REG_0, kRingSize / 2, 1);
  a.mov_imm(BPF_REG_4, BPF_RB_FORCE_WAKEUP);
  a.load_map(BPF_REG_1, ring);
  a.mov(BPF_REG_2, BPF_REG_9);
  a.mov(BPF_REG_3, BPF_REG_7);
  a.add_imm(BPF_REG_3, sizeof(Event));
  a.call(BPF_FUNC_ringbuf_output);
  a.return_if(BPF_JEQ, BPF_REG_0, 0);
  // The ring is full: counted, for the record's warning.
  lookup_first_entry(a, counters);
  a.mov_imm(BPF_REG_1, 1);
  a.atomic_add(BPF_DW, BPF_REG_0, 0, BPF_REG_1);
  return a.finish();
}
#endif

}  // namespace

BpfReadlinkRecorder::~BpfReadlinkRecorder() {
  stop();
}

void BpfReadlinkRecorder::stop() {
  reader_.unmap();
  if (lost_ != nullptr) munmap(const_cast<std::uint64_t*>(lost_), sizeof *lost_);
  lost_ = nullptr;
  for (int* fd : {&link_, &program_, &counters_, &scratch_, &ring_}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

long BpfReadlinkRecorder::syscall_number() {
#ifdef SYS_readlink
  return SYS_readlink;
#else
  return -1;
#endif
}

std::string BpfReadlinkRecorder::start(pid_t sensor) {
#if !defined(__x86_64__)
  (void)sensor;
  return "the eBPF readlink recorder is written for x86_64 only";
#else
  // Whatever fails leaves nothing loaded.
  auto fail = [this](std::string why) {
    stop();
    return why;
  };
  struct stat pidns {};
  if (stat("/proc/self/ns/pid", &pidns) != 0) return fail(errno_text("/proc/self/ns/pid", errno));
  ring_ = create_map(BPF_MAP_TYPE_RINGBUF, 0, 0, kRingSize, 0, "minify_readlink");
  if (ring_ < 0) return fail(errno_text("bpf ring buffer", errno));
  scratch_ = create_map(BPF_MAP_TYPE_PERCPU_ARRAY, sizeof(std::uint32_t), sizeof(Event) + kPathMax,
                        1, 0, "minify_scratch");
  if (scratch_ < 0) return fail(errno_text("bpf scratch map", errno));
  counters_ = create_map(BPF_MAP_TYPE_ARRAY, sizeof(std::uint32_t), sizeof(std::uint64_t), 1,
                         BPF_F_MMAPABLE, "minify_lost");
  if (counters_ < 0) return fail(errno_text("bpf counter map", errno));
  void* counters = mmap(nullptr, sizeof *lost_, PROT_READ, MAP_SHARED, counters_, 0);
  if (counters == MAP_FAILED) return fail(errno_text("mmap of the bpf counter", errno));
  lost_ = static_cast<const std::uint64_t*>(counters);
  if (int error = reader_.map(ring_, kRingSize); error != 0) {
    return fail(errno_text("mmap of the bpf ring buffer", error));
  }

  std::vector<bpf_insn> code =
      readlink_program(pidns.st_dev, pidns.st_ino, sensor, ring_, scratch_, counters_);
  static constexpr char kLicense[] = "Dual MIT/GPL";  // the probe_read helpers want GPL-compatible
  std::vector<char> log(1 << 16);
  bpf_attr attr{};
  attr.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT;
  attr.insns = reinterpret_cast<std::uintptr_t>(code.data());
  attr.insn_cnt = static_cast<std::uint32_t>(code.size());
  attr.license = reinterpret_cast<std::uintptr_t>(kLicense);
  set_name(attr.prog_name, "minify_readlink");
  program_ = static_cast<int>(bpf(BPF_PROG_LOAD, attr));
  if (program_ < 0 && errno != EPERM) {
    // Again with the verifier's log, for the message.
    attr.log_level = 1;
    attr.log_buf = reinterpret_cast<std::uintptr_t>(log.data());
    attr.log_size = static_cast<std::uint32_t>(log.size());
    program_ = static_cast<int>(bpf(BPF_PROG_LOAD, attr));
  }
  if (program_ < 0) {
    const int error = errno;
    std::string why = errno_text("bpf program", error);
    std::string_view text(log.data(), strnlen(log.data(), log.size()));
    while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
    if (auto line = text.rfind('\n'); line != std::string_view::npos) text.remove_prefix(line + 1);
    if (!text.empty()) why += " (" + std::string(text) + ")";
    return fail(why);
  }
  bpf_attr open{};
  static constexpr char kTracepoint[] = "sys_exit";
  open.raw_tracepoint.name = reinterpret_cast<std::uintptr_t>(kTracepoint);
  open.raw_tracepoint.prog_fd = static_cast<std::uint32_t>(program_);
  link_ = static_cast<int>(bpf(BPF_RAW_TRACEPOINT_OPEN, open));
  if (link_ < 0) return fail(errno_text("bpf attach to sys_exit", errno));
  return "";
#endif
}

void BpfReadlinkRecorder::drain(const std::function<void(const Readlink&)>& take) {
  reader_.drain([&](std::span<const std::uint8_t> bytes) {
    if (bytes.size() < sizeof(Event)) return;
    Event event;
    std::memcpy(&event, bytes.data(), sizeof event);
    Readlink readlink;
    readlink.tid = static_cast<pid_t>(event.tid);
    readlink.readable = event.length > 0 && event.length <= bytes.size() - sizeof(Event);
    if (readlink.readable) {
      readlink.path = std::string_view(reinterpret_cast<const char*>(bytes.data()) + sizeof(Event),
                                       event.length - 1);
    }
    take(readlink);
  });
}

std::uint64_t BpfReadlinkRecorder::skipped_runs() const {
  if (program_ < 0) return 0;
  bpf_prog_info info{};
  bpf_attr attr{};
  attr.info.bpf_fd = static_cast<std::uint32_t>(program_);
  attr.info.info_len = sizeof info;
  attr.info.info = reinterpret_cast<std::uintptr_t>(&info);
  if (bpf(BPF_OBJ_GET_INFO_BY_FD, attr) != 0) return 0;
  return info.recursion_misses;
}

std::uint64_t BpfReadlinkRecorder::lost() const {
  return lost_ == nullptr ? 0 : __atomic_load_n(lost_, __ATOMIC_RELAXED);
}

}  // namespace minify::sensor
