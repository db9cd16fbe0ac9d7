#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace alert::text {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point that starts at `text[*pos]` and advances *pos past
// it. Malformed or truncated sequences, overlong forms and surrogates decode
// as U+FFFD and advance by one byte, so a loop always terminates.
char32_t DecodeUtf8(std::string_view text, size_t* pos);

// Appends the UTF-8 encoding of `cp` (which must not be a surrogate).
void AppendUtf8(std::string& out, char32_t cp);

// True when `text` is well-formed UTF-8 (no surrogates, no overlong forms).
bool IsValidUtf8(std::string_view text);

// Columns a terminal gives `cp`: 2 for East Asian wide and emoji, else 1.
int DisplayWidth(char32_t cp);

}  // namespace alert::text
