#pragma once

// Parsing alone: every key and value of a document read with simdjson's
// on-demand API, the least work that parses all of an event. The floor the
// runtime is measured against (bench/RESULTS.md).

#include <cstddef>

#include <simdjson.h>

namespace alert::bench {

// Reads `value` and everything inside it; returns a checksum (so that the
// compiler keeps the reads), or counts an error as 1.
template <typename V>
size_t WalkOnDemand(V&& value) {
  simdjson::ondemand::json_type type;
  if (value.type().get(type)) return 1;
  size_t sum = 0;
  switch (type) {
    case simdjson::ondemand::json_type::object:
      for (auto field : value.get_object()) {
        std::string_view key;
        simdjson::ondemand::value child;
        if (field.unescaped_key().get(key) || field.value().get(child)) return sum + 1;
        sum += key.size() + WalkOnDemand(child);
      }
      return sum;
    case simdjson::ondemand::json_type::array:
      for (auto element : value.get_array()) {
        simdjson::ondemand::value child;
        if (element.get(child)) return sum + 1;
        sum += WalkOnDemand(child);
      }
      return sum;
    case simdjson::ondemand::json_type::number: {
      simdjson::ondemand::number n;
      return value.get_number().get(n) ? 1 : static_cast<size_t>(n.get_number_type());
    }
    case simdjson::ondemand::json_type::string: {
      std::string_view s;
      return value.get_string().get(s) ? 1 : s.size();
    }
    case simdjson::ondemand::json_type::boolean: {
      bool b;
      return value.get_bool().get(b) ? 1 : b;
    }
    case simdjson::ondemand::json_type::null: {
      bool is_null = false;
      return value.is_null().get(is_null) ? 1 : is_null;
    }
  }
  return 0;
}

}  // namespace alert::bench
