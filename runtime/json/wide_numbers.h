#pragma once

// JSON numbers that RFC 8259 allows and simdjson cannot represent: integers
// beyond 64 bits (18446744073709551616) and magnitudes beyond the double
// range (1e400). simdjson rejects the whole document for one of them; an
// event is never dropped for a valid number, so such a document is rewritten
// with each of these numbers replaced by the value alertjit reads it as
// (Number::FromJson): the nearest double, or the largest finite double of
// its sign (±1.7976931348623157e308) beyond the range.

#include <string>
#include <string_view>

namespace alert::json {

// Replaces, in the JSON text `text`, every number token that is an integer
// beyond 64 bits or whose magnitude overflows a double, writing the result
// into `out` (cleared first). Returns false, leaving `out` unspecified, when
// there was no such number (so a parse error lies elsewhere). Text inside
// strings is never touched; linear in the text's length.
bool NarrowWideNumbers(std::string_view text, std::string* out);

}  // namespace alert::json
