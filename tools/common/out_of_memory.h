#pragma once

// The process-level policy for running out of memory: inputs are bounded
// where they enter (rule, event and setting limits), and an allocation that
// still fails ends the process with a clear message and a documented exit
// code instead of an uncaught std::bad_alloc and an abort.

namespace alert::tools {

// The exit code of a process stopped for want of memory.
inline constexpr int kOutOfMemoryExit = 3;

// Installs a new-handler that prints "PROGRAM: out of memory ..." to stderr
// and exits with kOutOfMemoryExit. `program` must outlive the process (a
// string literal). Call once, first thing in main.
void InstallOutOfMemoryPolicy(const char* program);

}  // namespace alert::tools
