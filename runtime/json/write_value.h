#pragma once

// Values as JSON text: as read (members in document order), or canonical, a
// text that two values share exactly when == holds between them (numbers
// numerically, object members sorted by name) — the identity of group keys,
// sensors and distinct values.

#include <string>

#include "runtime/value/value.h"

namespace alert::json {

// Appends `v` as JSON; nothing is written as null.
void AppendValue(std::string& out, const Value& v);
// Appends `v`'s canonical JSON; nothing is written as null.
void AppendCanonical(std::string& out, const Value& v);

std::string ValueToJson(const Value& v);
std::string CanonicalJson(const Value& v);

// A number's canonical text: an integral value as an integer whatever its
// representation (10, 10.0 and 1e1 are "10"), otherwise the shortest text.
void AppendCanonicalNumber(std::string& out, const Number& n);

}  // namespace alert::json
