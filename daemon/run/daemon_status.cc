#include "daemon/run/daemon_status.h"

namespace alert::daemon {

void StatusBoard::Publish(std::shared_ptr<const DaemonStatus> status) {
  std::lock_guard<std::mutex> lock(mutex_);
  status_ = std::move(status);
}

std::shared_ptr<const DaemonStatus> StatusBoard::Latest() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

}  // namespace alert::daemon
