#include "engine/history/store_history.h"

#include <algorithm>

#include "engine/state/codec.h"

namespace alert::engine {
namespace {

constexpr size_t kPrefix = 1 + 4;  // kind, partition

// The time and source at the end of a record key.
bool ReadTail(std::string_view key, int64_t* time, EventSource* source) {
  if (!ReadOrdered(key, kPrefix, time) || key.size() != kPrefix + 8 + 4 + 8) return false;
  uint32_t u = 0;
  for (size_t i = 0; i < 4; ++i) u = (u << 8) | static_cast<uint8_t>(key[kPrefix + 8 + i]);
  source->partition = static_cast<int32_t>(u ^ (uint32_t{1} << 31));
  return ReadOrdered(key, kPrefix + 12, &source->offset);
}

std::string KindPrefix(char kind, int32_t partition) {
  std::string key(1, kind);
  AppendOrdered32(key, partition);
  return key;
}

}  // namespace

StoreHistory::StoreHistory(StateStore& store, int32_t partition) : store_(store), partition_(partition) {}

absl::StatusOr<std::unique_ptr<StoreHistory>> StoreHistory::Open(StateStore& store, int32_t partition) {
  std::unique_ptr<StoreHistory> history(new StoreHistory(store, partition));
  auto latest = store.Get(Family::kHistory, KindPrefix('m', partition));
  if (!latest.ok()) return latest.status();
  if (*latest) {
    Decoder in(**latest);
    const bool has_time = in.Bool();
    const int64_t time = in.I64();
    history->retained_from_ = in.I64();
    if (!in.ok() || !in.done()) return absl::DataLossError("corrupt history mark of partition " + std::to_string(partition));
    if (has_time) history->max_time_ = time;
  }
  return history;
}

void StoreHistory::AppendRecordKey(std::string& out, int64_t time, EventSource source) const {
  out += 'h';
  AppendOrdered32(out, partition_);
  AppendOrdered(out, time);
  AppendOrdered32(out, source.partition);
  AppendOrdered(out, source.offset);
}

std::string StoreHistory::RecordKey(int64_t time, EventSource source) const {
  std::string key;
  AppendRecordKey(key, time, source);
  return key;
}


absl::Status StoreHistory::Append(const HistoryRecord& r) {
  if (r.time < retained_from_) return absl::OkStatus();  // already past the retention
  // Key and value straight into the buffer: no allocation per event once it has grown.
  const size_t at = pending_bytes_.size();
  AppendRecordKey(pending_bytes_, r.time, r.source);
  const size_t key_size = pending_bytes_.size() - at;
  AppendVarint(pending_bytes_, r.tenant.size());  // as Encoder::String
  pending_bytes_ += r.tenant;
  AppendVarint(pending_bytes_, r.json.size());
  pending_bytes_ += r.json;
  if (!pending_.empty() && pending_sorted_) {
    const Pending& last = pending_.back();
    pending_sorted_ = std::string_view(pending_bytes_.data() + last.at, last.key_size) <
                      std::string_view(pending_bytes_.data() + at, key_size);
  }
  pending_.push_back(Pending{at, key_size, pending_bytes_.size() - at - key_size});
  max_time_ = std::max(max_time_.value_or(r.time), r.time);
  return absl::OkStatus();
}

// Pending records in key order, a later append of a key replacing an earlier.
void StoreHistory::SortPending() const {
  if (pending_sorted_) return;
  auto key = [&](const Pending& p) { return std::string_view(pending_bytes_.data() + p.at, p.key_size); };
  std::stable_sort(pending_.begin(), pending_.end(), [&](const Pending& a, const Pending& b) { return key(a) < key(b); });
  // Of equal keys keep the last appended (stable: it is the last of its run).
  std::vector<Pending> unique;
  for (size_t i = 0; i < pending_.size(); ++i) {
    if (i + 1 < pending_.size() && key(pending_[i]) == key(pending_[i + 1])) continue;
    unique.push_back(pending_[i]);
  }
  pending_ = std::move(unique);
  pending_sorted_ = true;
}

absl::Status StoreHistory::Scan(int64_t from, int64_t to, std::optional<std::string_view> tenant,
                                absl::FunctionRef<void(const HistoryRecord&)> visit) const {
  from = std::max(from, retained_from_);
  if (from > to) return absl::OkStatus();
  const std::string begin = RecordKey(from, EventSource{INT32_MIN, INT64_MIN});
  const std::string end = to == INT64_MAX ? PrefixEnd(KindPrefix('h', partition_))
                                          : RecordKey(to + 1, EventSource{INT32_MIN, INT64_MIN});
  // Records not yet written come from pending_, merged in key order (a
  // pending record replaces a stored one with the same key).
  SortPending();
  auto key_of = [&](const Pending& p) { return std::string_view(pending_bytes_.data() + p.at, p.key_size); };
  auto next = std::lower_bound(pending_.begin(), pending_.end(), begin,
                               [&](const Pending& p, const std::string& k) { return key_of(p) < k; });
  bool corrupt = false;
  auto emit = [&](std::string_view key, std::string_view value) {
    Decoder in(value);
    const std::string record_tenant = in.String();
    const std::string json = in.String();
    int64_t time = 0;
    EventSource source;
    if (!in.ok() || !ReadTail(key, &time, &source)) {
      corrupt = true;
      return false;
    }
    if (!tenant || record_tenant == *tenant) visit(HistoryRecord{record_tenant, time, source, json});
    return true;
  };
  auto emit_pending_before = [&](std::string_view key) {
    for (; next != pending_.end() && key_of(*next) < key; ++next) {
      emit(key_of(*next), std::string_view(pending_bytes_.data() + next->at + next->key_size, next->value_size));
    }
  };
  const absl::Status scanned =
      store_.ScanRange(Family::kHistory, begin, end, [&](std::string_view key, std::string_view value) {
        emit_pending_before(key);
        if (next != pending_.end() && key_of(*next) == key) return true;  // replaced; emitted next
        return emit(key, value);
      });
  if (!scanned.ok()) return scanned;
  emit_pending_before(end);
  if (corrupt) return absl::DataLossError("corrupt history record of partition " + std::to_string(partition_));
  return absl::OkStatus();
}

absl::Status StoreHistory::Expire(int64_t before) {
  if (before <= retained_from_) return absl::OkStatus();
  retained_from_ = before;
  expire_pending_ = true;
  return absl::OkStatus();
}

absl::Status StoreHistory::Flush(WriteBatch* batch) {
  const std::string retained = RecordKey(retained_from_, EventSource{INT32_MIN, INT64_MIN});
  for (const Pending& p : pending_) {
    const std::string_view key(pending_bytes_.data() + p.at, p.key_size);
    if (key < retained) continue;  // appended, then expired
    batch->Put(Family::kHistory, key, std::string_view(pending_bytes_.data() + p.at + p.key_size, p.value_size));
  }
  if (expire_pending_) batch->DeleteRange(Family::kHistory, KindPrefix('h', partition_), retained);
  Encoder mark;
  mark.Bool(max_time_.has_value());
  mark.I64(max_time_.value_or(0));
  mark.I64(retained_from_);
  batch->Put(Family::kHistory, KindPrefix('m', partition_), mark.Take());
  return absl::OkStatus();
}

void StoreHistory::Committed() {
  pending_.clear();
  pending_bytes_.clear();
  pending_sorted_ = true;
  expire_pending_ = false;
}

}  // namespace alert::engine
