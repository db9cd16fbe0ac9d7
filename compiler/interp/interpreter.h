#pragma once

// The reference interpreter: evaluates a checked rule's `when` against one
// JSON event exactly as LANGUAGE.md says, by walking the unoptimized checked
// tree. It is the oracle every compiled predicate is tested against, so it
// is written for clarity, not speed. Evaluation never fails: missing values
// and type mismatches are values, and a condition is true or false.

#include <memory>
#include <optional>
#include <vector>

#include <simdjson.h>

#include "compiler/checked/checked.h"
#include "runtime/value/value.h"

namespace re2 {
class RE2;
}

namespace alert::interp {

// Values a baseline reads. Until the engine keeps per-key history, every
// baseline is nothing (LANGUAGE.md: fewer than 10 samples is nothing).
class BaselineSource {
 public:
  virtual ~BaselineSource() = default;
  virtual Value Read(const checked::Baseline& baseline, uint32_t id) const = 0;
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
  bool EvaluateCondition(const checked::Expr& expr, simdjson::dom::element event) const;

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
