#pragma once

// What a compiled predicate reads for one event. The layout is part of the
// contract with generated code: `slots` comes first.

#include <simdjson.h>

#include "runtime/value/value.h"

namespace alert::codegen {

struct EvalContext {
  // One value per singular path of the batch, in the batch's slot order,
  // filled by the runtime before the predicate runs.
  const Value* slots;
  // The event, for what compiled code hands to the runtime (non-singular
  // paths, functions, quantifiers).
  simdjson::dom::element event;
  // The rule's baseline values, by baseline id, computed by the engine for
  // the event's group key (never null: all nothing when there is no state).
  const Value* baselines;
  // The batch's run-time objects (constants, regexes, fallbacks), by the
  // index the code was generated with (BatchPlan::data): the code holds no
  // address of this process, so its object file can be cached and loaded
  // by another.
  const void* const* data;
};

}  // namespace alert::codegen
