#pragma once

#include <string>

#include "compiler/ast/ast.h"

namespace alert::ast {

// The syntax tree of a rule as an indented S-expression, each node with its
// line:column: what the parser built, before any checking
// (`alertc explain --stage ast`).
std::string PrintRule(const Rule& rule, const diag::Source& source);

}  // namespace alert::ast
