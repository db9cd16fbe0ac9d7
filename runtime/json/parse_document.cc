#include "runtime/json/parse_document.h"

#include "runtime/json/wide_numbers.h"

namespace alert::json {

simdjson::error_code ParseDocument(simdjson::dom::parser& parser, std::string_view text, bool padded,
                                   std::string* scratch, simdjson::dom::element* out) {
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) text.remove_prefix(kByteOrderMark.size());
  auto error = parser.parse(text.data(), text.size(), !padded).get(*out);
  if (error == simdjson::NUMBER_ERROR && NarrowWideNumbers(text, scratch)) {
    error = parser.parse(*scratch).get(*out);
  }
  return error;
}

}  // namespace alert::json
