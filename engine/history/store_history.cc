#include "engine/history/store_history.h"

#include <algorithm>
#include <atomic>

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
  key_.clear();
  AppendRecordKey(key_, r.time, r.source);
  // The value as Encoder::String writes tenant and event, put without
  // joining it first: no allocation per event but a chunk's.
  std::string tenant_size, json_size;  // a few bytes: no allocation
  AppendVarint(tenant_size, r.tenant.size());
  AppendVarint(json_size, r.json.size());
  const size_t value_size = tenant_size.size() + r.tenant.size() + json_size.size() + r.json.size();
  if (open_.empty() || !open_.back().batch->Fits(key_.size(), value_size)) {
    open_.push_back(Fresh(key_.size() + value_size + 32));
  }
  Records& records = open_.back();
  records.at.push_back(records.batch->PutJoined(Family::kHistory, key_, {tenant_size, r.tenant, json_size, r.json}));
  max_time_ = std::max(max_time_.value_or(r.time), r.time);
  return absl::OkStatus();
}

StoreHistory::Records StoreHistory::Fresh(size_t at_least) {
  Records fresh;
  if (!spare_.empty()) {
    fresh = std::move(spare_.back());
    spare_.pop_back();
  } else {
    fresh.batch = std::make_shared<WriteBatch>();
  }
  fresh.batch->Reserve(std::max(next_chunk_, at_least));
  next_chunk_ = std::min(next_chunk_ * 2, kChunk);
  return fresh;
}

std::vector<std::pair<std::string_view, std::string_view>> StoreHistory::Unwritten(std::string_view begin,
                                                                                    std::string_view end) const {
  // In append order (the batch last committed, those flushed since, the
  // open one), then sorted by key: of equal keys the last appended stays.
  std::vector<std::pair<std::string_view, std::string_view>> out;
  auto add = [&](const Records& records) {
    for (size_t at : records.at) {
      const WriteBatch::Op op = records.batch->At(at);
      if (op.key >= begin && op.key < end) out.emplace_back(op.key, op.value);
    }
  };
  for (const std::vector<Records>* chunks : {&in_flight_, &flushed_, &open_}) {
    for (const Records& records : *chunks) add(records);
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::pair<std::string_view, std::string_view>> unique;
  for (size_t i = 0; i < out.size(); ++i) {
    if (i + 1 < out.size() && out[i].first == out[i + 1].first) continue;
    unique.push_back(out[i]);
  }
  return unique;
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
  last_flushed_ = open_.size();
  for (Records& records : open_) flushed_.push_back(std::move(records));
  open_.clear();
  // Not copied: shared with the checkpoint's batch, and not changed again.
  for (const Records& records : flushed_) batch->Attach(records.batch);
  // After the records: it also removes those appended, then expired.
  if (expire_pending_) {
    batch->DeleteRange(Family::kHistory, KindPrefix('h', partition_),
                       RecordKey(retained_from_, EventSource{INT32_MIN, INT64_MIN}));
  }
  Encoder mark;
  mark.Bool(max_time_.has_value());
  mark.I64(max_time_.value_or(0));
  mark.I64(retained_from_);
  batch->Put(Family::kHistory, KindPrefix('m', partition_), mark.Take());
  return absl::OkStatus();
}

void StoreHistory::Committed() {
  // The batch before the one just committed was written: its records go,
  // and the memory of their chunks serves the next records, once nothing
  // else holds them (the writer lets go of a batch before it says it wrote it).
  for (Records& written : in_flight_) {
    if (spare_.size() >= last_flushed_ || written.batch.use_count() != 1) continue;
    std::atomic_thread_fence(std::memory_order_acquire);  // the writer's reads come before
    written.batch->Clear();
    written.at.clear();
    spare_.push_back(std::move(written));
  }
  in_flight_ = std::move(flushed_);
  flushed_.clear();
  expire_pending_ = false;
}

}  // namespace alert::engine
