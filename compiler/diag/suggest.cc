#include "compiler/diag/suggest.h"

#include <algorithm>
#include <cctype>

namespace alert::diag {
namespace {

// Optimal string alignment distance, case-insensitive.
size_t EditDistance(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

size_t AllowedEdits(std::string_view name) {
  if (name.size() <= 4) return 1;
  if (name.size() <= 8) return 2;
  return 3;
}

}  // namespace

std::optional<std::string> NearestName(std::string_view name, const std::vector<std::string_view>& candidates) {
  if (name.size() > 64) return std::nullopt;
  std::optional<std::string> best;
  size_t best_distance = AllowedEdits(name) + 1;
  for (std::string_view c : candidates) {
    const size_t distance = EditDistance(name, c);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(c);
    }
  }
  return best;
}

std::optional<std::string> NearestName(std::string_view name, std::initializer_list<std::string_view> candidates) {
  return NearestName(name, std::vector<std::string_view>(candidates));
}

std::string DidYouMean(std::string_view name, const std::vector<std::string_view>& candidates) {
  const auto nearest = NearestName(name, candidates);
  return nearest ? "; did you mean '" + *nearest + "'?" : "";
}

std::string DidYouMean(std::string_view name, std::initializer_list<std::string_view> candidates) {
  return DidYouMean(name, std::vector<std::string_view>(candidates));
}

}  // namespace alert::diag
