#pragma once

#include <string>

#include "compiler/checked/checked.h"

namespace alert::checked {

// A checked expression as fully parenthesized text, each path shown with its
// slot: (p0:$.application == "Dropbox").
std::string PrintExpr(const Rule& rule, const Expr& expr);

// The whole checked rule as readable text: clauses normalized (durations in
// milliseconds, defaults made explicit) and the tables of paths, aggregates,
// baselines and regular expressions. What `alertc explain` prints.
std::string PrintRule(const Rule& rule);

}  // namespace alert::checked
