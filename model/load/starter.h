// The commented starter model that `model init` writes.
//
// A small blog (users, posts, comments) that shows every part of the format: the table,
// entities with typed attributes, a one-to-many relationship, access patterns with parameters,
// a range, a sort, a limit and a fixed filter, and write patterns. It loads and derives cleanly;
// tests hold it to that.
#pragma once

#include <string>

namespace model::load {

std::string StarterModel();

}  // namespace model::load
