// The stylesheet inlined into index.html: a system font stack, one readable column, tables that
// scroll sideways on a phone with sticky headers, print rules, and a dark scheme when the
// reader's system asks for one. Fixed text: no user input goes into it.
#pragma once

namespace model::codegen::docs {

extern const char* const kDocsCss;

}  // namespace model::codegen::docs
