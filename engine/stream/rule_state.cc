// A rule's state as bytes (engine/state/state_store.h): one value for the
// rule itself, one per group key, one per baseline sample and one per
// `dedupe by` value, so that a checkpoint writes what changed and no more.

#include <algorithm>

#include <absl/hash/hash.h>

#include "engine/state/codec.h"
#include "engine/stream/rule_runner.h"

namespace alert::engine {
namespace {

constexpr uint64_t kFormat = 2;
constexpr Family kState = Family::kState;

// A key's baseline series `series`: its samples follow this prefix.
std::string SeriesPrefix(const std::string& prefix, std::string_view key, size_t series) {
  std::string out = prefix + "b/";
  out += key;
  out += '\0';
  AppendOrdered32(out, static_cast<int32_t>(series));
  return out;
}

}  // namespace

void RuleRunner::SaveChanges(const std::string& prefix, WriteBatch* batch) {
  Encoder meta;
  meta.U64(kFormat);
  meta.String(*meaning_);
  meta.I64(start_);
  meta.I64(0);  // format 2's watermark of the last close, no longer used
  for (uint64_t c : {counters_.matched, counters_.late_events, counters_.duplicates, counters_.untimed_events,
                     counters_.fired, counters_.resolved}) {
    meta.U64(c);
  }
  meta.U64(dedupe_seq_);
  meta.U64(replayed_.size());
  for (const auto& [partition, offset] : replayed_) {
    meta.I64(partition);
    meta.I64(offset);
  }
  const std::string meta_bytes = meta.Take();
  saved_meta_ = absl::HashOf(meta_bytes) | 1;
  if (saved_meta_ != stored_meta_) batch->Put(kState, prefix + "m", meta_bytes);

  for (const DedupeChange& change : dedupe_changes_) {
    std::string key = prefix + "d/" + change.remembered.value;
    if (!change.put) {
      batch->Delete(kState, std::move(key));
      continue;
    }
    Encoder value;
    value.I64(change.remembered.time);
    value.U64(change.remembered.seq);
    batch->Put(kState, std::move(key), value.Take());
  }

  // In key order: RocksDB's memtable takes a run of ascending keys from one
  // writer far faster than keys in hash order.
  std::vector<const std::string*> dirty;
  dirty.reserve(dirty_.size());
  for (const std::string& key : dirty_) dirty.push_back(&key);
  std::sort(dirty.begin(), dirty.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
  for (const std::string* dirty_key : dirty) {
    const std::string& key = *dirty_key;
    const auto found = keys_.find(key);
    if (found == keys_.end()) {
      batch->Delete(kState, prefix + "k/" + key);
      if (!series_path_.empty()) batch->DeletePrefix(kState, prefix + "b/" + key + '\0');
      continue;
    }
    const KeyState& ks = found->second;
    Encoder out;
    out.U64(kFormat);
    out.String(tenants_[ks.tenant]);
    out.Bool(ks.firing);
    out.I64(ks.run);
    out.I64(ks.run_start);
    out.Bool(ks.extras != nullptr);
    if (ks.extras) {
      const KeyExtras& x = *ks.extras;
      out.Bool(x.last_match.has_value());
      out.I64(x.last_match.value_or(0));
      out.String(x.last_event_id);
      out.U64(x.paths.size());
      for (const auto& [path, text] : x.paths) {
        out.String(rule_->paths[path].text);
        out.String(text);
      }
      for (size_t i = 0; i < x.series.size(); ++i) {
        x.series[i].SaveChanges(SeriesPrefix(prefix, key, i), ks.fresh, kState, batch);
      }
    }
    out.U64(ks.windows.size());
    for (const auto& [start, w] : ks.windows) {
      out.I64(w.start);
      out.I64(w.end);
      w.total.Encode(out);
      out.Bool(w.sensors != nullptr);
      if (w.sensors) {
        out.U64(w.sensors->size());
        for (const auto& [sensor, set] : *w.sensors) {
          out.String(sensor);
          set.Encode(out);
        }
      }
      out.String(w.sample_ids);
    }
    // The key's scheduled closings other than its open windows' (which are
    // scheduled again with the windows): empty positions of firing keys and runs.
    out.U64(ks.empty_scheduled.size());
    for (const auto& [start, end] : ks.empty_scheduled) {
      out.I64(start);
      out.I64(end);
    }
    batch->Put(kState, prefix + "k/" + key, out.Take());
  }
}

void RuleRunner::Committed() {
  stored_meta_ = saved_meta_;
  for (const std::string& key : dirty_) {
    const auto found = keys_.find(key);
    if (found == keys_.end()) continue;
    KeyState& ks = found->second;
    ks.fresh = false;
    if (ks.extras) {
      for (BaselineSeries& series : ks.extras->series) series.Committed();
    }
  }
  dirty_.clear();
  dedupe_changes_.clear();
}

absl::Status RuleRunner::Load(const std::string& prefix, const StateStore& store) {
  auto meta_bytes = store.Get(kState, prefix + "m");
  if (!meta_bytes.ok()) return meta_bytes.status();
  if (!*meta_bytes) return absl::OkStatus();  // nothing saved: a new rule
  auto corrupt = [&](std::string_view what) {
    return absl::DataLossError("corrupt state of rule " + rule_->id + ": " + std::string(what));
  };
  Decoder meta(**meta_bytes);
  const uint64_t format = meta.U64();
  if (!meta.ok() || format == 0 || format > kFormat) return corrupt("rule format");
  // Another meaning (checked::MeaningOf): the rule starts afresh.
  if (format != kFormat || meta.String() != *meaning_) return absl::OkStatus();
  if (!DecodeRule(meta)) return corrupt("rule");

  bool ok = true;
  const std::string dedupe_prefix = prefix + "d/";
  auto scanned = store.Scan(kState, dedupe_prefix, [&](std::string_view key, std::string_view value) {
    return ok = DecodeDedupe(key.substr(dedupe_prefix.size()), value);
  });
  if (!scanned.ok()) return scanned;
  if (!ok) return corrupt("a dedupe value");
  std::sort(dedupe_order_.begin(), dedupe_order_.end(),
            [](const Remembered& a, const Remembered& b) { return a.seq < b.seq; });

  const std::string keys_prefix = prefix + "k/";
  scanned = store.Scan(kState, keys_prefix, [&](std::string_view key, std::string_view value) {
    return ok = DecodeKey(std::string(key.substr(keys_prefix.size())), value);
  });
  if (!scanned.ok()) return scanned;
  if (!ok) return corrupt("a group key");

  const std::string samples_prefix = prefix + "b/";
  scanned = store.Scan(kState, samples_prefix, [&](std::string_view key, std::string_view value) {
    return ok = DecodeSample(key.substr(samples_prefix.size()), value);
  });
  if (!scanned.ok()) return scanned;
  if (!ok) return corrupt("a baseline sample");

  for (auto& [key, ks] : keys_) {
    if (kind_ == Kind::kAbsent && ks.extras && ks.extras->last_match && !ks.firing) {
      waiting_.emplace(*ks.extras->last_match, key);
    }
  }
  restored_ = true;
  return absl::OkStatus();
}

bool RuleRunner::DecodeRule(Decoder& meta) {
  start_ = meta.I64();
  meta.I64();  // format 2's watermark of the last close, no longer used
  for (uint64_t* c : {&counters_.matched, &counters_.late_events, &counters_.duplicates, &counters_.untimed_events,
                      &counters_.fired, &counters_.resolved}) {
    *c = meta.U64();
  }
  dedupe_seq_ = meta.U64();
  const uint64_t replayed = meta.Count();
  for (uint64_t i = 0; i < replayed && meta.ok(); ++i) {
    const auto partition = static_cast<int32_t>(meta.I64());
    replayed_[partition] = meta.I64();
  }
  return meta.ok() && meta.done();
}

bool RuleRunner::DecodeDedupe(std::string_view value_text, std::string_view stored) {
  Decoder in(stored);
  Remembered r{in.I64(), in.U64(), std::string(value_text)};
  if (!in.ok() || !in.done() || r.seq >= dedupe_seq_ || !dedupe_.emplace(r.value, r.time).second) return false;
  dedupe_order_.push_back(std::move(r));
  return true;
}

bool RuleRunner::DecodeKey(const std::string& key, std::string_view value) {
  Decoder in(value);
  auto [node, added] = keys_.try_emplace(key);
  KeyState& ks = node->second;
  ks.fresh = false;
  const std::string& key_bytes = node->first;
  bool ok = in.U64() == kFormat;
  ks.tenant = TenantId(in.String());
  ks.firing = in.Bool();
  ks.run = in.I64();
  ks.run_start = in.I64();
  if (in.Bool()) {
    KeyExtras& x = ks.Extras();
    const bool has_last = in.Bool();
    const int64_t last = in.I64();
    if (has_last) x.last_match = last;
    x.last_event_id = in.String();
    const uint64_t paths = in.Count();
    for (uint64_t i = 0; i < paths && in.ok(); ++i) {
      const std::string path = in.String();
      std::string text = in.String();
      for (const auto& [id, slot] : slots_.template_paths) {
        if (rule_->paths[id].text == path) x.paths.emplace_back(id, std::move(text));
      }
    }
  }
  const uint64_t windows = in.Count();
  for (uint64_t i = 0; i < windows && ok && in.ok(); ++i) {
    Window w;
    w.start = in.I64();
    w.end = in.I64();
    w.total = AggregateSet(rule_->aggregates, options_.aggregates);
    ok = w.total.Decode(in);
    if (in.Bool()) {
      w.sensors = std::make_unique<std::map<std::string, AggregateSet, std::less<>>>();
      const uint64_t sensors = in.Count();
      for (uint64_t j = 0; j < sensors && ok && in.ok(); ++j) {
        std::string sensor = in.String();
        AggregateSet set(rule_->aggregates, options_.aggregates);
        ok = set.Decode(in);
        w.sensors->emplace(std::move(sensor), std::move(set));
      }
    }
    w.sample_ids = in.String();
    if (kind_ == Kind::kWindowed) Schedule(ks, key_bytes, w.start, w.end);
    EmplaceWindow(ks, std::move(w));
  }
  const uint64_t closings = in.Count();
  for (uint64_t i = 0; i < closings && in.ok(); ++i) {
    const int64_t start = in.I64();
    ScheduleEmpty(ks, key_bytes, start, in.I64());
  }
  return ok && added && in.ok() && in.done();
}

// b/<key>\0<series><time><arrival>, in key order.
bool RuleRunner::DecodeSample(std::string_view rest, std::string_view value) {
  const size_t nul = rest.find('\0');
  const auto node = nul == std::string_view::npos ? keys_.end() : keys_.find(absl::string_view(rest.data(), nul));
  if (node == keys_.end() || rest.size() < nul + 1 + 4 + 16) return false;
  uint32_t series = 0;
  for (size_t i = 0; i < 4; ++i) series = (series << 8) | static_cast<uint8_t>(rest[nul + 1 + i]);
  series ^= uint32_t{1} << 31;
  if (series >= series_path_.size()) return false;
  std::vector<BaselineSeries>& all = node->second.Extras().series;
  all.resize(series_path_.size());
  return all[series].LoadSample(rest.substr(nul + 5), value);
}

}  // namespace alert::engine
