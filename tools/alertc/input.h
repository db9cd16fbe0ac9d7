#pragma once

#include <optional>
#include <string>

namespace alert::alertc {

// The contents of `path`, or of standard input for "-". Nullopt, with a
// message on stderr, when it cannot be read.
std::optional<std::string> ReadInput(const std::string& path);

// The name diagnostics give `path`: "<stdin>" for "-".
std::string DisplayName(const std::string& path);

}  // namespace alert::alertc
