#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alert::diag {

// The candidate nearest to `name` by edit distance (insertions, deletions,
// substitutions and transpositions of adjacent characters), when it is near
// enough to be a likely typo: at most one edit for names of up to 4
// characters, two up to 8, three beyond. Ties go to the earlier candidate.
std::optional<std::string> NearestName(std::string_view name, const std::vector<std::string_view>& candidates);
std::optional<std::string> NearestName(std::string_view name, std::initializer_list<std::string_view> candidates);

// "; did you mean 'X'?" for the nearest candidate, or "" when none is near.
std::string DidYouMean(std::string_view name, const std::vector<std::string_view>& candidates);
std::string DidYouMean(std::string_view name, std::initializer_list<std::string_view> candidates);

}  // namespace alert::diag
