#pragma once

// The path plan: the union of the singular paths a batch of rules reads, as
// a trie of member names and array indexes, read from an event in ONE pass
// into the batch's slots: sub-trees no path reads are skipped.
//
// Two readers walk the same trie. ExtractDom reads a parsed (and therefore
// validated) simdjson DOM document: any value, containers included. Extract
// reads the raw text with simdjson on-demand, which parses only what the
// trie visits: it extracts scalars, and answers kNeedsDom when a planned
// path selects an array or an object. On-demand validates only what it
// reads; `alertc run` validates every event, so it uses ExtractDom
// (bench/RESULTS.md has the measurements behind that choice).
//
// Paths the plan cannot take (a trailing function, a relative path) are not
// planned: ExtractDom evaluates them on the document; after Extract the
// caller fills them.

#include <cstdint>
#include <string>
#include <vector>

#include <simdjson.h>

#include "runtime/jsonpath/query.h"
#include "runtime/value/value.h"

namespace alert::plan {

class PathPlan {
 public:
  enum class Outcome { kExtracted, kNeedsDom, kMalformed };

  // Slot k of the plan is `paths[k]`.
  explicit PathPlan(const std::vector<jsonpath::Query>& paths);

  // Whether slot k is extracted by the plan (else the caller fills it).
  bool planned(size_t slot) const { return planned_[slot]; }

  // Extracts every planned slot from `json` (padded, as simdjson requires)
  // with `parser`. Strings point into the parser's buffers: valid until its
  // next document. Slots that select nothing are set to nothing.
  Outcome Extract(simdjson::ondemand::parser& parser, simdjson::padded_string_view json, Value* slots) const;

  // Fills every slot from the document `root`: planned ones in one walk, the
  // others by the evaluator. Values point into the document. Slots that
  // select nothing are set to nothing.
  void ExtractDom(simdjson::dom::element root, Value* slots) const;

 private:
  struct Node {
    std::vector<std::pair<std::string, uint32_t>> members;  // name -> child node
    std::vector<std::pair<int64_t, uint32_t>> indexes;      // index (may be negative) -> child node
    std::vector<uint32_t> slots;                            // slots this node's value fills
  };

  template <typename V>
  Outcome Visit(uint32_t node, V&& value, Value* slots) const;

  void VisitDom(uint32_t node, simdjson::dom::element value, Value* slots) const;

  std::vector<Node> nodes_;  // nodes_[0] is the root ($)
  std::vector<bool> planned_;
  std::vector<std::pair<uint32_t, jsonpath::Query>> unplanned_;  // slot, path
  size_t slot_count_ = 0;
};

}  // namespace alert::plan
