#include "engine/scenario/scenario.h"

#include "engine/rules/new_engine.h"
#include "engine/run/settings.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <simdjson.h>

#include "compiler/diag/diagnostic.h"
#include "compiler/sema/check.h"
#include "engine/history/history_store.h"
#include "engine/stream/engine.h"
#include "runtime/json/write_value.h"

namespace alert::engine {
namespace {

// A notification as scenarios compare it.
struct Alert {
  std::optional<int64_t> after_event;  // null: decided during a backfill
  std::string rule;
  std::string key;    // canonical JSON array
  std::string state;  // firing | resolved
  std::optional<std::pair<int64_t, int64_t>> window;

  std::string What() const { return fmt::format("{} {} {}", rule, key, state); }
  std::string Window() const {
    return window ? fmt::format("window [{}, {})", window->first, window->second) : "no window";
  }
  std::string Describe() const { return What() + ", " + Window(); }
};

std::string EventText(const std::vector<std::string>& events, std::optional<int64_t> index) {
  if (!index) return "during the backfill";
  std::string text = *index >= 0 && static_cast<size_t>(*index) < events.size() ? events[*index] : "?";
  if (text.size() > 160) text = text.substr(0, 157) + "...";
  return fmt::format("after event {} {}", *index, text);
}

// `e` cut for a message.
std::string Shown(simdjson::dom::element e) {
  std::string text = simdjson::minify(e);
  if (text.size() > 160) text = text.substr(0, 157) + "...";
  return text;
}

// An expected alert, checked against the scenario's `event_count` events.
std::optional<Alert> ExpectedAlert(simdjson::dom::element e, size_t event_count, std::string* error) {
  Alert a;
  simdjson::dom::element after, key, window;
  std::string_view rule, state;
  simdjson::dom::object fields;
  if (e.get(fields) || e["rule"].get(rule) || e["state"].get(state) || e["key"].get(key) || e["after_event"].get(after)) {
    *error = "an expected alert is an object with rule, key, state and after_event: " + Shown(e);
    return std::nullopt;
  }
  for (auto [field, value] : fields) {
    if (field != "rule" && field != "state" && field != "key" && field != "after_event" && field != "window") {
      *error = fmt::format("an expected alert has no field '{}' (rule, key, state, after_event, window): {}", field,
                           Shown(e));
      return std::nullopt;
    }
  }
  if (state != "firing" && state != "resolved") {
    *error = "state must be \"firing\" or \"resolved\": " + Shown(e);
    return std::nullopt;
  }
  a.rule = std::string(rule);
  a.state = std::string(state);
  a.key = json::CanonicalJson(Value::Of(key));
  if (!after.is_null()) {
    int64_t index = 0;
    if (after.get(index) || index < 0 || static_cast<uint64_t>(index) >= event_count) {
      *error = fmt::format("after_event must be null or the index of one of the {} events (0 to {}): {}", event_count,
                           event_count == 0 ? 0 : event_count - 1, Shown(e));
      return std::nullopt;
    }
    a.after_event = index;
  }
  if (!e["window"].get(window)) {
    int64_t start = 0, end = 0;
    simdjson::dom::array bounds;
    if (window.get(bounds) || bounds.size() != 2 || bounds.at(0).get(start) || bounds.at(1).get(end) || start >= end) {
      *error = "window must be [start, end] with start < end: " + Shown(e);
      return std::nullopt;
    }
    a.window = std::make_pair(start, end);
  }
  return a;
}

Alert ActualAlert(const Notification& n) {
  Alert a;
  if (!n.backfill) a.after_event = n.source.offset;
  a.rule = n.rule;
  a.key = n.key;
  a.state = StateName(n.state);
  if (n.has_window && n.window_end) a.window = std::make_pair(n.window_start, *n.window_end);
  return a;
}

std::optional<uint64_t> Counter(const EngineStats& s, std::string_view name) {
  if (name == "events") return s.events;
  if (name == "matched") return s.matched;
  if (name == "late_events") return s.late_events;
  if (name == "duplicates") return s.duplicates;
  if (name == "untimed_events") return s.untimed_events;
  if (name == "alerts_fired") return s.alerts_fired;
  if (name == "alerts_resolved") return s.alerts_resolved;
  if (name == "malformed_events") return 0;  // scenario events are JSON values
  return std::nullopt;
}

// Missing and unexpected alerts, event by event; a missing and an unexpected
// one of the same rule, key and state are reported as one change.
void Compare(const std::vector<Alert>& expected, const std::vector<Alert>& actual,
             const std::vector<std::string>& events, std::vector<std::string>* problems) {
  using Group = std::multimap<std::string, const Alert*>;
  std::map<std::optional<int64_t>, std::pair<Group, Group>> by_event;
  for (const Alert& a : expected) by_event[a.after_event].first.emplace(a.Describe(), &a);
  for (const Alert& a : actual) by_event[a.after_event].second.emplace(a.Describe(), &a);
  std::vector<const Alert*> missing, unexpected;
  for (auto& [event, groups] : by_event) {
    auto& [want, got] = groups;
    for (const auto& [text, alert] : want) {
      auto it = got.find(text);
      if (it != got.end()) {
        got.erase(it);
      } else {
        missing.push_back(alert);
      }
    }
    for (const auto& [text, alert] : got) unexpected.push_back(alert);
  }
  for (const Alert* m : missing) {
    auto same = std::find_if(unexpected.begin(), unexpected.end(), [&](const Alert* u) { return u->What() == m->What(); });
    if (same == unexpected.end()) {
      problems->push_back(fmt::format("missing: {}, expected {}", m->Describe(), EventText(events, m->after_event)));
      continue;
    }
    problems->push_back(fmt::format("changed: {}: expected {} {}, got {} {}", m->What(), m->Window(),
                                    EventText(events, m->after_event), (*same)->Window(),
                                    EventText(events, (*same)->after_event)));
    unexpected.erase(same);
  }
  for (const Alert* u : unexpected) {
    problems->push_back(fmt::format("unexpected: {}, {}", u->Describe(), EventText(events, u->after_event)));
  }
}

}  // namespace

ScenarioResult RunScenario(std::string_view json, const std::string& file, const ScenarioOptions& options) {
  ScenarioResult result;
  result.name = std::filesystem::path(file).stem().string();
  auto fail = [&](std::string problem) {
    result.problems.push_back(std::move(problem));
    return result;
  };
  auto invalid = [&](std::string problem) {
    result.invalid = true;
    return fail("not a valid scenario: " + std::move(problem));
  };
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (auto error = parser.parse(padded).get(root)) {
    return invalid(std::string("invalid JSON: ") + simdjson::error_message(error));
  }
  simdjson::dom::object top;
  if (root.get(top)) return invalid("a scenario is a JSON object");
  for (auto [field, value] : top) {
    static constexpr std::string_view kFields[] = {"name", "description", "rules", "config",
                                                   "history", "events", "expected", "expected_stats"};
    if (std::find(std::begin(kFields), std::end(kFields), field) == std::end(kFields)) {
      return invalid(fmt::format("unknown field '{}' (name, description, rules, config, history, events, expected, "
                                 "expected_stats)",
                                 field));
    }
  }
  std::string_view name;
  if (!root["name"].get(name)) result.name = std::string(name);
  std::string_view rules_text;
  simdjson::dom::array events, expected;
  if (root["rules"].get(rules_text) || root["events"].get(events) || root["expected"].get(expected)) {
    return invalid("it needs \"rules\" (a string), \"events\" and \"expected\" (arrays)");
  }
  simdjson::dom::element optional_field;
  for (const char* field : {"config", "expected_stats"}) {
    if (!root[field].get(optional_field) && !optional_field.is_object()) {
      return invalid(fmt::format("\"{}\" must be an object", field));
    }
  }
  if (!root["history"].get(optional_field) && !optional_field.is_array()) {
    return invalid("\"history\" must be an array");
  }
  // Every expected alert is read before the run, so a bad one is reported
  // as such rather than as a difference.
  std::vector<Alert> want;
  for (simdjson::dom::element e : expected) {
    std::string error;
    auto alert = ExpectedAlert(e, events.size(), &error);
    if (!alert) return invalid(error);
    want.push_back(std::move(*alert));
  }

  // The config takes the settings of `alertc run --set`, values as strings.
  RunSettings settings;
  simdjson::dom::object config;
  if (!root["config"].get(config)) {
    for (auto [setting, value] : config) {
      std::string_view text;
      if (value.get(text)) return invalid(fmt::format("config: {} must be a string", setting));
      if (auto error = ApplySetting(std::string(setting) + "=" + std::string(text), &settings)) {
        return invalid("config: " + *error);
      }
    }
  }
  EngineOptions engine_options = EngineOptionsOf(settings);
  engine_options.clock = [] { return int64_t{0}; };

  const diag::Source source(file + " (rules)", std::string(rules_text));
  sema::CheckResult checked = sema::CheckSource(source);
  if (checked.diagnostics.HasErrors()) {
    for (const diag::Diagnostic& d : checked.diagnostics) {
      if (d.severity == diag::Severity::kError) result.problems.push_back(diag::RenderText(source, d));
    }
    return result;
  }
  MemoryHistory history;
  RuleSetOptions rule_set_options;
  rule_set_options.engine = options.engine;
  rule_set_options.tiered = false;  // a scenario is short: its rules decide natively from the first event
  auto created = NewEngine(std::move(checked.rules), engine_options, &history, rule_set_options);
  if (!created.ok()) return fail(std::string(created.status().message()));
  Engine& engine = **created;

  simdjson::dom::array history_events;
  if (!root["history"].get(history_events)) {
    int64_t i = 0;
    for (simdjson::dom::element e : history_events) {
      const std::string text = simdjson::minify(e);
      if (!engine.AddHistory(e, text, EventSource{-1, i++})) {
        return fail("history event without a time at the time path: " + text);
      }
    }
  }
  std::vector<Notification> decided;
  if (auto installed = engine.Install(&decided); !installed.ok()) return fail(std::string(installed.message()));
  std::vector<std::string> texts;
  int64_t offset = 0;
  for (simdjson::dom::element e : events) {
    texts.push_back(simdjson::minify(e));
    if (auto processed = engine.Process(e, texts.back(), offset++, &decided); !processed.ok()) {
      return fail(std::string(processed.message()));
    }
  }

  std::vector<Alert> got;
  for (const Notification& n : decided) got.push_back(ActualAlert(n));
  result.expected = want.size();
  result.actual = got.size();
  Compare(want, got, texts, &result.problems);

  simdjson::dom::object expected_stats;
  if (!root["expected_stats"].get(expected_stats)) {
    const EngineStats stats = engine.stats();
    for (auto [counter, value] : expected_stats) {
      uint64_t want_value = 0;
      const auto have = Counter(stats, counter);
      if (!have) {
        result.problems.push_back(fmt::format("expected_stats: unknown counter '{}'", counter));
      } else if (value.get(want_value)) {
        result.problems.push_back(fmt::format("expected_stats: {} must be a count", counter));
      } else if (*have != want_value) {
        result.problems.push_back(fmt::format("counter {}: expected {}, got {}", counter, want_value, *have));
      }
    }
  }
  result.passed = result.problems.empty();
  return result;
}

}  // namespace alert::engine
