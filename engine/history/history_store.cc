#include "engine/history/history_store.h"

#include <climits>

namespace alert::engine {

absl::Status MemoryHistory::Append(const HistoryRecord& r) {
  records_.insert_or_assign(Id{r.time, r.source.partition, r.source.offset},
                            Stored{std::string(r.tenant), std::string(r.json)});
  return absl::OkStatus();
}

absl::Status MemoryHistory::Scan(int64_t from, int64_t to, std::optional<std::string_view> tenant,
                                 absl::FunctionRef<void(const HistoryRecord&)> visit) const {
  for (auto it = records_.lower_bound(Id{from, INT32_MIN, INT64_MIN}); it != records_.end() && it->first.time <= to;
       ++it) {
    const Stored& s = it->second;
    if (tenant && s.tenant != *tenant) continue;
    visit(HistoryRecord{s.tenant, it->first.time, EventSource{it->first.partition, it->first.offset}, s.json});
  }
  return absl::OkStatus();
}

std::optional<int64_t> MemoryHistory::max_time() const {
  if (records_.empty()) return std::nullopt;
  return records_.rbegin()->first.time;
}

absl::Status MemoryHistory::Expire(int64_t before) {
  records_.erase(records_.begin(), records_.lower_bound(Id{before, INT32_MIN, INT64_MIN}));
  return absl::OkStatus();
}

}  // namespace alert::engine
