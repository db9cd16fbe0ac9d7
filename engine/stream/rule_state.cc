// A rule's state as bytes (engine/state/state_store.h): one value for the
// rule itself and one per group key, so that a store can hold and update
// keys independently.

#include <map>

#include "engine/state/codec.h"
#include "engine/stream/rule_runner.h"

namespace alert::engine {
namespace {

constexpr uint64_t kFormat = 1;

}  // namespace

void RuleRunner::Save(const std::string& prefix, WriteBatch* batch) const {
  Encoder meta;
  meta.U64(kFormat);
  meta.String(rule_.source);
  meta.I64(start_);
  meta.I64(closed_through_);
  for (uint64_t c : {counters_.matched, counters_.late_events, counters_.duplicates, counters_.untimed_events,
                     counters_.fired, counters_.resolved}) {
    meta.U64(c);
  }
  meta.U64(dedupe_order_.size());
  for (const auto& [time, value] : dedupe_order_) {
    meta.I64(time);
    meta.String(value);
  }
  meta.U64(replayed_.size());
  for (const auto& [partition, offset] : replayed_) {
    meta.I64(partition);
    meta.I64(offset);
  }
  batch->Put(prefix + "m", meta.Take());

  std::map<std::string_view, std::vector<const Closing*>> closing_by_key;
  for (const Closing& c : closing_) closing_by_key[*c.key].push_back(&c);
  for (const auto& [key, ks] : keys_) {
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
        out.U64(path);
        out.String(text);
      }
      out.U64(x.series.size());
      for (const auto& series : x.series) series.Encode(out);
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
    const auto closings = closing_by_key.find(key);
    const size_t n = closings == closing_by_key.end() ? 0 : closings->second.size();
    out.U64(n);
    for (size_t i = 0; i < n; ++i) {
      out.I64(closings->second[i]->start);
      out.I64(closings->second[i]->end);
    }
    batch->Put(prefix + "k/" + key, out.Take());
  }
}

absl::Status RuleRunner::Load(const std::string& prefix, const StateStore& store) {
  auto meta_bytes = store.Get(prefix + "m");
  if (!meta_bytes.ok()) return meta_bytes.status();
  if (!*meta_bytes) return absl::OkStatus();  // nothing saved: a new rule
  Decoder meta(**meta_bytes);
  if (meta.U64() != kFormat || meta.String() != rule_.source) return absl::OkStatus();  // changed: start afresh
  auto corrupt = [&](std::string_view what) {
    return absl::DataLossError("corrupt state of rule " + rule_.id + ": " + std::string(what));
  };
  start_ = meta.I64();
  closed_through_ = meta.I64();
  for (uint64_t* c : {&counters_.matched, &counters_.late_events, &counters_.duplicates, &counters_.untimed_events,
                      &counters_.fired, &counters_.resolved}) {
    *c = meta.U64();
  }
  const uint64_t dedupe = meta.Count();
  for (uint64_t i = 0; i < dedupe && meta.ok(); ++i) {
    const int64_t time = meta.I64();
    std::string value = meta.String();
    dedupe_.emplace(value, time);
    dedupe_order_.emplace_back(time, std::move(value));
  }
  const uint64_t replayed = meta.Count();
  for (uint64_t i = 0; i < replayed && meta.ok(); ++i) {
    const auto partition = static_cast<int32_t>(meta.I64());
    replayed_[partition] = meta.I64();
  }
  if (!meta.ok()) return corrupt("rule");

  bool ok = true;
  const std::string keys_prefix = prefix + "k/";
  auto scanned = store.Scan(keys_prefix, [&](std::string_view stored_key, std::string_view value) {
    const std::string key(stored_key.substr(keys_prefix.size()));
    Decoder in(value);
    KeyState& ks = keys_[key];
    const std::string& key_bytes = keys_.find(key)->first;
    ok = in.U64() == kFormat;
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
        const auto path = static_cast<uint32_t>(in.U64());
        x.paths.emplace_back(path, in.String());
      }
      const uint64_t series = in.Count();
      if (series > series_path_.size()) ok = false;
      x.series.resize(series);
      for (uint64_t i = 0; i < series && ok && in.ok(); ++i) ok = x.series[i].Decode(in);
    }
    const uint64_t windows = in.Count();
    for (uint64_t i = 0; i < windows && ok && in.ok(); ++i) {
      Window w;
      w.start = in.I64();
      w.end = in.I64();
      w.total = AggregateSet(rule_.aggregates, options_.aggregates);
      ok = w.total.Decode(in);
      if (in.Bool()) {
        w.sensors = std::make_unique<std::map<std::string, AggregateSet, std::less<>>>();
        const uint64_t sensors = in.Count();
        for (uint64_t j = 0; j < sensors && ok && in.ok(); ++j) {
          std::string sensor = in.String();
          AggregateSet set(rule_.aggregates, options_.aggregates);
          ok = set.Decode(in);
          w.sensors->emplace(std::move(sensor), std::move(set));
        }
      }
      w.sample_ids = in.String();
      EmplaceWindow(ks, std::move(w));
    }
    const uint64_t closings = in.Count();
    for (uint64_t i = 0; i < closings && in.ok(); ++i) {
      const int64_t start = in.I64();
      Schedule(ks, key_bytes, start, in.I64());
    }
    if (kind_ == Kind::kAbsent && ks.extras && ks.extras->last_match && !ks.firing) {
      waiting_.emplace(*ks.extras->last_match, key_bytes);
    }
    ok = ok && in.ok() && in.done();
    return ok;
  });
  if (!scanned.ok()) return scanned;
  if (!ok) return corrupt("a group key");
  restored_ = true;
  return absl::OkStatus();
}

}  // namespace alert::engine
