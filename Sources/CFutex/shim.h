// Futex calls for the worker processes' wake-ups (WakeWord.swift). `syscall` is variadic, which
// Swift cannot call, so these small wrappers do. Linux only; elsewhere the module is empty.
#ifndef NLPIPE_CFUTEX_SHIM_H
#define NLPIPE_CFUTEX_SHIM_H

#ifdef __linux__
#include <errno.h>
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

// Sleeps while *word == expected, at most `nanoseconds`; 0 when woken (or spuriously), else
// errno: EAGAIN (the word had already changed), ETIMEDOUT, EINTR. The word may be shared
// between processes (no FUTEX_PRIVATE_FLAG).
static inline int nlpipe_futex_wait(uint32_t *word, uint32_t expected, uint64_t nanoseconds) {
  struct timespec timeout;
  timeout.tv_sec = (time_t)(nanoseconds / 1000000000u);
  timeout.tv_nsec = (long)(nanoseconds % 1000000000u);
  long result = syscall(SYS_futex, word, FUTEX_WAIT, expected, &timeout, NULL, 0);
  return result == 0 ? 0 : errno;
}

// Wakes up to `count` sleepers on `word`; returns how many were woken (or -1).
static inline int nlpipe_futex_wake(uint32_t *word, int count) {
  return (int)syscall(SYS_futex, word, FUTEX_WAKE, count, NULL, NULL, 0);
}
#endif

#endif
