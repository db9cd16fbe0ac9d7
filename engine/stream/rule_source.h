#pragma once

// What the windowed engine needs of a rule set (engine/rules' RuleSet
// implements it; the engine itself links no parser and no JIT): the rules by
// stable id, and per event its slots, its candidates and their `when`.
// Ids are below capacity(); a rule's id stays the same across its versions.
// generation() changes whenever a rule is added, changed, paused, resumed
// or deleted, which is when an engine syncs its runners.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "compiler/checked/checked.h"
#include "compiler/interp/interpreter.h"
#include "runtime/value/value.h"

namespace alert::engine {

struct RuleView {
  // As evaluated. Shared: a runner keeps the version it runs alive until it
  // syncs, whatever the set did meanwhile.
  std::shared_ptr<const checked::Rule> rule;
  int64_t version = 1;
  bool paused = false;
  uint64_t revision = 0;                // unique to each version, pause and resume of any rule
  // checked::MeaningOf the version, shared as the rule is; null: each
  // runner prints it itself.
  std::shared_ptr<const std::string> meaning;
  // The version's interpreter (its regexes compiled), shared by every
  // engine that runs it; null: each runner makes its own.
  std::shared_ptr<const interp::Interpreter> interpreter;
};

class RuleSource {
 public:
  virtual ~RuleSource() = default;

  // Per-thread working memory, reused from event to event.
  struct Scratch {
    virtual ~Scratch() = default;  // a source may keep more in its own
    std::vector<Value> slots;
    std::vector<uint8_t> shared;
    std::vector<uint32_t> candidates;
    uint64_t evaluated = 0;  // (rule, event) pairs decided
  };

  virtual uint64_t generation() const = 0;
  virtual uint32_t capacity() const = 0;
  virtual std::optional<RuleView> rule(uint32_t id) const = 0;
  virtual std::unique_ptr<Scratch> NewScratch() const = 0;
  // Fills the scratch's candidates (increasing ids; rules not among them do
  // not match; paused rules are not among them), the slots they and the
  // extra paths read, and returns the event's tenant ("" when it has none).
  // Other rules' slots are filled when they are evaluated.
  virtual std::string_view Prepare(simdjson::dom::element event, Scratch& scratch) const = 0;
  // Decides rule `id`'s `when`, with its baseline values by id (null: all nothing).
  virtual bool Evaluate(uint32_t id, simdjson::dom::element event, Scratch& scratch, const Value* baselines) const = 0;
  // Where rule `id`'s singular path `path` is read in the scratch's slots.
  virtual size_t slot_of(uint32_t id, uint32_t path) const = 0;
  // Where extra path i (the engine's time and event id paths) is read.
  virtual size_t extra_slot(size_t i) const = 0;
};

}  // namespace alert::engine
