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
};

class Matcher {
 public:
  // Fails on a tenant path that is not a singular query, or when the JIT
  // cannot compile the rules.
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

  size_t rule_count() const;
  const std::string& rule_id(size_t i) const;
  struct State;

 private:
  explicit Matcher(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace alert::engine
