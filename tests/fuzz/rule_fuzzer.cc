// libFuzzer target over rule text: the whole front end (parse, check,
// diagnostics in both renderings, explain) must never crash, hang or leak on
// any input. Inputs that start with '$' also go through the JSONPath query
// front end.

#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/checked/print.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/parse/parse.h"
#include "compiler/sema/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace alert;
  const diag::Source source("fuzz.alert", std::string(reinterpret_cast<const char*>(data), size));
  const sema::CheckResult result = sema::CheckSource(source);
  size_t total = 0;
  for (const diag::Diagnostic& d : result.diagnostics) total += diag::RenderText(source, d).size();
  total += diag::RenderJson(source, result.diagnostics.items()).size();
  for (const checked::Rule& rule : result.rules) total += checked::PrintRule(rule).size();
  if (size > 0 && data[0] == '$') {
    const parse::QueryResult query = parse::ParseQuery(source);
    if (query.path) total += sema::CheckQuery(*query.path, source).diagnostics.size();
  }
  return total == SIZE_MAX;  // keeps the work observable
}
