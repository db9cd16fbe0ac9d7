#pragma once

#include <cstddef>

namespace alert {

// Limits on what one rule source may ask of the compiler (LANGUAGE.md,
// "Limits"). Exceeding one is a diagnostic, never a crash or a hang.
struct Limits {
  // Bytes of one rule, from 'rule' to its closing '}'. Default: 64 KiB.
  size_t max_rule_bytes = 64 * 1024;
  // Bytes of one rule file (or control message). Default: 16 MiB.
  size_t max_source_bytes = 16 * 1024 * 1024;
  // Nesting of parentheses, brackets and prefix operators in one expression,
  // filters included. Default: 64.
  size_t max_nesting_depth = 64;
  // Operators one inside another in one expression: nesting, and each
  // operator of a chain of + - * / % (a chain of && or || is one level,
  // however long). Bounds the depth of every walk over a rule's tree.
  // Default: 256.
  size_t max_expression_height = 256;
  // Distinct paths one rule reads. Default: 256.
  size_t max_paths_per_rule = 256;
  // Bytes of one regular expression's program, as RE2 counts memory. Default: 1 MiB.
  size_t max_regex_memory = 1 << 20;
  // Windows one event joins in a sliding window (size / slide, rounded up):
  // each costs the engine work per event. Default: 1,000.
  size_t max_sliding_windows = 1000;
};

}  // namespace alert
