#include "runtime/regex/regex.h"

#include <re2/re2.h>

#include "runtime/regex/iregexp.h"

namespace alert::regex {

std::shared_ptr<const re2::RE2> CompileRe2(std::string_view pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(1 << 20);
  auto re = std::make_shared<const re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) return nullptr;
  return re;
}

std::shared_ptr<const re2::RE2> CompileIRegexp(std::string_view pattern) {
  auto translated = TranslateIRegexp(pattern);
  if (!translated) return nullptr;
  return CompileRe2(*translated);
}

bool Matches(const re2::RE2& re, std::string_view subject, bool full_match) {
  const re2::StringPiece text(subject.data(), subject.size());
  return full_match ? RE2::FullMatch(text, re) : RE2::PartialMatch(text, re);
}

bool MatchesDynamic(std::string_view pattern, std::string_view subject, bool full_match) {
  auto re = CompileIRegexp(pattern);
  return re && Matches(*re, subject, full_match);
}

}  // namespace alert::regex
