// POST /try: a rule text and sample events through a fresh engine, as
// `alertc test` runs a scenario, for the playground. The body is JSON:
//
//   {"source": "rule r { ... }",
//    "events": [{...}, ...] | "one JSON event per line",
//    "settings": {"time_path": "$.ts", ...}}       (optional: `alertc run --set`'s keys)
//
// The answer: {"ok", "diagnostics", "explain", "events": [{"index", "matched": [rule ids]} |
// {"index", "error"}], "notifications": [...], "counts": {...}}. The engine
// is the reference interpreter (decisions are the native code's, without a
// compile per request), its history in memory. Bounded: at most
// kMaxTryEvents events (413 beyond) and kTryBudget of work (422 beyond).

#include <chrono>

#include <fmt/format.h>
#include <simdjson.h>

#include "compiler/checked/print.h"
#include "compiler/sema/check.h"
#include "daemon/http/api.h"
#include "engine/rules/new_engine.h"
#include "engine/run/settings.h"
#include "engine/source/event_parser.h"
#include "runtime/json/json_string.h"

namespace alert::daemon {
namespace {

// The sample events of a request body, as text, one per event.
absl::StatusOr<std::vector<std::string>> SampleEvents(simdjson::dom::element events) {
  std::vector<std::string> out;
  std::string_view text;
  simdjson::dom::array array;
  if (!events.get(text)) {
    for (size_t at = 0; at <= text.size();) {
      const size_t end = std::min(text.find('\n', at), text.size());
      const std::string_view line = text.substr(at, end - at);
      if (!engine::BlankLine(line)) out.emplace_back(line);
      at = end + 1;
      if (out.size() > Api::kMaxTryEvents) break;
    }
  } else if (!events.get(array)) {
    for (simdjson::dom::element e : array) {
      out.push_back(simdjson::minify(e));
      if (out.size() > Api::kMaxTryEvents) break;
    }
  } else {
    return absl::InvalidArgumentError("events must be an array of events or a string of NDJSON");
  }
  return out;
}

}  // namespace

HttpResponse Api::Try(const HttpRequest& request) const {
  const auto deadline = std::chrono::steady_clock::now() + kTryBudget;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(request.body).get(root)) return ErrorResponse(400, "the body must be a JSON object");
  std::string_view rules_text;
  if (root["source"].get(rules_text)) return ErrorResponse(400, "source (the rule text, a string) is missing");
  simdjson::dom::element events_json;
  if (root["events"].get(events_json)) return ErrorResponse(400, "events (an array, or NDJSON text) is missing");
  auto samples = SampleEvents(events_json);
  if (!samples.ok()) return ErrorResponse(400, std::string(samples.status().message()));
  if (samples->size() > kMaxTryEvents) {
    return ErrorResponse(413, fmt::format("at most {} events can be tried at once", kMaxTryEvents));
  }
  engine::RunSettings settings = daemon_.config().engine;
  simdjson::dom::object overrides;
  if (!root["settings"].get(overrides)) {
    for (auto [key, value] : overrides) {
      std::string_view text;
      if (value.get(text)) return ErrorResponse(400, fmt::format("settings: {} must be a string", key));
      if (auto error = engine::ApplySetting(std::string(key) + "=" + std::string(text), &settings)) {
        return ErrorResponse(400, "settings: " + *error);
      }
    }
  }

  const diag::Source source("request", std::string(rules_text));
  sema::CheckResult checked = sema::CheckSource(source);
  std::string body = fmt::format("{{\"ok\":{},\"diagnostics\":{},\"explain\":[", !checked.diagnostics.HasErrors(),
                                 diag::RenderJson(source, checked.diagnostics.items()));
  for (size_t i = 0; i < checked.rules.size(); ++i) {
    body += fmt::format("{}{{\"rule_id\":{},\"text\":{}}}", i ? "," : "", json::Quote(checked.rules[i].id),
                        json::Quote(checked::PrintRule(checked.rules[i])));
  }
  body += "]";
  if (checked.diagnostics.HasErrors()) return HttpResponse{200, "application/json", body + ",\"events\":[],\"notifications\":[]}"};

  engine::EngineOptions options = engine::EngineOptionsOf(settings);
  engine::MemoryHistory history;
  engine::RuleSetOptions rule_options;
  rule_options.engine = engine::RuleSetOptions::Engine::kInterp;
  auto created = engine::NewEngine(std::move(checked.rules), options, &history, rule_options);
  if (!created.ok()) return ErrorResponse(500, std::string(created.status().message()));
  engine::Engine& engine = **created;
  std::vector<engine::Notification> decided;
  if (auto installed = engine.Install(&decided); !installed.ok()) return ErrorResponse(500, std::string(installed.message()));

  const uint32_t rules = engine.rules().capacity();
  std::vector<uint64_t> matched_before(rules, 0);
  engine::EventParser event_parser(engine::EventLimits{settings.max_event_bytes, settings.max_depth});
  engine::BadEvents bad;
  std::string padded, events = "[";
  for (size_t i = 0; i < samples->size(); ++i) {
    if (std::chrono::steady_clock::now() > deadline) {
      return ErrorResponse(422, fmt::format("the events took more than {} ms (stopped at event {}): try fewer",
                                            kTryBudget.count(), i));
    }
    const std::string& text = (*samples)[i];
    padded.assign(text);
    padded.append(simdjson::SIMDJSON_PADDING, '\0');
    const std::string_view json(padded.data(), text.size());
    simdjson::dom::element event;
    std::string reason;
    events += i ? "," : "";
    if (event_parser.Parse(json, &event, &bad, &reason) != engine::EventParser::Outcome::kEvent) {
      events += fmt::format("{{\"index\":{},\"error\":{}}}", i, json::Quote(reason));
      continue;
    }
    if (auto processed = engine.Process(event, json, static_cast<int64_t>(i), &decided); !processed.ok()) {
      return ErrorResponse(500, std::string(processed.message()));
    }
    events += fmt::format("{{\"index\":{},\"matched\":[", i);
    bool first = true;
    for (uint32_t id = 0; id < rules; ++id) {
      const engine::RuleCounters* counters = engine.rule_counters(id);
      if (!counters || counters->matched == matched_before[id]) continue;
      matched_before[id] = counters->matched;
      events += (first ? "" : ",") + json::Quote(engine.rules().rule(id)->rule->id);
      first = false;
    }
    events += "]}";
  }
  body += ",\"events\":" + events + "],\"notifications\":[";
  for (size_t i = 0; i < decided.size(); ++i) body += (i ? "," : "") + decided[i].ToJson();
  const engine::EngineStats stats = engine.stats();
  body += fmt::format("],\"counts\":{{\"events\":{},\"malformed\":{},\"matched\":{},\"alerts_fired\":{},"
                      "\"alerts_resolved\":{},\"late\":{},\"open_windows\":{}}}}}",
                      samples->size(), bad.malformed, stats.matched, stats.alerts_fired, stats.alerts_resolved,
                      stats.late_events, stats.open_windows);
  return HttpResponse{200, "application/json", body};
}

}  // namespace alert::daemon
