#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "compiler/diag/diagnostic.h"
#include "runtime/json/json_string.h"
#include "runtime/text/utf8.h"

namespace alert::diag {
namespace {

constexpr int kTabWidth = 4;
// Quoted lines wider than this are cut to a window around the caret.
constexpr int kMaxLineWidth = 100;

const char* SeverityName(Severity s) { return s == Severity::kError ? "error" : "warning"; }

// One code point of a quoted line as it is displayed.
struct Cell {
  size_t byte;     // offset of the code point in the line
  int width;       // columns it takes on screen
  std::string shown;
};

std::vector<Cell> LayOut(std::string_view line) {
  std::vector<Cell> cells;
  size_t pos = 0;
  int column = 0;
  while (pos < line.size()) {
    const size_t begin = pos;
    const char32_t cp = text::DecodeUtf8(line, &pos);
    Cell cell{begin, 1, {}};
    if (cp == '\t') {
      cell.width = kTabWidth - column % kTabWidth;
      cell.shown.assign(cell.width, ' ');
    } else if (cp < 0x20 || cp == 0x7F) {
      cell.shown = " ";
    } else {
      cell.width = text::DisplayWidth(cp);
      text::AppendUtf8(cell.shown, cp);
    }
    column += cell.width;
    cells.push_back(std::move(cell));
  }
  return cells;
}

// The part of a long line around byte `at` that a quote may show: cut on
// code point boundaries, so that laying out one diagnostic costs the same
// whatever the length of its line.
struct LineWindow {
  size_t begin, end;
};

LineWindow WindowAround(std::string_view line, size_t at) {
  constexpr size_t kReach = 4 * kMaxLineWidth;  // bytes: room for wide code points
  if (line.size() <= 2 * kReach) return {0, line.size()};
  auto boundary = [&](size_t i) {
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
    return i;
  };
  const size_t begin = boundary(at > kReach ? at - kReach : 0);
  const size_t end = boundary(std::min(line.size(), std::max(at, begin) + kReach));
  return {begin, end};
}

}  // namespace

std::string RenderText(const Source& source, const Diagnostic& d) {
  const Position pos = source.PositionOf(d.span.begin);
  std::string out = fmt::format("{}:{}:{}: {}: {}\n", source.name(), pos.line, pos.column,
                                SeverityName(d.severity), d.message);
  const std::string_view full_line = source.LineText(pos.line);
  const uint32_t line_begin = source.LineBegin(pos.line);
  const size_t span_begin = d.span.begin - line_begin;
  const LineWindow window = WindowAround(full_line, span_begin);
  const std::string_view line = full_line.substr(window.begin, window.end - window.begin);
  const size_t caret_begin = span_begin - std::min(span_begin, window.begin);
  // The caret runs to the end of the span or of the line, whichever is first,
  // and is at least one column wide (a span at the end of input included).
  const size_t span_end = d.span.end - line_begin;
  const size_t caret_end =
      std::max<size_t>(caret_begin + 1, std::min<size_t>(span_end - std::min(span_end, window.begin), line.size()));

  const std::vector<Cell> cells = LayOut(line);
  int caret_col = 0, caret_width = 0, total = 0;
  for (const Cell& c : cells) {
    if (c.byte < caret_begin) caret_col += c.width;
    else if (c.byte < caret_end) caret_width += c.width;
    total += c.width;
  }
  if (caret_begin >= line.size()) caret_col = total;
  caret_width = std::max(caret_width, 1);

  // Cut long lines to a window that holds the caret's start.
  int first = 0;
  int last = total;
  if (total > kMaxLineWidth) {
    first = std::max(0, caret_col - kMaxLineWidth / 3);
    last = std::min(total, first + kMaxLineWidth);
  }
  std::string shown;
  int col = 0;
  for (const Cell& c : cells) {
    if (col >= first && col + c.width <= last) shown += c.shown;
    col += c.width;
  }
  const std::string lead = first > 0 || window.begin > 0 ? "..." : "";
  const std::string tail = last < total || window.end < full_line.size() ? "..." : "";
  const std::string number = std::to_string(pos.line);
  const std::string gutter(number.size(), ' ');
  caret_width = std::min(caret_width, std::max(1, last - caret_col));
  out += fmt::format("    {} | {}{}{}\n", number, lead, shown, tail);
  out += fmt::format("    {} | {}{}^{}\n", gutter, std::string(lead.size(), ' '),
                     std::string(caret_col - first, ' '), std::string(caret_width - 1, '~'));
  return out;
}

std::string RenderJsonObject(const Source& source, const Diagnostic& d) {
  const Position begin = source.PositionOf(d.span.begin);
  const Position end = source.PositionOf(std::max(d.span.end, d.span.begin));
  std::string out = "{\"file\":";
  json::AppendString(out, source.name());
  out += fmt::format(",\"line\":{},\"column\":{},\"end_line\":{},\"end_column\":{},\"severity\":\"{}\",\"message\":",
                     begin.line, begin.column, end.line, end.column, SeverityName(d.severity));
  json::AppendString(out, d.message);
  if (d.replacement) {
    out += ",\"replacement\":";
    json::AppendString(out, *d.replacement);
  }
  out += '}';
  return out;
}

std::string RenderJson(const Source& source, const std::vector<Diagnostic>& diagnostics) {
  std::string out = "[";
  for (size_t i = 0; i < diagnostics.size(); ++i) {
    if (i) out += ',';
    out += RenderJsonObject(source, diagnostics[i]);
  }
  out += ']';
  return out;
}

}  // namespace alert::diag
