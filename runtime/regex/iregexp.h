#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace alert::regex {

// Translates an I-Regexp (RFC 9485), the pattern language of RFC 9535's
// match() and search(), into RE2 syntax with the same meaning: '.' matches
// any character but \n and \r; '^' and '$' anchor, as the RFC 9535
// compliance suite expects. Returns
// nullopt, and a reason in *error when given, for a pattern that is not a
// valid I-Regexp.
std::optional<std::string> TranslateIRegexp(std::string_view pattern, std::string* error = nullptr);

}  // namespace alert::regex
