#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/checked/checked.h"

namespace alert::alertc {

// The contents of `path`, or of standard input for "-". Nullopt, with a
// message on stderr, when it cannot be read.
std::optional<std::string> ReadInput(const std::string& path);

// Whether standard input can be read: open, and not for writing only. If
// not, says so on stderr ("cannot read standard input: ...").
bool StandardInputReadable();

// The checked rules of the file `rules` with events read from `events`
// (both paths, "-" for standard input): diagnostics go to stderr. Nullopt
// with *exit_code set when the command must stop: 2 when a file cannot be
// read or both are standard input, 1 when a rule is rejected.
std::optional<std::vector<checked::Rule>> ReadRulesForEvents(const std::string& rules, const std::string& events,
                                                             int* exit_code);

// The name diagnostics give `path`: "<stdin>" for "-".
std::string DisplayName(const std::string& path);

}  // namespace alert::alertc
