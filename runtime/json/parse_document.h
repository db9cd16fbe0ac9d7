#pragma once

// One JSON text parsed as alertjit reads every document and event: with
// simdjson's DOM parser (which validates the whole text), a leading UTF-8
// byte order mark ignored (RFC 8259 §8.1 lets a parser do so), and numbers
// beyond what simdjson holds narrowed to the value alertjit reads them as
// (json/wide_numbers.h), so that no valid JSON is refused.

#include <string>
#include <string_view>

#include <simdjson.h>

namespace alert::json {

// Parses `text` with `parser` into `*out`. `padded`: `text` is followed by
// simdjson::SIMDJSON_PADDING readable bytes (else simdjson copies it).
// `scratch` holds a narrowed copy when one is needed; `*out` lives until the
// parser's next document or a change to `scratch`. Returns simdjson's error.
simdjson::error_code ParseDocument(simdjson::dom::parser& parser, std::string_view text, bool padded,
                                   std::string* scratch, simdjson::dom::element* out);

}  // namespace alert::json
