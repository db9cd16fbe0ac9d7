#include "compiler/parse/string_literal.h"

#include <fmt/format.h>

#include "runtime/text/utf8.h"

namespace alert::parse {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads the 4 hex digits after "\u" at `pos`; -1 when they are not there.
int32_t ReadHex4(std::string_view s, size_t pos) {
  if (pos + 4 > s.size()) return -1;
  int32_t v = 0;
  for (size_t i = 0; i < 4; ++i) {
    const int h = HexValue(s[pos + i]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

}  // namespace

std::variant<std::string, StringLiteralError> DecodeStringLiteral(std::string_view token) {
  const char quote = token.front();
  const size_t end = token.size() - 1;  // the closing quote
  std::string out;
  size_t pos = 1;
  while (pos < end) {
    const unsigned char c = static_cast<unsigned char>(token[pos]);
    if (c < 0x20) {
      return StringLiteralError{static_cast<uint32_t>(pos), 1,
                                fmt::format("control character U+{:04X} in a string; write it as an escape", c)};
    }
    if (c >= 0x80) {
      const size_t begin = pos;
      const char32_t cp = text::DecodeUtf8(token, &pos);
      if (cp == text::kReplacementChar && pos - begin == 1) {
        return StringLiteralError{static_cast<uint32_t>(begin), 1, "invalid UTF-8 in a string"};
      }
      out.append(token.substr(begin, pos - begin));
      continue;
    }
    if (c != '\\') {
      out += static_cast<char>(c);
      ++pos;
      continue;
    }
    const size_t esc = pos;
    const char e = pos + 1 < end ? token[pos + 1] : '\0';
    pos += 2;
    switch (e) {
      case 'b': out += '\b'; continue;
      case 'f': out += '\f'; continue;
      case 'n': out += '\n'; continue;
      case 'r': out += '\r'; continue;
      case 't': out += '\t'; continue;
      case '/': out += '/'; continue;
      case '\\': out += '\\'; continue;
      case '"':
      case '\'':
        if (e == quote) {
          out += e;
          continue;
        }
        return StringLiteralError{static_cast<uint32_t>(esc), 2,
                                  fmt::format("'\\{}' is not an escape inside {}…{} quotes", e, quote, quote)};
      case 'u': {
        const int32_t hi = ReadHex4(token.substr(0, end), pos);
        if (hi < 0) return StringLiteralError{static_cast<uint32_t>(esc), 2, "'\\u' needs four hex digits"};
        pos += 4;
        char32_t cp = static_cast<char32_t>(hi);
        if (hi >= 0xDC00 && hi <= 0xDFFF) {
          return StringLiteralError{static_cast<uint32_t>(esc), 6, "unpaired low surrogate in '\\u' escape"};
        }
        if (hi >= 0xD800 && hi <= 0xDBFF) {
          const int32_t lo = token.substr(pos, 2) == "\\u" ? ReadHex4(token.substr(0, end), pos + 2) : -1;
          if (lo < 0xDC00 || lo > 0xDFFF) {
            return StringLiteralError{static_cast<uint32_t>(esc), 6,
                                      "high surrogate in '\\u' escape must be followed by a low one"};
          }
          pos += 6;
          cp = 0x10000 + ((static_cast<char32_t>(hi) - 0xD800) << 10) + (static_cast<char32_t>(lo) - 0xDC00);
        }
        text::AppendUtf8(out, cp);
        continue;
      }
      default:
        return StringLiteralError{static_cast<uint32_t>(esc), 2,
                                  "unknown escape; use \\b \\f \\n \\r \\t \\/ \\\\ \\uXXXX or an escaped quote"};
    }
  }
  return out;
}

}  // namespace alert::parse
