#pragma once

// The one place that includes ANTLR and the generated parser. Only files of
// compiler/parse include it.

#include <antlr4-runtime.h>

#include "AlertLexer.h"
#include "AlertParser.h"

namespace alert::parse {
using Lexer = alert_antlr::AlertLexer;
using Parser = alert_antlr::AlertParser;
}  // namespace alert::parse
