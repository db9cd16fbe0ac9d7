#pragma once

#include <memory>
#include <string_view>

namespace re2 {
class RE2;
}

namespace alert::regex {

// Compiles an RE2 pattern with the engine's options (no logging, bounded
// memory). Nullptr when the pattern is invalid.
std::shared_ptr<const re2::RE2> CompileRe2(std::string_view pattern);

// Compiles an I-Regexp (RFC 9485) through TranslateIRegexp. Nullptr when it
// is not a valid I-Regexp.
std::shared_ptr<const re2::RE2> CompileIRegexp(std::string_view pattern);

// RFC 9535 match() (whole string) or search() (anywhere) with a compiled
// pattern. Thread-safe: RE2 objects are.
bool Matches(const re2::RE2& re, std::string_view subject, bool full_match);

// match()/search() with a pattern read from data: compiled for this call;
// an invalid pattern matches nothing.
bool MatchesDynamic(std::string_view pattern, std::string_view subject, bool full_match);

}  // namespace alert::regex
