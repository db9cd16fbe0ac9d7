#include "tools/alertc/events.h"

#include <iostream>

#include "runtime/json/error_location.h"
#include "runtime/json/parse_document.h"

namespace alert::alertc {

EventReadStats ReadEvents(const std::string& name, std::string_view text, bool split_array,
                          const std::function<void(size_t, simdjson::dom::element)>& on_event) {
  EventReadStats stats;
  simdjson::dom::parser parser;
  simdjson::dom::element whole;
  std::string scratch;
  if (json::ParseDocument(parser, text, /*padded=*/false, &scratch, &whole) == simdjson::SUCCESS) {
    if (split_array && whole.type() == simdjson::dom::element_type::ARRAY) {
      size_t i = 0;
      for (simdjson::dom::element e : simdjson::dom::array(whole)) {
        ++stats.events;
        on_event(i++, e);
      }
    } else {
      ++stats.events;
      on_event(0, whole);
    }
    return stats;
  }
  size_t line = 0;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view row = text.substr(begin, end - begin);
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (row.find_first_not_of(" \t") != std::string_view::npos) {
      simdjson::dom::element event;
      const auto error = json::ParseDocument(parser, row, /*padded=*/false, &scratch, &event);
      if (error) {
        ++stats.malformed;
        std::cerr << name << ":" << line + 1 << ": malformed event skipped" << json::ErrorPlace(row) << ": "
                  << simdjson::error_message(error) << "\n";
      } else {
        ++stats.events;
        on_event(line, event);
      }
    }
    ++line;
    begin = end + 1;
  }
  return stats;
}

}  // namespace alert::alertc
