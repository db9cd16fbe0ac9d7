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
  std::string& bytes = pending_.bytes;
  const size_t at = bytes.size();
  AppendRecordKey(bytes, r.time, r.source);
  const size_t key_size = bytes.size() - at;
  AppendVarint(bytes, r.tenant.size());  // as Encoder::String
  bytes += r.tenant;
  AppendVarint(bytes, r.json.size());
  bytes += r.json;
  const Records::Entry entry{at, key_size, bytes.size() - at - key_size};
  if (!pending_.entries.empty() && pending_.sorted) pending_.sorted = pending_.key(pending_.entries.back()) < pending_.key(entry);
  pending_.entries.push_back(entry);
  max_time_ = std::max(max_time_.value_or(r.time), r.time);
  return absl::OkStatus();
}

void StoreHistory::Records::Sort() {
  if (sorted) return;
  std::stable_sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) { return key(a) < key(b); });
  // Of equal keys keep the last appended (stable: it is the last of its run).
  std::vector<Entry> unique;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i + 1 < entries.size() && key(entries[i]) == key(entries[i + 1])) continue;
    unique.push_back(entries[i]);
  }
  entries = std::move(unique);
  sorted = true;
}

std::vector<std::pair<std::string_view, std::string_view>> StoreHistory::Unwritten(std::string_view begin,
                                                                                    std::string_view end) const {
  pending_.Sort();
  in_flight_.Sort();
  auto from = [&](const Records& records) {
    return std::lower_bound(records.entries.begin(), records.entries.end(), begin,
                            [&](const Records::Entry& e, std::string_view k) { return records.key(e) < k; });
  };
  auto p = from(pending_);
  auto f = from(in_flight_);
  std::vector<std::pair<std::string_view, std::string_view>> out;
  for (;;) {
    const bool more_p = p != pending_.entries.end() && pending_.key(*p) < end;
    const bool more_f = f != in_flight_.entries.end() && in_flight_.key(*f) < end;
    if (!more_p && !more_f) return out;
    if (more_f && (!more_p || in_flight_.key(*f) < pending_.key(*p))) {
      out.emplace_back(in_flight_.key(*f), in_flight_.value(*f));
      ++f;
      continue;
    }
    if (more_f && in_flight_.key(*f) == pending_.key(*p)) ++f;  // replaced by the later append
    out.emplace_back(pending_.key(*p), pending_.value(*p));
    ++p;
  }
}

absl::Status StoreHistory::Scan(int64_t from, int64_t to, std::optional<std::string_view> tenant,
                                absl::FunctionRef<void(const HistoryRecord&)> visit) const {
  from = std::max(from, retained_from_);
  if (from > to) return absl::OkStatus();
  const std::string begin = RecordKey(from, EventSource{INT32_MIN, INT64_MIN});
  const std::string end = to == INT64_MAX ? PrefixEnd(KindPrefix('h', partition_))
                                          : RecordKey(to + 1, EventSource{INT32_MIN, INT64_MIN});
  // Records not known to be written are merged in key order (one replaces a
  // stored record with the same key).
  const auto unwritten = Unwritten(begin, end);
  auto next = unwritten.begin();
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
  auto emit_unwritten_before = [&](std::string_view key) {
    for (; next != unwritten.end() && next->first < key; ++next) emit(next->first, next->second);
  };
  const absl::Status scanned =
      store_.ScanRange(Family::kHistory, begin, end, [&](std::string_view key, std::string_view value) {
        emit_unwritten_before(key);
        if (next != unwritten.end() && next->first == key) return true;  // replaced; emitted next
        return emit(key, value);
      });
  if (!scanned.ok()) return scanned;
  emit_unwritten_before(end);
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
  for (const Records::Entry& e : pending_.entries) {
    if (pending_.key(e) < retained) continue;  // appended, then expired
    batch->Put(Family::kHistory, pending_.key(e), pending_.value(e));
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
  // The batch before the one just committed was written: its records go.
  std::swap(in_flight_, pending_);
  pending_.entries.clear();  // the buffers are kept for the next records
  pending_.bytes.clear();
  pending_.sorted = true;
  expire_pending_ = false;
}

}  // namespace alert::engine
