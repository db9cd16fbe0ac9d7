#include "compiler/diag/diagnostic.h"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/text/utf8.h"

namespace alert::diag {
namespace {

// Code points a terminal shows as nothing, or as something else: C0 and C1
// controls, DEL, and the invisible or non-breaking spaces and marks.
bool Invisible(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0xAD || (cp >= 0x2000 && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF;
}

std::string Printable(std::string text) {
  bool clean = true;
  for (size_t pos = 0; pos < text.size() && clean;) clean = !Invisible(text::DecodeUtf8(text, &pos));
  if (clean) return text;
  std::string out;
  for (size_t pos = 0; pos < text.size();) {
    const size_t begin = pos;
    const char32_t cp = text::DecodeUtf8(text, &pos);
    if (Invisible(cp)) {
      out += fmt::format("U+{:04X}", static_cast<uint32_t>(cp));
    } else {
      out.append(text, begin, pos - begin);
    }
  }
  return out;
}

}  // namespace

std::string Excerpt(std::string_view text) {
  constexpr size_t kShown = 40;
  size_t pos = 0, code_points = 0;
  while (pos < text.size() && code_points < kShown) {
    text::DecodeUtf8(text, &pos);
    ++code_points;
  }
  if (pos >= text.size()) return Printable(std::string(text));
  return Printable(std::string(text.substr(0, pos))) + fmt::format("... ({} bytes)", text.size());
}

void Diagnostics::Error(Span span, std::string message, std::optional<std::string> replacement) {
  items_.push_back({Severity::kError, span, Printable(std::move(message)), std::move(replacement)});
}

void Diagnostics::Warning(Span span, std::string message, std::optional<std::string> replacement) {
  items_.push_back({Severity::kWarning, span, Printable(std::move(message)), std::move(replacement)});
}

void Diagnostics::Sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    return a.severity == Severity::kError && b.severity != Severity::kError;
  });
}

bool Diagnostics::HasErrors() const { return ErrorCount() > 0; }

size_t Diagnostics::ErrorCount() const {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(),
                                           [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

}  // namespace alert::diag
