#include "runtime/json/wide_numbers.h"

#include "runtime/value/number.h"

namespace alert::json {
namespace {

bool NumberChar(char c) { return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'; }

// True when simdjson reads `token` (a number token) exactly as alertjit does.
bool Representable(std::string_view token) {
  const std::optional<Number> n = Number::Parse(token);
  if (!n) return false;  // beyond the double range
  const bool integral = token.find_first_of(".eE") == std::string_view::npos;
  return !integral || n->kind() != Number::Kind::kDouble;  // an integer beyond 64 bits became a double
}

}  // namespace

bool NarrowWideNumbers(std::string_view text, std::string* out) {
  out->clear();
  bool replaced = false;
  size_t copied = 0;  // text before this is in `out` already
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {  // skip the string, escapes included
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      ++i;
      continue;
    }
    if (c != '-' && (c < '0' || c > '9')) {
      ++i;
      continue;
    }
    const size_t begin = i;
    while (i < text.size() && NumberChar(text[i])) ++i;
    const std::string_view token = text.substr(begin, i - begin);
    if (Representable(token)) continue;
    const std::optional<Number> n = Number::FromJson(token);
    if (!n) continue;  // not a number at all: simdjson reports it
    out->append(text.substr(copied, begin - copied));
    out->append(n->ToString());
    copied = i;
    replaced = true;
  }
  if (!replaced) return false;
  out->append(text.substr(copied));
  return true;
}

}  // namespace alert::json
