#include "engine/history/store_history.h"

#include <climits>

#include "engine/state/codec.h"

namespace alert::engine {
namespace {

constexpr size_t kPrefix = 1 + 4;  // kind, partition

// The time and source at the end of a record or tenant key.
bool ReadTail(std::string_view key, size_t at, int64_t* time, EventSource* source) {
  int64_t partition = 0;
  if (!ReadOrdered(key, at, time) || key.size() != at + 8 + 4 + 8) return false;
  uint32_t u = 0;
  for (size_t i = 0; i < 4; ++i) u = (u << 8) | static_cast<uint8_t>(key[at + 8 + i]);
  partition = static_cast<int32_t>(u ^ (uint32_t{1} << 31));
  source->partition = static_cast<int32_t>(partition);
  return ReadOrdered(key, at + 12, &source->offset);
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

std::string StoreHistory::RecordKey(int64_t time, EventSource source) const {
  std::string key = KindPrefix('h', partition_);
  AppendOrdered(key, time);
  AppendOrdered32(key, source.partition);
  AppendOrdered(key, source.offset);
  return key;
}

std::string StoreHistory::TenantKey(std::string_view tenant, int64_t time, EventSource source) const {
  std::string key = KindPrefix('t', partition_);
  AppendOrdered32(key, static_cast<int32_t>(tenant.size()));
  key += tenant;
  AppendOrdered(key, time);
  AppendOrdered32(key, source.partition);
  AppendOrdered(key, source.offset);
  return key;
}

absl::Status StoreHistory::Append(const HistoryRecord& r) {
  if (r.time < retained_from_) return absl::OkStatus();  // already past the retention
  pending_.insert_or_assign(RecordKey(r.time, r.source), Pending{std::string(r.tenant), std::string(r.json)});
  max_time_ = std::max(max_time_.value_or(r.time), r.time);
  return absl::OkStatus();
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
  auto next_pending = pending_.lower_bound(begin);
  const auto pending_end = pending_.lower_bound(end);
  auto emit = [&](std::string_view key, std::string_view tenant_of, std::string_view json) {
    int64_t time = 0;
    EventSource source;
    if (!ReadTail(key, kPrefix, &time, &source)) return;
    if (tenant && tenant_of != *tenant) return;
    visit(HistoryRecord{tenant_of, time, source, json});
  };
  auto emit_pending_before = [&](std::string_view key) {
    for (; next_pending != pending_end && next_pending->first < key; ++next_pending) {
      emit(next_pending->first, next_pending->second.tenant, next_pending->second.json);
    }
  };
  bool corrupt = false;
  auto visit_stored = [&](std::string_view key, std::string_view value) {
    emit_pending_before(key);
    if (next_pending != pending_end && next_pending->first == key) return true;  // replaced; emitted next
    Decoder in(value);
    const std::string record_tenant = in.String();
    const std::string json = in.String();
    if (!in.ok()) {
      corrupt = true;
      return false;
    }
    emit(key, record_tenant, json);
    return true;
  };
  absl::Status scanned;
  if (tenant) {
    // The tenant index names the records; each is read by its key.
    std::string index_begin = TenantKey(*tenant, from, EventSource{INT32_MIN, INT64_MIN});
    std::string index_end = PrefixEnd(TenantKey(*tenant, to, EventSource{INT32_MAX, INT64_MAX}));
    const size_t tail = index_begin.size() - 20;
    scanned = store_.ScanRange(Family::kHistory, index_begin, index_end, [&](std::string_view key, std::string_view) {
      int64_t time = 0;
      EventSource source;
      if (!ReadTail(key, tail, &time, &source)) return true;
      const std::string record_key = RecordKey(time, source);
      auto value = store_.Get(Family::kHistory, record_key);
      if (!value.ok()) {
        scanned = value.status();
        return false;
      }
      if (!*value) return true;  // expired; the index entry goes with the next Flush
      return visit_stored(record_key, **value);
    });
  } else {
    scanned = store_.ScanRange(Family::kHistory, begin, end, visit_stored);
  }
  if (!scanned.ok()) return scanned;
  if (corrupt) return absl::DataLossError("corrupt history record of partition " + std::to_string(partition_));
  emit_pending_before(end);
  return absl::OkStatus();
}

absl::Status StoreHistory::Expire(int64_t before) {
  if (before <= retained_from_) return absl::OkStatus();
  pending_.erase(pending_.begin(), pending_.lower_bound(RecordKey(before, EventSource{INT32_MIN, INT64_MIN})));
  retained_from_ = before;
  expire_pending_ = true;
  return absl::OkStatus();
}

absl::Status StoreHistory::Flush(WriteBatch* batch) {
  for (const auto& [key, record] : pending_) {
    Encoder value;
    value.String(record.tenant);
    value.String(record.json);
    batch->Put(Family::kHistory, key, value.Take());
    int64_t time = 0;
    EventSource source;
    ReadTail(key, kPrefix, &time, &source);
    batch->Put(Family::kHistory, TenantKey(record.tenant, time, source), "");
  }
  if (expire_pending_) {
    // The expired records' tenant index entries, then the records.
    const std::string begin = KindPrefix('h', partition_);
    const std::string end = RecordKey(retained_from_, EventSource{INT32_MIN, INT64_MIN});
    bool corrupt = false;
    auto scanned = store_.ScanRange(Family::kHistory, begin, end, [&](std::string_view key, std::string_view value) {
      Decoder in(value);
      const std::string tenant = in.String();
      int64_t time = 0;
      EventSource source;
      if (!in.ok() || !ReadTail(key, kPrefix, &time, &source)) {
        corrupt = true;
        return true;
      }
      batch->Delete(Family::kHistory, TenantKey(tenant, time, source));
      return true;
    });
    if (!scanned.ok()) return scanned;
    batch->DeleteRange(Family::kHistory, begin, end);
  }
  Encoder mark;
  mark.Bool(max_time_.has_value());
  mark.I64(max_time_.value_or(0));
  mark.I64(retained_from_);
  batch->Put(Family::kHistory, KindPrefix('m', partition_), mark.Take());
  return absl::OkStatus();
}

void StoreHistory::Committed() {
  pending_.clear();
  expire_pending_ = false;
}

}  // namespace alert::engine
