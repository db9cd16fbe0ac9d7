#pragma once

// One evaluation of a rule against one event: the event, the current node of
// every()/any(), and scratch space for values computed along the way.
// Internal to compiler/interp.

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "compiler/checked/checked.h"
#include "compiler/interp/interpreter.h"
#include "runtime/jsonpath/evaluate.h"
#include "runtime/value/arithmetic.h"
#include "runtime/value/value.h"

namespace alert::interp {

class Frame {
 public:
  Frame(const checked::Rule& rule, const std::vector<std::shared_ptr<const re2::RE2>>& regexes,
        const BaselineSource* baselines, jsonpath::Node root, const AggregateSource* aggregates = nullptr)
      : rule_(rule), regexes_(regexes), baselines_(baselines), aggregates_(aggregates), root_(root), current_(root) {}

  bool Condition(const checked::Expr& e);
  Value Eval(const checked::Expr& e);

 private:
  // The values an operand stands for: one value, or every node a
  // non-singular path selects (possibly none).
  std::vector<Value> Operands(const checked::Expr& e);
  std::vector<jsonpath::Node> Nodes(uint32_t path);
  Value PathValue(uint32_t path);
  bool Exists(uint32_t path);
  bool Compare(const checked::Expr& e);
  bool Quantify(const checked::Expr& e);
  Value Call(const checked::Expr& e);
  std::string_view Keep(std::string s);

  const checked::Rule& rule_;
  const std::vector<std::shared_ptr<const re2::RE2>>& regexes_;
  const BaselineSource* baselines_;
  const AggregateSource* aggregates_;  // `fire when` and `clear when` only
  jsonpath::Node root_;
  jsonpath::Node current_;
  std::deque<std::string> strings_;               // computed strings (lower, upper)
  std::deque<std::vector<Value>> arrays_;         // array literals
};

// The runtime's arithmetic operator for a checked one (kAdd ... kRem).
ArithOp ArithOpOf(checked::Op op);

}  // namespace alert::interp
