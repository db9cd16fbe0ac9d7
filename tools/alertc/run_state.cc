#include "tools/alertc/run_state.h"

#include <filesystem>
#include <iostream>
#include <map>

#include "engine/state/codec.h"
#include "engine/state/rule_records.h"

namespace alert::alertc {
namespace {

using engine::Family;

// The run's own record in the offsets family: its input and the malformed
// lines among those the state includes.
constexpr std::string_view kInputKey = "alertc.input";

std::string InputName(const std::string& events) {
  if (events == "-") return "-";
  std::error_code error;
  const auto absolute = std::filesystem::weakly_canonical(events, error);
  return error ? events : absolute.string();
}

}  // namespace

absl::StatusOr<std::unique_ptr<RunState>> RunState::Open(const std::string& dir, const std::string& events) {
  std::unique_ptr<RunState> state(new RunState());
  auto store = engine::RocksStore::Open(dir);
  if (!store.ok()) return store.status();
  state->store_ = std::move(*store);
  state->input_ = InputName(events);
  auto input = state->store_->Get(Family::kOffsets, kInputKey);
  if (!input.ok()) return input.status();
  if (*input) {
    engine::Decoder in(**input);
    const std::string name = in.String();
    engine::BadEvents& bad = state->earlier_bad_;
    bad.malformed = in.U64();
    bad.invalid_json = in.U64();
    bad.oversized = in.U64();
    bad.too_deep = in.U64();
    if (!in.ok() || !in.done()) return absl::DataLossError("corrupt run record in " + dir);
    if (name != state->input_) {
      return absl::FailedPreconditionError(dir + " holds the state of a run over " + name + ", not " +
                                           state->input_);
    }
    state->resumed_ = true;
  }
  auto history = engine::StoreHistory::Open(*state->store_, 0);
  if (!history.ok()) return history.status();
  state->history_ = std::move(*history);
  state->code_cache_ = std::make_unique<engine::StoreCodeCache>(*state->store_);
  state->writer_ = std::make_unique<engine::BackgroundWriter>(*state->store_);
  return state;
}

absl::StatusOr<std::vector<int64_t>> RunState::ApplyRules(const std::vector<checked::Rule>& rules) {
  auto stored = engine::LoadRuleRecords(*store_);
  if (!stored.ok()) return stored.status();
  std::map<std::string, engine::RuleRecord> by_key;
  for (auto& record : *stored) by_key.emplace(engine::RuleRecordKey(record.tenant, record.id), std::move(record));
  std::vector<int64_t> versions;
  for (const checked::Rule& rule : rules) {
    const std::string key = engine::RuleRecordKey(rule.tenant, rule.id);
    engine::RuleRecord record{rule.tenant, rule.id, 1, rule.source, false};
    if (const auto it = by_key.find(key); it != by_key.end()) {
      record.version = it->second.source == rule.source ? it->second.version : it->second.version + 1;
      record.paused = it->second.paused;
      const bool same = it->second.source == rule.source;
      by_key.erase(it);
      if (same) {
        versions.push_back(record.version);
        continue;
      }
    }
    engine::PutRuleRecord(record, &rule_changes_);
    versions.push_back(record.version);
  }
  for (const auto& [key, record] : by_key) engine::DeleteRuleRecord(record.tenant, record.id, &rule_changes_);
  return versions;
}

absl::Status RunState::Checkpoint(engine::Engine& engine, const engine::StreamStats& so_far) {
  // The previous batch is written before this one is built: Committed below
  // then lets the engine drop what that one held.
  if (auto written = Finish(); !written.ok()) return written;
  engine::WriteBatch batch = rule_changes_;
  if (auto checkpointed = engine.Checkpoint(&batch); !checkpointed.ok()) return checkpointed;
  engine::Encoder input;
  input.String(input_);
  engine::BadEvents bad = earlier_bad_;
  bad.Add(so_far.bad);
  input.U64(bad.malformed);
  input.U64(bad.invalid_json);
  input.U64(bad.oversized);
  input.U64(bad.too_deep);
  batch.Put(Family::kOffsets, std::string(kInputKey), input.Take());
  std::cout.flush();
  if (auto submitted = writer_->Submit(std::move(batch)); !submitted.ok()) return submitted;
  engine.Committed();
  rule_changes_ = engine::WriteBatch();
  return absl::OkStatus();
}

absl::Status RunState::Finish() {
  const absl::Status written = writer_->Wait();
  if (written.ok()) return written;
  return absl::Status(written.code(), "cannot write the state: " + std::string(written.message()));
}

}  // namespace alert::alertc
