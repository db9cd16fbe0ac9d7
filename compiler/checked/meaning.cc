#include "compiler/checked/meaning.h"

#include <fmt/format.h>

#include "compiler/checked/print.h"

namespace alert::checked {

// Path ids are those of the checked rule: the checker numbers the paths of
// the meaning's clauses before those of message and labels, so a change to
// the text around them leaves these ids as they were.
std::string MeaningOf(const Rule& rule) {
  auto path = [&](uint32_t id) { return fmt::format("p{}:{}", id, rule.paths[id].text); };
  std::string out = "scope " + (rule.tenant ? "tenant " + *rule.tenant : std::string("global")) + "\n";
  out += "when " + (rule.when ? PrintExpr(rule, *rule.when) : std::string()) + "\n";
  out += "group by";
  for (const uint32_t id : rule.group_by) out += " " + path(id);
  out += fmt::format("\nwindow {} {} {} {}\n", WindowKindName(rule.window.kind), rule.window.size_ms,
                     rule.window.slide_ms, rule.window.gap_ms);
  if (rule.fire) {
    const Fire& f = *rule.fire;
    out += "fire " + (f.condition ? PrintExpr(rule, *f.condition) : std::string());
    if (f.absent_ms) out += fmt::format(" absent {}", *f.absent_ms);
    out += fmt::format(" for {} {}", f.has_for, f.for_windows);
    if (f.across) {
      const Across& a = *f.across;
      out += fmt::format(" across {} {} {}/{} {}", a.percent, a.min_sensors, a.percent_num, a.percent_den, path(a.path));
    }
    out += "\n";
  }
  if (rule.clear) out += "clear " + PrintExpr(rule, *rule.clear) + "\n";
  if (rule.dedupe_by) out += "dedupe " + path(*rule.dedupe_by) + "\n";
  if (rule.time) out += "time " + path(*rule.time) + "\n";
  out += fmt::format("lateness {}\n", rule.lateness_ms);
  if (rule.backfill_ms) out += fmt::format("backfill {}\n", *rule.backfill_ms);
  return out;
}

}  // namespace alert::checked
