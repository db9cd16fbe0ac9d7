#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace alert::parse {

struct StringLiteralError {
  uint32_t offset;  // byte offset in the token text of the offending character
  uint32_t length;
  std::string message;
};

// Decodes an RFC 9535 string literal token, quotes included: '…' or "…" with
// JSON escapes (\' only inside '…', \" only inside "…"), surrogate pairs
// joined, unescaped control characters and lone surrogates rejected.
std::variant<std::string, StringLiteralError> DecodeStringLiteral(std::string_view token);

}  // namespace alert::parse
