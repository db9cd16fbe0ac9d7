#pragma once

// Runs the built alertc (ALERTC, set by CMake; $ALERTC_UNDER_TEST instead
// when set) as a user would: shell words,
// a standard input, and optionally bounds on its memory and time, so that a
// test can assert what a hostile input does to the whole process.

#include <cstdint>
#include <string>

namespace alert::testing {

struct AlertcLimits {
  std::string stdin_text;
  // Address-space limit in MiB (ulimit -v; under AddressSanitizer, whose
  // shadow memory defeats ulimit, its soft RSS limit instead). 0: none.
  uint64_t memory_mb = 0;
  // Seconds before the process is killed (exit status 137). 0: none.
  int timeout_seconds = 0;
  // Keep at most this many bytes of the output (stdout then stderr); the
  // rest is only counted.
  size_t keep_bytes = size_t{1} << 20;
  // Start it with a standard input that cannot be read: /dev/null opened for
  // writing (stdin_text is then unused). Not a closed descriptor 0: the
  // sanitizer runtime opens files at start-up and would be handed it.
  bool unreadable_stdin = false;
};

struct AlertcOutcome {
  int status = 0;        // the exit status; 128 + N when killed by signal N
  std::string out;       // stdout and stderr, interleaved as written, cut to keep_bytes
  uint64_t out_bytes = 0;  // all of the output's bytes
};

// Whether this build (and so the alertc it runs) has AddressSanitizer.
bool UnderAddressSanitizer();

AlertcOutcome RunAlertc(const std::string& args, const AlertcLimits& limits = {});

// Writes `text` to a file named `name` in this test process's temporary
// directory and returns its path.
std::string WriteTempFile(const std::string& name, const std::string& text);

}  // namespace alert::testing
