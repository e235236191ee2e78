// Syscalls without libc, so that the test programs make exactly the syscalls they name and nothing
// else (no loader, no libc start-up): x86_64 only.
#pragma once

static inline long raw_syscall(long number, long a, long b, long c) {
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(number), "D"(a), "S"(b), "d"(c)
                   : "rcx", "r11", "memory");
  return ret;
}

enum {
  kSysWrite = 1,
  kSysPause = 34,
  kSysGetpid = 39,
  kSysUname = 63,
  kSysPtrace = 101,
  kSysExitGroup = 231,
  kSysUnshare = 272,
};

static inline void write_text(const char* text) {
  long n = 0;
  while (text[n]) ++n;
  raw_syscall(kSysWrite, 1, (long)text, n);
}

static inline __attribute__((noreturn)) void exit_group(int code) {
  for (;;) raw_syscall(kSysExitGroup, code, 0, 0);
}

// Prints "NAME=VALUE" (VALUE in decimal, negative for -errno).
static inline void write_result(const char* name, long value) {
  char digits[24];
  int i = sizeof digits;
  digits[--i] = '\0';
  unsigned long magnitude = value < 0 ? -value : value;
  do digits[--i] = (char)('0' + magnitude % 10);
  while ((magnitude /= 10) != 0);
  if (value < 0) digits[--i] = '-';
  write_text(name);
  write_text("=");
  write_text(digits + i);
}
