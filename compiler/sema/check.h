#pragma once

// The checker: ast::File to checked::Rule. Resolves names, infers types,
// enforces the clause rules, contexts, units and limits of LANGUAGE.md, and
// reports every problem as a located diagnostic.

#include <optional>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/checked/checked.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/limits.h"
#include "runtime/jsonpath/query.h"

namespace alert::sema {

struct CheckResult {
  // The rules that checked without errors, in file order. A file with any
  // error yields no rules at all, so a deployment never half-applies a file.
  std::vector<checked::Rule> rules;
  diag::Diagnostics diagnostics;
};

CheckResult Check(const ast::File& file, const diag::Source& source, const Limits& limits = {});

struct QueryCheckResult {
  std::optional<jsonpath::Query> query;
  diag::Diagnostics diagnostics;
};

// Checks a standalone JSONPath query: RFC 9535's well-typedness rules for
// filter expressions and function arguments.
QueryCheckResult CheckQuery(const ast::Path& path, const diag::Source& source);

}  // namespace alert::sema

namespace alert::sema {

// Parses and checks one rule source: the front end in one call. The
// diagnostics of both stages, in source order.
CheckResult CheckSource(const diag::Source& source, const Limits& limits = {});

}  // namespace alert::sema
