#pragma once

// The reference interpreter: evaluates a checked rule's `when` against one
// JSON event exactly as LANGUAGE.md says, by walking the unoptimized checked
// tree. It is the oracle every compiled predicate is tested against, so it
// is written for clarity, not speed. Evaluation never fails: missing values
// and type mismatches are values, and a condition is true or false.

#include <memory>
#include <optional>
#include <vector>

#include <absl/functional/function_ref.h>
#include <simdjson.h>

#include "compiler/checked/checked.h"
#include "runtime/value/value.h"

namespace re2 {
class RE2;
}

namespace alert::interp {

// The values of a rule's baselines for one evaluation (the engine computes
// them per group key). Without a source every baseline is nothing.
class BaselineSource {
 public:
  virtual ~BaselineSource() = default;
  virtual Value Read(const checked::Baseline& baseline, uint32_t id) const = 0;
};

// Baseline values in an array indexed by baseline id.
class BaselineValues final : public BaselineSource {
 public:
  explicit BaselineValues(const Value* values) : values_(values) {}
  Value Read(const checked::Baseline&, uint32_t id) const override { return values_[id]; }

 private:
  const Value* values_;
};

// The values of a rule's aggregates over one window (or one sensor of it),
// for `fire when` and `clear when`.
class AggregateSource {
 public:
  virtual ~AggregateSource() = default;
  virtual Value Read(uint32_t id) const = 0;
};

class Interpreter {
 public:
  // `rule` must outlive the interpreter. Compiles the rule's regexes once.
  // Thread-safe after construction.
  explicit Interpreter(const checked::Rule& rule);
  ~Interpreter();

  // Whether the rule's `when` holds for `event`. `baselines` may be null:
  // every baseline then reads as nothing.
  bool Matches(simdjson::dom::element event, const BaselineSource* baselines = nullptr) const;

  // Whether the condition `expr`, a part of this rule's `when`, holds for
  // `event` (compiled predicates call this for the parts they do not compile
  // natively, so both decide alike by construction).
  bool EvaluateCondition(const checked::Expr& expr, simdjson::dom::element event,
                         const BaselineSource* baselines = nullptr) const;

  // Calls `use` with the value of `expr` (an aggregate's argument) for
  // `event`; the value lives as long as the call.
  void EvaluateValue(const checked::Expr& expr, simdjson::dom::element event, const BaselineSource* baselines,
                     absl::FunctionRef<void(const Value&)> use) const;

  // Whether `condition` (a `fire when` or `clear when`) holds over the
  // window whose aggregates `aggregates` reads.
  bool Holds(const checked::Expr& condition, const AggregateSource& aggregates,
             const BaselineSource* baselines) const;

  // The value of `expr`, an expression of this rule that reads no path,
  // aggregate or baseline (the optimizer folds such expressions). Nullopt
  // when the value is not a JSON scalar (nothing, or an array).
  std::optional<Scalar> EvaluateConstant(const checked::Expr& expr) const;

  const checked::Rule& rule() const { return rule_; }
  // The compiled form of the rule's regex `id` (compiled code calls RE2 with it).
  const re2::RE2* Regex(uint32_t id) const { return regexes_[id].get(); }

 private:
  const checked::Rule& rule_;
  std::vector<std::shared_ptr<const re2::RE2>> regexes_;  // by regex id
};

}  // namespace alert::interp
