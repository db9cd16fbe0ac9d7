#include "tests/testing/alertc_process.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace alert::testing {
namespace {

std::filesystem::path TempDir() {
  const auto dir = std::filesystem::temp_directory_path() / ("alertc_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

bool UnderAddressSanitizer() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

std::string WriteTempFile(const std::string& name, const std::string& text) {
  const auto path = TempDir() / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

AlertcOutcome RunAlertc(const std::string& args, const AlertcLimits& limits) {
  const std::string input = WriteTempFile("stdin", limits.stdin_text);
  std::string prefix;
  if (limits.memory_mb > 0) {
    prefix = UnderAddressSanitizer()
                 ? "export ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1:soft_rss_limit_mb=" +
                       std::to_string(limits.memory_mb) + "\"; "
                 : "ulimit -v " + std::to_string(limits.memory_mb * 1024) + "; ";
  }
  const std::string timeout =
      limits.timeout_seconds > 0 ? "timeout -s KILL " + std::to_string(limits.timeout_seconds) + " " : "";
  // ALERTC_UNDER_TEST runs the same cases against another build (an older
  // commit's, to see a regression test fail there).
  const char* alertc = std::getenv("ALERTC_UNDER_TEST");
  const std::string binary = alertc && *alertc ? alertc : ALERTC;
  const std::string script =
      prefix + "exec " + timeout + binary + " " + args + (limits.unreadable_stdin ? " 0>/dev/null" : " < " + input) + " 2>&1";
  const std::string command = "bash -c '" + [&] {
    std::string quoted;
    for (const char c : script) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted;
  }() + "'";
  AlertcOutcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 1 << 16> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    outcome.out_bytes += n;
    if (outcome.out.size() < limits.keep_bytes) {
      outcome.out.append(buffer.data(), std::min(n, limits.keep_bytes - outcome.out.size()));
    }
  }
  const int status = pclose(pipe);
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

}  // namespace alert::testing
