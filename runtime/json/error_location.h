#pragma once

// Where a JSON text stops being valid: simdjson's DOM parser says what is
// wrong but not where, so a text it refused is walked again with the
// on-demand parser, which stops at the first value it cannot read. Only for
// error messages: it costs a copy and a walk of the text.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace alert::json {

// The byte offset in `text` where reading it fails, or nullopt when that
// cannot be told (the text is valid, or simdjson stops before any value).
std::optional<size_t> ErrorOffset(std::string_view text);

// " at line L, column C" (or " at column C" for a one-line text) for
// ErrorOffset(text), with columns in bytes from 1; "" when it has none.
std::string ErrorPlace(std::string_view text);

}  // namespace alert::json
