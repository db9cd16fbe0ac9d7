#pragma once

// The parser: rule text to ast::File, JSONPath text to ast::Path. ANTLR is an
// implementation detail of this stage; no ANTLR type appears in this header.

#include <optional>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/limits.h"

namespace alert::parse {

struct ParseResult {
  // Present when the text parsed without errors (warnings allowed).
  std::optional<ast::File> file;
  diag::Diagnostics diagnostics;
};

// Parses a rule file. Never throws; every problem is a located diagnostic:
// lexical errors (bad numbers, unterminated strings, stray characters),
// syntax errors (the first token that cannot continue the text), malformed
// clauses (unknown window kinds, repeated clauses) and exceeded limits.
ParseResult ParseFile(const diag::Source& source, const Limits& limits = {});

struct QueryResult {
  std::optional<ast::Path> path;
  diag::Diagnostics diagnostics;
};

// Parses one standalone JSONPath query (RFC 9535, plus Jayway's trailing
// functions), as `alertc query` takes it: no leading or trailing whitespace.
QueryResult ParseQuery(const diag::Source& source, const Limits& limits = {});

}  // namespace alert::parse
