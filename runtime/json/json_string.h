#pragma once

#include <string>
#include <string_view>

namespace alert::json {

// Appends `text` to `out` as a JSON string literal (RFC 8259), quotes
// included. Control characters are escaped; ill-formed UTF-8 becomes U+FFFD,
// so the output is always valid JSON.
void AppendString(std::string& out, std::string_view text);

// Appends `text` escaped for a string literal delimited by `quote` (JSON's
// '"', or RFC 9535's '\'' in normalized paths), without the quotes: the quote
// and '\' are escaped, control characters use \b \f \n \r \t or \u00XX,
// and ill-formed UTF-8 becomes U+FFFD.
void AppendEscaped(std::string& out, std::string_view text, char quote);

// `text` as a JSON string literal.
std::string Quote(std::string_view text);

}  // namespace alert::json
