#pragma once

// One checked file as `alertc check --format json` reports it:
//   {"file": NAME, "ok": BOOL, "rules": [ID...], "diagnostics": [...]}
// (diagnostics as diag::RenderJson gives them). The daemon's
// POST /rules/validate answers with the same object.

#include <string>

#include "compiler/diag/source.h"
#include "compiler/sema/check.h"

namespace alert::sema {

std::string CheckReportJson(const diag::Source& source, const CheckResult& result);

}  // namespace alert::sema
