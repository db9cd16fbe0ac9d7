#include "runtime/json/json_string.h"

#include "runtime/text/utf8.h"

namespace alert::json {

void AppendEscaped(std::string& out, std::string_view text, char quote) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t pos = 0;
  while (pos < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c >= 0x80) {
      const size_t begin = pos;
      const char32_t cp = text::DecodeUtf8(text, &pos);
      if (cp == text::kReplacementChar && pos - begin == 1) {
        text::AppendUtf8(out, cp);
      } else {
        out.append(text.substr(begin, pos - begin));
      }
      continue;
    }
    ++pos;
    if (c == static_cast<unsigned char>(quote)) {
      out += '\\';
      out += quote;
      continue;
    }
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
}

void AppendString(std::string& out, std::string_view text) {
  out += '"';
  AppendEscaped(out, text, '"');
  out += '"';
}

std::string Quote(std::string_view text) {
  std::string out;
  AppendString(out, text);
  return out;
}

}  // namespace alert::json
