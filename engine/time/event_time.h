#pragma once

// Event time (LANGUAGE.md, "Time, order and lateness"): epoch milliseconds
// given as a JSON number, or RFC 3339 text; and timestamps written back as
// RFC 3339 for messages.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/value/value.h"

namespace alert::engine {

// The time `v` gives, in epoch milliseconds: a number (a fraction of a
// millisecond is dropped, towards the past) or an RFC 3339 string. Nullopt
// for anything else, nothing included, and for times beyond ±2^53 ms.
std::optional<int64_t> EventTime(const Value& v);

// RFC 3339 (section 5.6) date-time: `2024-05-01T12:00:00Z`,
// `2024-05-01t12:00:00.250+02:00`; a space may replace the `T`. Fractions
// beyond milliseconds are dropped. Nullopt on anything else.
std::optional<int64_t> ParseRfc3339(std::string_view text);

// `ms` as RFC 3339 in UTC: `2024-05-01T12:00:00Z`, with `.250` when the
// milliseconds are not zero. Outside the years 0000 to 9999, which RFC 3339
// cannot write, the epoch milliseconds themselves: `253402300800000`.
std::string FormatRfc3339(int64_t ms);

}  // namespace alert::engine
