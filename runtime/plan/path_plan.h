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

#include <array>
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

  // One event's slots filled in steps, a few at a time (the rule set first
  // reads what picks the candidate rules, then what those rules read): per
  // thread, reused from event to event.
  class Extraction {
   private:
    friend class PathPlan;
    std::vector<uint32_t> filled;  // per slot: the event (epoch) it was filled for
    std::vector<uint64_t> want;    // per node: bit i, members[i] leads to a wanted slot
    std::vector<uint64_t> want_index;  // per node: bit i, indexes[i] does
    std::vector<uint32_t> touched;     // nodes with a bit set
    uint32_t epoch = 0;
  };
  // Starts the next event: no slot is filled.
  void Begin(Extraction& x) const;
  // Fills those of the slots `wanted` that are not filled for this event:
  // the planned ones in one walk that reads only the members on their
  // paths, the others by the evaluator. Slots that select nothing are set
  // to nothing. Slots found on the way may be filled too.
  void ExtractDom(simdjson::dom::element root, const std::vector<uint32_t>& wanted, Extraction& x,
                  Value* slots) const;
  bool filled(const Extraction& x, uint32_t slot) const { return x.filled[slot] == x.epoch; }

 private:
  // Member names shorter than this are found through Node::by_length.
  static constexpr size_t kIndexedLength = 32;

  struct Node {
    std::vector<std::pair<std::string, uint32_t>> members;  // name -> child node
    std::vector<std::pair<int64_t, uint32_t>> indexes;      // index (may be negative) -> child node
    std::vector<uint32_t> slots;                            // slots this node's value fills
    // Bit i of by_length[n]: members[i] is n bytes long. Most of an event's
    // keys have a length no member has, and are passed over with one load.
    // Only when every name is indexed (fewer than 64 members, each shorter
    // than kIndexedLength); else `indexed` is false and names are compared
    // one by one.
    std::array<uint64_t, kIndexedLength> by_length{};
    bool indexed = true;
  };
  // One step on the way from the root to a slot: a member or index of a node.
  struct Step {
    uint32_t node;
    uint32_t at;  // the member's or index's position in the node
    bool index;
  };

  template <typename V>
  Outcome Visit(uint32_t node, V&& value, Value* slots) const;

  void VisitDom(uint32_t node, simdjson::dom::element value, Extraction* x, Value* slots) const;

  std::vector<Node> nodes_;  // nodes_[0] is the root ($)
  std::vector<bool> planned_;
  std::vector<std::pair<uint32_t, jsonpath::Query>> unplanned_;  // slot, path
  size_t slot_count_ = 0;
  std::vector<std::vector<Step>> steps_;  // per planned slot: its way from the root
  std::vector<int32_t> unplanned_of_;     // per slot: its place in unplanned_, or -1
};

}  // namespace alert::plan
