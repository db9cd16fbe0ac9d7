#include "compiler/interp/interpreter.h"

#include "compiler/interp/frame.h"
#include "runtime/regex/regex.h"

namespace alert::interp {

Interpreter::Interpreter(const checked::Rule& rule) : rule_(rule) {
  for (const checked::Regex& r : rule.regexes) regexes_.push_back(regex::CompileRe2(r.re2));
}

Interpreter::~Interpreter() = default;

bool Interpreter::Matches(simdjson::dom::element event, const BaselineSource* baselines) const {
  if (!rule_.when) return false;
  Frame frame(rule_, regexes_, baselines, event);
  return frame.Condition(*rule_.when);
}

}  // namespace alert::interp
