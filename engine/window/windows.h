#pragma once

// Window arithmetic (LANGUAGE.md, "Windows and keys"): which tumbling and
// sliding windows contain a time, when a window closes, when an event is
// late. Times are epoch milliseconds; windows are [start, end).

#include <cstdint>

#include "compiler/checked/checked.h"

namespace alert::engine {

// floor(a / b) for b > 0.
inline int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

struct WindowSpec {
  checked::Window::Kind kind = checked::Window::Kind::kNone;
  int64_t size_ms = 0;   // tumbling, sliding
  int64_t slide_ms = 0;  // sliding; tumbling: = size
  int64_t gap_ms = 0;    // session
  int64_t lateness_ms = 0;

  static WindowSpec Of(const checked::Rule& rule);
  bool fixed() const {
    return kind == checked::Window::Kind::kTumbling || kind == checked::Window::Kind::kSliding;
  }
  // The start of the first fixed window containing t: [k·S, k·S + D) for the
  // smallest such k. The others follow every slide_ms up to FloorDiv(t, S)·S.
  int64_t FirstStart(int64_t t) const { return (FloorDiv(t - size_ms, slide_ms) + 1) * slide_ms; }
  int64_t LastStart(int64_t t) const { return FloorDiv(t, slide_ms) * slide_ms; }
  // A window ending at `end` is closed once the watermark reaches end + lateness.
  bool Closed(int64_t end, int64_t watermark) const { return watermark - lateness_ms >= end; }
  // Late: every window an event at t would join is closed (a session's: t + gap).
  bool Late(int64_t t, int64_t watermark) const {
    if (fixed()) return Closed(LastStart(t) + size_ms, watermark);
    if (kind == checked::Window::Kind::kSession) return Closed(t + gap_ms, watermark);
    return false;
  }
};

inline WindowSpec WindowSpec::Of(const checked::Rule& rule) {
  WindowSpec spec;
  spec.kind = rule.window.kind;
  if (rule.fire && spec.kind == checked::Window::Kind::kNone) spec.kind = checked::Window::Kind::kGlobal;
  if (rule.fire && rule.fire->absent_ms) spec.kind = checked::Window::Kind::kNone;
  if (!rule.fire) spec.kind = checked::Window::Kind::kNone;
  spec.size_ms = rule.window.size_ms;
  spec.slide_ms = spec.kind == checked::Window::Kind::kSliding ? rule.window.slide_ms : rule.window.size_ms;
  spec.gap_ms = rule.window.gap_ms;
  spec.lateness_ms = rule.lateness_ms;
  return spec;
}

}  // namespace alert::engine
