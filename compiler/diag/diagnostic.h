#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/source.h"

namespace alert::diag {

// `text` quoted from a source into a message: at most 40 code points, then
// "... (N bytes)"; what Diagnostics makes printable, it makes printable too.
std::string Excerpt(std::string_view text);

enum class Severity { kError, kWarning };

// One finding about a rule, in the rule author's terms. `message` is complete
// on its own (suggestions included: "... ; did you mean 'length'?");
// `replacement`, when set, is text that may replace `span` to fix it, for
// editors that offer quick fixes.
struct Diagnostic {
  Severity severity = Severity::kError;
  Span span;
  std::string message;
  std::optional<std::string> replacement;
};

// The diagnostics of one Source, in the order found. Sort() puts them in
// source order, errors before warnings at one position.
class Diagnostics {
 public:
  // Messages are made printable here: control characters and invisible
  // spaces that they quote from the source show as U+XXXX.
  void Error(Span span, std::string message, std::optional<std::string> replacement = std::nullopt);
  void Warning(Span span, std::string message, std::optional<std::string> replacement = std::nullopt);
  void Append(const Diagnostics& other) { items_.insert(items_.end(), other.items_.begin(), other.items_.end()); }
  void Sort();

  bool HasErrors() const;
  size_t ErrorCount() const;
  size_t WarningCount() const { return items_.size() - ErrorCount(); }
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

 private:
  std::vector<Diagnostic> items_;
};

// Renders one diagnostic as a compiler does:
//   rules/cpu.alert:3:15: error: cannot compare number with string
//       3 |   when $.cpu.usage > "90"
//         |                      ^~~~
// Tabs in the quoted line are expanded so that the caret stays aligned, wide
// characters take two columns, and a long line is cut around the caret.
std::string RenderText(const Source& source, const Diagnostic& diagnostic);

// Renders diagnostics as a JSON array of objects with file, line, column,
// end_line, end_column (1-based, exclusive end), severity, message and,
// when present, replacement.
std::string RenderJson(const Source& source, const std::vector<Diagnostic>& diagnostics);
// One diagnostic as a JSON object (the elements of RenderJson's array).
std::string RenderJsonObject(const Source& source, const Diagnostic& diagnostic);

}  // namespace alert::diag
