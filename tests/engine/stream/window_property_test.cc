// Property: for random event streams delivered out of order, the count and
// sum of every window the engine closes equal a brute-force recomputation
// from LANGUAGE.md's definitions — tumbling, sliding and session windows,
// with lateness.
//
// The rule fires when a window closes with events and clears at the next
// close (`for 1 window` decides only at closes; `clear when` always holds),
// so every closed window with events yields exactly one notification
// carrying its aggregates.

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <tuple>

#include <fmt/format.h>
#include <simdjson.h>

#include "engine/rules/new_engine.h"
#include "tests/testing/rule_sets.h"
#include "tests/testing/rules.h"
#include "engine/stream/engine.h"

namespace alert::engine {
namespace {

struct Event {
  int64_t t;
  int key;
  std::optional<int64_t> v;  // missing or a string when nullopt
  bool string_value = false;
};

using WindowId = std::tuple<int, int64_t, int64_t>;  // key, start, end
struct Totals {
  int64_t count = 0, sum = 0;
  bool operator==(const Totals&) const = default;
};

std::vector<Event> RandomStream(std::mt19937_64& rng, int64_t disorder) {
  std::vector<Event> events;
  const int n = std::uniform_int_distribution<int>(1, 60)(rng);
  int64_t clock = std::uniform_int_distribution<int64_t>(-100000, 100000)(rng);
  for (int i = 0; i < n; ++i) {
    clock += std::uniform_int_distribution<int64_t>(0, 40000)(rng);
    Event e;
    e.t = clock - std::uniform_int_distribution<int64_t>(0, disorder)(rng);
    e.key = std::uniform_int_distribution<int>(0, 2)(rng);
    const int kind = std::uniform_int_distribution<int>(0, 9)(rng);
    if (kind == 0) {
      e.string_value = true;
    } else if (kind > 1) {
      e.v = std::uniform_int_distribution<int64_t>(-5, 20)(rng);
    }
    events.push_back(e);
  }
  return events;
}

std::string Json(const Event& e) {
  std::string v = e.v ? fmt::format(",\"v\":{}", *e.v) : e.string_value ? ",\"v\":\"7\"" : "";
  return fmt::format("{{\"ts\":{},\"k\":\"k{}\"{}}}", e.t, e.key, v);
}

// The engine's closed windows with events: (key, start, end) -> totals.
std::map<WindowId, Totals> EngineWindows(const std::string& window_clause, int64_t lateness,
                                         const std::vector<Event>& events) {
  const std::string rules = fmt::format(
      "rule r {{ when exists $.k group by $.k window {} {} "
      "fire when count() >= 1 && sum($.v) == sum($.v) for 1 window clear when count() >= 0 }}",
      window_clause, lateness > 0 ? fmt::format("lateness {}ms", lateness) : "");
  EngineOptions options;
  options.clock = [] { return int64_t{0}; };
  auto engine = NewEngine(testing::CheckedRules(rules), options, nullptr, testing::Synchronous());
  EXPECT_TRUE(engine.ok());
  std::vector<Notification> out;
  EXPECT_TRUE((*engine)->Install(&out).ok());
  simdjson::dom::parser parser;
  for (size_t i = 0; i < events.size(); ++i) {
    const std::string text = Json(events[i]);
    simdjson::padded_string padded(text);
    EXPECT_TRUE((*engine)->Process(parser.parse(padded).value(), text, static_cast<int64_t>(i), &out).ok());
  }
  std::map<WindowId, Totals> windows;
  simdjson::dom::parser values_parser;
  for (const Notification& n : out) {
    simdjson::padded_string values(n.values);
    simdjson::dom::element v = values_parser.parse(values).value();
    Totals totals{int64_t(v["count()"]), int64_t(v["sum($.v)"])};
    if (totals.count == 0) continue;  // an empty window after a firing one
    const int key = n.key[3] - '0';    // ["k0"]
    EXPECT_TRUE(windows.emplace(WindowId{key, n.window_start, *n.window_end}, totals).second)
        << "window reported twice: " << n.ToJson();
  }
  return windows;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Fixed windows by definition: event i joins each window [k·S, k·S + D)
// containing its time that the watermark (the highest time among events
// 0..i) has not closed; the windows reported are those closed at the end.
std::map<WindowId, Totals> BruteForceFixed(int64_t size, int64_t slide, int64_t lateness,
                                           const std::vector<Event>& events) {
  std::map<WindowId, Totals> windows;
  int64_t watermark = INT64_MIN / 2;
  for (const Event& e : events) {
    watermark = std::max(watermark, e.t);
    for (int64_t k = FloorDiv(e.t - size, slide) + 1; k * slide <= e.t; ++k) {
      const int64_t start = k * slide, end = start + size;
      if (watermark >= end + lateness) continue;  // closed: the event does not join it
      Totals& w = windows[{e.key, start, end}];
      ++w.count;
      w.sum += e.v.value_or(0);
    }
  }
  std::erase_if(windows, [&](const auto& w) { return watermark < std::get<2>(w.first) + lateness; });
  return windows;
}

// Sessions by definition, for streams whose disorder is within the lateness
// (no event is late): each key's events sorted by time, split where two
// neighbours are a gap or more apart; [first, last + gap), closed at the end.
std::map<WindowId, Totals> BruteForceSessions(int64_t gap, int64_t lateness, const std::vector<Event>& events) {
  std::map<int, std::vector<Event>> by_key;
  int64_t watermark = INT64_MIN / 2;
  for (const Event& e : events) {
    by_key[e.key].push_back(e);
    watermark = std::max(watermark, e.t);
  }
  std::map<WindowId, Totals> windows;
  for (auto& [key, list] : by_key) {
    std::stable_sort(list.begin(), list.end(), [](const Event& a, const Event& b) { return a.t < b.t; });
    size_t first = 0;
    for (size_t i = 1; i <= list.size(); ++i) {
      if (i < list.size() && list[i].t - list[i - 1].t < gap) continue;
      const int64_t start = list[first].t, end = list[i - 1].t + gap;
      if (watermark >= end + lateness) {
        Totals& w = windows[{key, start, end}];
        for (size_t j = first; j < i; ++j) {
          ++w.count;
          w.sum += list[j].v.value_or(0);
        }
      }
      first = i;
    }
  }
  return windows;
}

std::string Describe(const std::map<WindowId, Totals>& windows) {
  std::string text;
  for (const auto& [id, t] : windows) {
    text += fmt::format("  k{} [{}, {}): count {} sum {}\n", std::get<0>(id), std::get<1>(id), std::get<2>(id),
                        t.count, t.sum);
  }
  return text;
}

std::string Stream(const std::vector<Event>& events) {
  std::string text;
  for (const Event& e : events) text += Json(e) + "\n";
  return text;
}

std::string Mismatch(int round, int64_t lateness, const std::map<WindowId, Totals>& want,
                     const std::map<WindowId, Totals>& got, const std::vector<Event>& events) {
  return fmt::format("round {}, lateness {}\nexpected:\n{}engine:\n{}stream:\n{}", round, lateness, Describe(want),
                     Describe(got), Stream(events));
}

TEST(WindowProperty, TumblingCountsAndSumsEqualBruteForce) {
  std::mt19937_64 rng(1);
  for (int round = 0; round < 300; ++round) {
    const int64_t lateness = std::uniform_int_distribution<int64_t>(0, 2)(rng) * 15000;
    const auto events = RandomStream(rng, 90000);  // beyond the lateness: some events are late
    const auto want = BruteForceFixed(60000, 60000, lateness, events);
    const auto got = EngineWindows("tumbling 1m", lateness, events);
    ASSERT_EQ(got, want) << Mismatch(round, lateness, want, got, events);
  }
}

TEST(WindowProperty, SlidingCountsAndSumsEqualBruteForce) {
  std::mt19937_64 rng(2);
  for (int round = 0; round < 300; ++round) {
    const int64_t lateness = std::uniform_int_distribution<int64_t>(0, 2)(rng) * 20000;
    const auto events = RandomStream(rng, 90000);
    const auto want = BruteForceFixed(90000, 30000, lateness, events);
    const auto got = EngineWindows("sliding 90s every 30s", lateness, events);
    ASSERT_EQ(got, want) << Mismatch(round, lateness, want, got, events);
  }
}

TEST(WindowProperty, SessionCountsAndSumsEqualBruteForce) {
  std::mt19937_64 rng(3);
  for (int round = 0; round < 300; ++round) {
    const int64_t lateness = 60000;
    const auto events = RandomStream(rng, lateness);  // out of order, never late
    const auto want = BruteForceSessions(50000, lateness, events);
    const auto got = EngineWindows("session gap 50s", lateness, events);
    ASSERT_EQ(got, want) << Mismatch(round, lateness, want, got, events);
  }
}

}  // namespace
}  // namespace alert::engine
