#pragma once

#include <string>
#include <string_view>

namespace alert::json {

// Appends `text` to `out` as a JSON string literal (RFC 8259), quotes
// included. Control characters are escaped; ill-formed UTF-8 becomes U+FFFD,
// so the output is always valid JSON.
void AppendString(std::string& out, std::string_view text);

// `text` as a JSON string literal.
std::string Quote(std::string_view text);

}  // namespace alert::json
