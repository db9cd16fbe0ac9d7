#pragma once

// The matcher: decides which rules' `when` hold for one event. It owns the
// compiled batch, the rule index and the path plan of a rule set:
//
//   DOM-parsed event ─► path plan fills the slots (one walk)
//                    ─► tenant and key values from the slots ─► rule index
//                    ─► the candidates' compiled predicates
//
// With the interpreter engine it is the reference instead: every rule in
// scope is decided by the reference interpreter, without index or plan.
// A Matcher is immutable once created and shared by threads; each thread
// evaluates with a Scratch of its own.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/statusor.h>
#include <simdjson.h>

#include "compiler/checked/checked.h"
#include "runtime/value/value.h"

namespace alert::engine {

struct MatcherOptions {
  enum class Engine { kJit, kInterp };
  // kJit: optimized rules, compiled, behind the rule index. kInterp: the
  // rules as checked, every one decided by the reference interpreter.
  Engine engine = Engine::kJit;
  // Where an event's tenant is (a singular query); rules with `scope tenant`
  // see only events whose value there is that string.
  std::string tenant_path = "$.customerId";
  // More singular queries for the path plan to read in the same walk (the
  // engine's time path); Matcher::extra_slot(i) is where query i lands.
  std::vector<std::string> extra_paths;
  // Rules (by position) that are candidates for every event of their scope,
  // whatever their `when` says: the windowed engine's rules whose state
  // non-matching events change (dedupe, baselines, sensors).
  std::vector<bool> every_event;
};

class Matcher {
 public:
  // Fails on a tenant or extra path that is not a singular query, or when
  // the JIT cannot compile the rules.
  static absl::StatusOr<std::unique_ptr<Matcher>> Create(std::vector<checked::Rule> rules,
                                                         const MatcherOptions& options);
  ~Matcher();

  // Per-thread working memory, reused from event to event.
  struct Scratch {
    std::vector<Value> slots;
    std::vector<uint8_t> shared;
    std::vector<uint32_t> candidates;
    uint64_t evaluated = 0;  // (rule, event) pairs decided
  };
  std::unique_ptr<Scratch> NewScratch() const;

  // Sets `matched` to the rules whose `when` holds on `event`, in increasing
  // order. Returns the event's tenant ("" when it has none), valid while the
  // event's document is.
  std::string_view Match(simdjson::dom::element event, Scratch& scratch, std::vector<uint32_t>* matched) const;

  // Match in two steps, for callers that do work between them (the windowed
  // engine computes baselines): Prepare fills the scratch's slots and its
  // candidates (increasing; rules not among them do not match), and returns
  // the tenant; Evaluate decides one candidate, with the rule's baseline
  // values by id (null: all nothing).
  std::string_view Prepare(simdjson::dom::element event, Scratch& scratch) const;
  bool Evaluate(uint32_t rule, simdjson::dom::element event, Scratch& scratch, const Value* baselines) const;

  size_t rule_count() const;
  const std::string& rule_id(size_t i) const;
  // The rules as evaluated (optimized for the JIT engine).
  const std::vector<checked::Rule>& rules() const;
  // Where, in the scratch's slots, rule `rule`'s singular path `path` is read.
  size_t slot_of(uint32_t rule, uint32_t path) const;
  // Where extra path i (MatcherOptions::extra_paths) is read.
  size_t extra_slot(size_t i) const;
  struct State;

 private:
  explicit Matcher(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace alert::engine
