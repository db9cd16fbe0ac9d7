#include "compiler/sema/check_report.h"

#include <fmt/format.h>

#include "runtime/json/json_string.h"

namespace alert::sema {

std::string CheckReportJson(const diag::Source& source, const CheckResult& result) {
  std::string json = "{\"file\":" + json::Quote(source.name());
  json += fmt::format(",\"ok\":{},\"rules\":[", !result.diagnostics.HasErrors());
  for (size_t r = 0; r < result.rules.size(); ++r) json += (r ? "," : "") + json::Quote(result.rules[r].id);
  json += "],\"diagnostics\":" + diag::RenderJson(source, result.diagnostics.items()) + "}";
  return json;
}

}  // namespace alert::sema
