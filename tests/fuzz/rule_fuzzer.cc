// libFuzzer target over rule text: the whole front end (parse, check,
// diagnostics in both renderings, explain), the optimizer, the JIT and the
// reference interpreter must never crash, hang or leak on any input. Rules
// that check are compiled through the JIT and evaluated against a fixed
// event, where the JIT must agree with the interpreter; inputs that start
// with '$' also go through the JSONPath query front end and evaluator.

#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/checked/print.h"
#include "compiler/interp/interpreter.h"
#include "compiler/jit/jit.h"
#include "compiler/opt/pass.h"
#include "runtime/jsonpath/evaluate.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/parse/parse.h"
#include "compiler/sema/check.h"

namespace {

constexpr char kEvent[] = R"({"a": 1, "b": "x", "c": [1, 2.5, "y", null, {"d": true}], "e": {"f": {"g": [[]]}},
  "n": 9007199254740993, "s": "héllo", "t": false})";

alert::jit::Jit& SharedJit() {
  static std::unique_ptr<alert::jit::Jit> jit = std::move(alert::jit::CreateJit().value());
  return *jit;
}

simdjson::dom::element Event() {
  static simdjson::dom::parser parser;
  static simdjson::dom::element event = parser.parse(kEvent, sizeof(kEvent) - 1).value();
  return event;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace alert;
  const diag::Source source("fuzz.alert", std::string(reinterpret_cast<const char*>(data), size));
  const sema::CheckResult result = sema::CheckSource(source);
  size_t total = 0;
  for (const diag::Diagnostic& d : result.diagnostics) total += diag::RenderText(source, d).size();
  total += diag::RenderJson(source, result.diagnostics.items()).size();
  std::vector<uint8_t> verdicts;
  for (const checked::Rule& rule : result.rules) {
    total += checked::PrintRule(rule).size();
    verdicts.push_back(interp::Interpreter(rule).Matches(Event()));
  }
  if (!result.rules.empty()) {
    // Compile the same rules again, optimized, and compare verdicts.
    sema::CheckResult again = sema::CheckSource(source);
    std::vector<checked::Rule> rules;
    for (auto& rule : again.rules) rules.push_back(opt::Optimize(std::move(rule)));
    auto batch = jit::Compile(SharedJit(), std::move(rules));
    if (!batch.ok()) __builtin_trap();  // an internal compiler error
    std::vector<uint8_t> matched(verdicts.size());
    std::vector<Value> scratch;
    (*batch)->Evaluate(Event(), matched.data(), &scratch);
    if (matched != verdicts) __builtin_trap();  // the JIT disagrees with the interpreter
  }
  if (size > 0 && data[0] == '$') {
    const parse::QueryResult query = parse::ParseQuery(source);
    if (query.path) {
      const sema::QueryCheckResult checked = sema::CheckQuery(*query.path, source);
      if (checked.query) {
        std::vector<jsonpath::Node> nodes;
        jsonpath::Select(*checked.query, Event(), Event(), &nodes);
        total += nodes.size();
      }
    }
  }
  return total == SIZE_MAX;  // keeps the work observable
}
