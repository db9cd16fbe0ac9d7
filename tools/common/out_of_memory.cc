#include "tools/common/out_of_memory.h"

#include <unistd.h>

#include <cstring>
#include <new>

namespace alert::tools {
namespace {

const char* program_name = "alertjit";

void Write(const char* text) {
  size_t left = std::strlen(text);
  while (left > 0) {
    const ssize_t n = ::write(STDERR_FILENO, text, left);
    if (n <= 0) return;
    text += n;
    left -= static_cast<size_t>(n);
  }
}

// Runs where an allocation failed: nothing here may allocate. _exit skips
// destructors and atexit handlers, which could allocate in turn.
[[noreturn]] void OnOutOfMemory() {
  Write(program_name);
  Write(": out of memory; the input needs more than this process may allocate "
        "(see the limits in the README, or raise the memory limit)\n");
  ::_exit(kOutOfMemoryExit);
}

}  // namespace

void InstallOutOfMemoryPolicy(const char* program) {
  program_name = program;
  std::set_new_handler(OnOutOfMemory);
}

}  // namespace alert::tools
