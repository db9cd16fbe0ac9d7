#include "runtime/json/error_location.h"

#include <algorithm>

#include <simdjson.h>

namespace alert::json {
namespace {

namespace od = simdjson::ondemand;

// Reads `value` whole; false at the first error. Depth is bounded by the
// parser's (its default, 1,024).
bool Walk(od::value value) {
  od::json_type type;
  if (value.type().get(type)) return false;
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (value.get_object().get(object)) return false;
      for (auto field : object) {
        std::string_view key;
        od::value child;
        if (field.unescaped_key().get(key) || field.value().get(child) || !Walk(child)) return false;
      }
      return true;
    }
    case od::json_type::array: {
      od::array array;
      if (value.get_array().get(array)) return false;
      for (auto element : array) {
        od::value child;
        if (element.get(child) || !Walk(child)) return false;
      }
      return true;
    }
    case od::json_type::string: {
      std::string_view s;
      return !value.get_string().get(s);
    }
    case od::json_type::number:
      value.raw_json_token();  // numbers beyond simdjson's range are valid JSON: read past, not parsed
      return true;
    case od::json_type::boolean: {
      bool b;
      return !value.get_bool().get(b);
    }
    case od::json_type::null: {
      bool is_null = false;
      return !value.is_null().get(is_null) && is_null;
    }
  }
  return false;
}

}  // namespace

std::optional<size_t> ErrorOffset(std::string_view text) {
  const simdjson::padded_string padded(text);
  od::parser parser;
  od::document doc;
  if (parser.iterate(padded).get(doc)) return std::nullopt;
  od::value root;
  const bool ok = !doc.get_value().get(root) && Walk(root);
  // After a whole value, a location inside the text is trailing content;
  // none (out of bounds) means the text read as valid.
  const char* at = nullptr;
  if (doc.current_location().get(at) || at == nullptr) return ok ? std::nullopt : std::optional<size_t>(text.size());
  return std::min(static_cast<size_t>(at - padded.data()), text.size());
}

std::string ErrorPlace(std::string_view text) {
  const std::optional<size_t> offset = ErrorOffset(text);
  if (!offset) return "";
  const std::string_view before = text.substr(0, *offset);
  const size_t lines = static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
  const size_t line_start = lines == 0 ? 0 : before.rfind('\n') + 1;
  const size_t column = *offset - line_start + 1;
  if (text.find('\n') == std::string_view::npos || (lines == 0 && text.find('\n') == text.size() - 1)) {
    return " at column " + std::to_string(column);
  }
  return " at line " + std::to_string(lines + 1) + ", column " + std::to_string(column);
}

}  // namespace alert::json
