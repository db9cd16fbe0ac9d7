// libFuzzer target over events: NDJSON bytes through the windowed engine
// with rules that use every window kind, aggregate, baseline, sensor,
// timer, dedupe set and template. Hostile events (broken JSON, extreme or
// missing times, odd types, huge keys) must never crash, hang or leak. The
// oracle: stopping after half the events, checkpointing, restoring into a
// fresh engine and going on gives exactly the notifications of one run.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/sema/check.h"
#include "engine/source/event_parser.h"
#include "engine/state/state_store.h"
#include "engine/rules/new_engine.h"
#include "engine/stream/engine.h"

namespace {

constexpr char kRules[] = R"(
rule every { when $.kind == "a" message "{{$.user}} {{key}} {{count}}" labels { who: "{{rule}}" } }
rule tumbling {
  when exists $.v group by $.k, $.user window tumbling 10s lateness 5s
  fire when count() >= 2 && sum($.v) > 1 && avg($.v) >= min($.v) && max($.v) >= 0
  clear when count() == 0
  message "{{value}} at {{window.start}}-{{window.end}} for {{key.0}}"
}
rule sliding {
  when $.v > 0 group by $.k window sliding 30s every 10s
  fire when stddev($.v) >= 0 && count_distinct($.user) >= 2 && percentile($.v, 50%) > 0 && rate() > 0
}
rule session { when exists $.user group by $.user window session gap 5s fire when count_if($.v > 1) >= 2 for 2 windows }
rule sensors { when $.bad == true group by $.k window tumbling 10s fire when count() >= 1 across at least 50% of $.agent }
rule sensors_k { when $.bad == true group by $.k window tumbling 10s fire when last($.v) != null across at least 2 distinct $.agent }
rule spike { when zscore($.v, 1m) > 2 || $.v > mean($.v, 1m) + 3 * stddev($.v, 1m) group by $.k }
rule silent { when exists $.k group by $.k fire when absent for 20s }
rule deduped { when exists $.k dedupe by $.id group by $.k fire when count() >= 3 }
rule scoped { scope tenant "t1" when $.v >= 0 time $.at window tumbling 1m fire when count() > 1 }
)";

std::vector<alert::checked::Rule> Rules() {
  auto checked = alert::sema::CheckSource(alert::diag::Source("fuzz.alert", kRules));
  if (checked.diagnostics.HasErrors()) __builtin_trap();
  return std::move(checked.rules);
}

std::unique_ptr<alert::engine::Engine> NewEngine() {
  alert::engine::EngineOptions options;
  options.tenant_path = "$.t";
  options.time_path = "$.ts";
  options.event_id_path = "$.id";
  options.runner.aggregates.percentile_exact = 4;  // reach the sketch
  options.runner.dedupe_max_values = 8;
  options.clock = [] { return int64_t{0}; };
  alert::engine::RuleSetOptions rules;
  rules.engine = alert::engine::RuleSetOptions::Engine::kInterp;  // no JIT per input: fast
  auto engine = alert::engine::NewEngine(Rules(), options, nullptr, rules);
  if (!engine.ok()) __builtin_trap();
  std::vector<alert::engine::Notification> none;
  if (!(*engine)->Install(&none).ok()) __builtin_trap();
  return std::move(*engine);
}

// Feeds lines [from, to) and appends the notifications as JSON.
void Feed(alert::engine::Engine& engine, const std::vector<std::string>& lines, size_t from, size_t to,
          std::string* out) {
  alert::engine::EventParser parser(alert::engine::EventLimits{4096, 16});
  alert::engine::BadEvents bad;
  std::string reason;
  std::vector<alert::engine::Notification> decided;
  std::string padded;
  for (size_t i = from; i < to; ++i) {
    padded = lines[i];
    padded.append(simdjson::SIMDJSON_PADDING, ' ');  // the parser reads past the line
    simdjson::dom::element event;
    const std::string_view line(padded.data(), lines[i].size());
    if (parser.Parse(line, &event, &bad, &reason) != alert::engine::EventParser::Outcome::kEvent) continue;
    if (!engine.Process(event, lines[i], static_cast<int64_t>(i), &decided).ok()) __builtin_trap();
  }
  for (const auto& n : decided) *out += n.ToJson() + "\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> lines;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  while (!input.empty() && lines.size() < 200) {
    const size_t end = std::min(input.find('\n'), input.size());
    lines.emplace_back(input.substr(0, end));
    input.remove_prefix(std::min(end + 1, input.size()));
  }
  std::string whole, halves;
  Feed(*NewEngine(), lines, 0, lines.size(), &whole);

  // Checkpointed (as deltas) after a quarter and after half of the lines.
  alert::engine::MemoryStateStore store;
  const size_t half = lines.size() / 2;
  {
    auto first = NewEngine();
    for (const auto [from, to] : {std::pair{size_t{0}, half / 2}, std::pair{half / 2, half}}) {
      Feed(*first, lines, from, to, &halves);
      alert::engine::WriteBatch batch;
      if (!first->Checkpoint(&batch).ok() || !store.Write(batch).ok()) __builtin_trap();
      first->Committed();
    }
  }
  auto second = NewEngine();
  if (!second->Restore(store).ok()) __builtin_trap();
  Feed(*second, lines, half, lines.size(), &halves);
  if (whole != halves) __builtin_trap();  // a checkpoint lost or changed state
  return 0;
}
