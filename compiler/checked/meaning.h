#pragma once

// What decides a rule's state: two versions of a rule with the same meaning
// can keep its windows, aggregates and alert states; a new meaning starts
// them afresh. The meaning is everything but the title, description,
// severity, message and labels: scope, `when`, `group by`, window, `fire
// when` (with `for` and `across`), `clear when`, `dedupe by`, `time`,
// lateness and backfill.

#include <string>

#include "compiler/checked/checked.h"

namespace alert::checked {

// The rule's meaning as text: equal texts, equal meanings.
std::string MeaningOf(const Rule& rule);

}  // namespace alert::checked
