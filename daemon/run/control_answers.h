#pragma once

// The answers this daemon gave to control messages, by offset, for the HTTP
// API: it writes a change, learns its offset, and waits here for the answer
// the daemon's loop gives when it applies that offset. The last kKept
// answers are kept. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace alert::daemon {

struct GivenAnswer {
  std::string status;  // active, rejected, deleted, paused
  std::string json;    // as sent to control-results
};

class ControlAnswers {
 public:
  static constexpr size_t kKept = 1024;

  // The answer to the message at `offset`.
  void Put(int64_t offset, GivenAnswer answer);
  // The answer to `offset`, waiting up to `timeout` for it; nullopt when it
  // did not come in time (or was given so long ago it is no longer kept).
  std::optional<GivenAnswer> Wait(int64_t offset, std::chrono::milliseconds timeout);

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<int64_t, GivenAnswer> answers_;
};

}  // namespace alert::daemon
