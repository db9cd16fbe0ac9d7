#include "runtime/regex/iregexp.h"

#include "runtime/text/utf8.h"

namespace alert::regex {
namespace {

// A recursive-descent reader of RFC 9485's grammar that writes RE2 as it
// goes. Nesting is bounded by the caller's pattern length (a rule literal is
// at most 64 KiB, and data patterns are limited by kMaxDepth).
class Translator {
 public:
  explicit Translator(std::string_view p) : p_(p) {}

  std::optional<std::string> Run(std::string* error) {
    if (!text::IsValidUtf8(p_)) return Fail(error, "invalid UTF-8");
    if (!Regexp() || pos_ != p_.size()) {
      if (error_.empty()) error_ = "unexpected '" + std::string(1, Peek()) + "'";
      if (error) *error = error_ + " at offset " + std::to_string(error_at_);
      return std::nullopt;
    }
    return out_;
  }

 private:
  static constexpr int kMaxDepth = 64;

  std::optional<std::string> Fail(std::string* error, const char* why) {
    if (error) *error = why;
    return std::nullopt;
  }
  // Records the first error, at the current position.
  bool Error(std::string why) {
    if (error_.empty()) {
      error_ = std::move(why);
      error_at_ = pos_;
    }
    return false;
  }
  char Peek() const { return pos_ < p_.size() ? p_[pos_] : '\0'; }
  bool AtEnd() const { return pos_ >= p_.size(); }

  bool Regexp() {
    if (++depth_ > kMaxDepth) return Error("groups nested too deeply");
    if (!Branch()) return false;
    while (Peek() == '|' && !AtEnd()) {
      ++pos_;
      out_ += '|';
      if (!Branch()) return false;
    }
    --depth_;
    return true;
  }

  bool Branch() {
    while (!AtEnd() && Peek() != '|' && Peek() != ')') {
      if (!Piece()) return false;
    }
    return true;
  }

  bool Piece() {
    if (!Atom()) return false;
    const char c = Peek();
    if (c == '*' || c == '+' || c == '?') {
      out_ += c;
      ++pos_;
    } else if (c == '{') {
      return RangeQuantifier();
    }
    return true;
  }

  bool Digits() {
    const size_t begin = pos_;
    while (!AtEnd() && Peek() >= '0' && Peek() <= '9') out_ += p_[pos_++];
    return pos_ > begin;
  }

  bool RangeQuantifier() {
    out_ += '{';
    ++pos_;
    if (!Digits()) return Error("expected a number in '{}'");
    if (Peek() == ',') {
      out_ += ',';
      ++pos_;
      Digits();
    }
    if (Peek() != '}') return Error("expected '}'");
    out_ += '}';
    ++pos_;
    return true;
  }

  bool Atom() {
    const char c = Peek();
    switch (c) {
      case '(':
        ++pos_;
        out_ += "(?:";
        if (!Regexp()) return false;
        if (Peek() != ')' || AtEnd()) return Error("unclosed group");
        ++pos_;
        out_ += ')';
        return true;
      case '.':
        ++pos_;
        out_ += "[^\\n\\r]";
        return true;
      case '[': return CharClassExpr();
      case '\\': return Escape(/*in_class=*/false);
      case ')': case '*': case '+': case '?': case ']': case '{': case '}': case '|':
        return Error("unexpected special character");
      case '^': case '$':
        // RFC 9485's grammar makes them ordinary characters, but the RFC 9535
        // compliance suite reads them as anchors, as every regex dialect
        // does; alertjit follows the suite.
        ++pos_;
        out_ += c;
        return true;
      default:
        return NormalChar();
    }
  }

  bool NormalChar() {
    const size_t begin = pos_;
    text::DecodeUtf8(p_, &pos_);
    out_.append(p_.substr(begin, pos_ - begin));
    return true;
  }

  // After '\': a single-character escape or \p{..} / \P{..}.
  bool Escape(bool in_class) {
    const size_t backslash = pos_++;
    if (AtEnd()) {
      pos_ = backslash;
      return Error("'\\' at the end of the pattern");
    }
    const char c = p_[pos_++];
    switch (c) {
      case 'n': out_ += "\\n"; return true;
      case 'r': out_ += "\\r"; return true;
      case 't': out_ += "\\t"; return true;
      case '(': case ')': case '*': case '+': case '-': case '.': case '?':
      case '[': case '\\': case ']': case '^': case '{': case '|': case '}':
        out_ += '\\';
        out_ += c;
        return true;
      case 'p':
      case 'P': return Property(c);
      default:
        pos_ = backslash;  // the error points at the escape, not past it
        return Error(std::string("unknown escape '\\") + c + "' (I-Regexp escapes are \\n \\r \\t, \\p{..}, \\P{..} and "
                     "the metacharacters)");
    }
  }

  bool Property(char p_or_P) {
    if (Peek() != '{') return Error("expected '{' after \\p");
    const size_t close = p_.find('}', pos_);
    if (close == std::string_view::npos) return Error("unclosed \\p{");
    const std::string_view name = p_.substr(pos_ + 1, close - pos_ - 1);
    static constexpr std::string_view kCategories[] = {
        "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
        "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Z", "Zl", "Zp", "Zs",
        "S", "Sc", "Sk", "Sm", "So", "C", "Cc", "Cf", "Cn", "Co"};
    bool known = false;
    for (std::string_view k : kCategories) known |= k == name;
    if (!known) return Error("unknown Unicode category");
    pos_ = close + 1;
    out_ += '\\';
    out_ += p_or_P;
    out_ += '{';
    out_.append(name);
    out_ += '}';
    return true;
  }

  // '[' ['^'] ('-' / CCE1) *CCE1 ['-'] ']'
  bool CharClassExpr() {
    ++pos_;
    out_ += '[';
    if (Peek() == '^') {
      ++pos_;
      out_ += '^';
    }
    bool first = true;
    while (true) {
      if (AtEnd()) return Error("unclosed '['");
      const char c = Peek();
      if (c == ']') {
        if (first) return Error("empty character class");
        ++pos_;
        out_ += ']';
        return true;
      }
      if (c == '-') {
        // Allowed first, or last right before ']'.
        if (!first && !(pos_ + 1 < p_.size() && p_[pos_ + 1] == ']')) return Error("unescaped '-' in a class");
        ++pos_;
        out_ += "\\-";
        first = false;
        continue;
      }
      if (!ClassChar()) return false;
      if (Peek() == '-' && pos_ + 1 < p_.size() && p_[pos_ + 1] != ']') {
        ++pos_;
        out_ += '-';
        if (!ClassChar()) return false;
      }
      first = false;
    }
  }

  bool ClassChar() {
    const char c = Peek();
    if (c == '\\') return Escape(/*in_class=*/true);
    if (c == '[' || c == ']') return Error("unescaped bracket in a class");
    if (c == '^') {
      ++pos_;
      out_ += "\\^";
      return true;
    }
    return NormalChar();
  }

  std::string_view p_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string out_;
  std::string error_;
  size_t error_at_ = 0;  // where error_ was found
};

}  // namespace

std::optional<std::string> TranslateIRegexp(std::string_view pattern, std::string* error) {
  return Translator(pattern).Run(error);
}

}  // namespace alert::regex
