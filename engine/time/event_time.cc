#include "engine/time/event_time.h"

#include <cmath>

#include <fmt/format.h>

namespace alert::engine {
namespace {

constexpr int64_t kMaxTime = int64_t{1} << 53;
constexpr int64_t kMsPerDay = 86'400'000;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  int64_t year, month, day;
};

Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp + (mp < 10 ? 3 : -9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

int DaysInMonth(int64_t y, int64_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at `pos`.
bool Digits(std::string_view s, size_t& pos, size_t n, int64_t* out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  *out = v;
  return true;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::optional<int64_t> ParseRfc3339(std::string_view s) {
  size_t pos = 0;
  int64_t year, month, day, hour, minute, second;
  if (!Digits(s, pos, 4, &year) || !Expect(s, pos, '-') || !Digits(s, pos, 2, &month) || !Expect(s, pos, '-') ||
      !Digits(s, pos, 2, &day)) {
    return std::nullopt;
  }
  if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')) return std::nullopt;
  ++pos;
  if (!Digits(s, pos, 2, &hour) || !Expect(s, pos, ':') || !Digits(s, pos, 2, &minute) || !Expect(s, pos, ':') ||
      !Digits(s, pos, 2, &second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 ||
      second > 60) {
    return std::nullopt;
  }
  int64_t millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const size_t first = pos;
    int64_t scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      millis += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == first) return std::nullopt;
  }
  int64_t offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int64_t sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int64_t oh, om;
    if (!Digits(s, pos, 2, &oh) || !Expect(s, pos, ':') || !Digits(s, pos, 2, &om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  const int64_t ms = DaysFromCivil(year, month, day) * kMsPerDay +
                     ((hour * 60 + minute - offset_minutes) * 60 + second) * 1000 + millis;
  return ms;
}

std::optional<int64_t> EventTime(const Value& v) {
  if (v.kind() == Value::Kind::kString) return ParseRfc3339(v.string());
  if (v.kind() != Value::Kind::kNumber) return std::nullopt;
  const Number& n = v.number();
  if (n.kind() == Number::Kind::kInt) {
    if (n.int_value() > kMaxTime || n.int_value() < -kMaxTime) return std::nullopt;
    return n.int_value();
  }
  if (n.kind() == Number::Kind::kUint) return std::nullopt;
  const double d = std::floor(n.double_value());
  if (!(d <= static_cast<double>(kMaxTime) && d >= -static_cast<double>(kMaxTime))) return std::nullopt;
  return static_cast<int64_t>(d);
}

std::string FormatRfc3339(int64_t ms) {
  // RFC 3339 has four-digit years only: 0000-01-01 to 9999-12-31.
  constexpr int64_t kFirst = -62'167'219'200'000, kLast = 253'402'300'799'999;
  if (ms < kFirst || ms > kLast) return std::to_string(ms);
  const int64_t days = ms >= 0 ? ms / kMsPerDay : -((-ms + kMsPerDay - 1) / kMsPerDay);
  const int64_t in_day = ms - days * kMsPerDay;
  const Civil c = CivilFromDays(days);
  const int64_t seconds = in_day / 1000;
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", c.year, c.month, c.day, seconds / 3600,
                                seconds / 60 % 60, seconds % 60);
  if (in_day % 1000 != 0) out += fmt::format(".{:03}", in_day % 1000);
  out += 'Z';
  return out;
}

}  // namespace alert::engine
