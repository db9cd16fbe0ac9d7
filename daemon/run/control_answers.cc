#include "daemon/run/control_answers.h"

namespace alert::daemon {

void ControlAnswers::Put(int64_t offset, GivenAnswer answer) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    answers_[offset] = std::move(answer);
    while (answers_.size() > kKept) answers_.erase(answers_.begin());
  }
  changed_.notify_all();
}

std::optional<GivenAnswer> ControlAnswers::Wait(int64_t offset, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  const bool came = changed_.wait_for(lock, timeout, [&] { return answers_.contains(offset); });
  if (!came) return std::nullopt;
  return answers_.at(offset);
}

}  // namespace alert::daemon
