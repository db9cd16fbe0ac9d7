#include "engine/state/background_writer.h"

namespace alert::engine {

BackgroundWriter::BackgroundWriter(StateStore& store) : store_(store), thread_([this] { Run(); }) {}

BackgroundWriter::~BackgroundWriter() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !next_ && !writing_; });
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

absl::Status BackgroundWriter::Submit(WriteBatch batch) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return !next_ && !writing_; });
  if (!failure_.ok()) return failure_;
  next_ = std::move(batch);
  lock.unlock();
  changed_.notify_all();
  return absl::OkStatus();
}

absl::Status BackgroundWriter::Wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return !next_ && !writing_; });
  return failure_;
}

bool BackgroundWriter::Idle() {
  std::lock_guard<std::mutex> lock(mutex_);
  return !next_ && !writing_;
}

void BackgroundWriter::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return next_ || stopping_; });
    if (!next_) return;
    WriteBatch batch = std::move(*next_);
    next_.reset();
    writing_ = true;
    lock.unlock();
    const absl::Status written = store_.Write(batch);
    lock.lock();
    writing_ = false;
    if (failure_.ok()) failure_ = written;
    changed_.notify_all();
  }
}

}  // namespace alert::engine
