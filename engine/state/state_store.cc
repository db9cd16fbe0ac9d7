#include "engine/state/state_store.h"

namespace alert::engine {

absl::StatusOr<std::optional<std::string>> MemoryStateStore::Get(std::string_view key) const {
  const auto it = data_.find(key);
  if (it == data_.end()) return std::optional<std::string>();
  return std::optional<std::string>(it->second);
}

absl::Status MemoryStateStore::Write(const WriteBatch& batch) {
  for (const WriteBatch::Op& op : batch.ops()) {
    if (op.erase) {
      data_.erase(op.key);
    } else {
      data_[op.key] = op.value;
    }
  }
  return absl::OkStatus();
}

absl::Status MemoryStateStore::Scan(std::string_view prefix,
                                    absl::FunctionRef<bool(std::string_view, std::string_view)> visit) const {
  for (auto it = data_.lower_bound(prefix); it != data_.end() && it->first.starts_with(prefix); ++it) {
    if (!visit(it->first, it->second)) break;
  }
  return absl::OkStatus();
}

}  // namespace alert::engine
