#include "engine/state/background_writer.h"

#include "runtime/os/thread_name.h"

namespace alert::engine {

BackgroundWriter::BackgroundWriter(StateStore& store)
    : store_(store), thread_([this] {
        os::NameThisThread("alert-writer");
        Run();
      }) {}

BackgroundWriter::~BackgroundWriter() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !next_ && !writing_; });
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

absl::Status BackgroundWriter::Submit(std::vector<WriteBatch> parts) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return !next_ && !writing_; });
  if (!failure_.ok()) return failure_;
  next_ = std::move(parts);
  lock.unlock();
  changed_.notify_all();
  return absl::OkStatus();
}

absl::Status BackgroundWriter::Submit(WriteBatch batch) {
  std::vector<WriteBatch> parts;
  parts.push_back(std::move(batch));
  return Submit(std::move(parts));
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
    std::vector<WriteBatch> parts = std::move(*next_);
    next_.reset();
    writing_ = true;
    lock.unlock();
    const absl::Status written = store_.Write(parts);  // one atomic batch, not joined first
    parts.clear();
    lock.lock();
    writing_ = false;
    if (failure_.ok()) failure_ = written;
    changed_.notify_all();
  }
}

}  // namespace alert::engine
