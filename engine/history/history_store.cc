#include "engine/history/history_store.h"

namespace alert::engine {

absl::Status MemoryHistory::Append(const HistoryRecord& r) {
  records_.emplace(std::make_pair(r.time, next_++), Stored{std::string(r.tenant), r.source, std::string(r.json)});
  return absl::OkStatus();
}

absl::Status MemoryHistory::Scan(int64_t from, int64_t to, std::optional<std::string_view> tenant,
                                 absl::FunctionRef<void(const HistoryRecord&)> visit) const {
  for (auto it = records_.lower_bound({from, 0}); it != records_.end() && it->first.first <= to; ++it) {
    const Stored& s = it->second;
    if (tenant && s.tenant != *tenant) continue;
    visit(HistoryRecord{s.tenant, it->first.first, s.source, s.json});
  }
  return absl::OkStatus();
}

std::optional<int64_t> MemoryHistory::max_time() const {
  if (records_.empty()) return std::nullopt;
  return records_.rbegin()->first.first;
}

absl::Status MemoryHistory::Expire(int64_t before) {
  records_.erase(records_.begin(), records_.lower_bound({before, 0}));
  return absl::OkStatus();
}

}  // namespace alert::engine
