#include "model/load/starter.h"

namespace model::load {

std::string StarterModel() {
  return R"(# A DynamoDB single-table model: entities, relationships and access patterns.
# Next: `model design` on this file derives the key layout and a plan for every pattern;
# `model explain` on it says why. The format: docs/model-format.md.
# Editor completion: `model init` wrote model.schema.json here; `model schema -o` refreshes it.
# yaml-language-server: $schema=model.schema.json

table:
  name: blog              # the DynamoDB table
  billing: on_demand      # or provisioned
  # partition_key: PK     # key attribute names (these are the defaults)
  # sort_key: SK
  # max_gsis: 2           # use at most this many global secondary indexes

entities:
  User:
    count: 10k            # expected items: sizes the synthetic data and the sharding maths
    item_size: 500        # average bytes per item (or "2KB")
    identifier: userId    # what identifies one item (a list for composite identifiers)
    attributes:
      userId: string
      email: { type: string, unique: true }   # unique: kept unique by the layout
      name: string
      joinedAt: timestamp                     # ISO-8601 UTC, sorts as text

  Post:
    count: 200k
    item_size: 2KB
    identifier: postId
    attributes:
      postId: string
      userId: string                          # links the post to its author
      title: string
      status: { type: enum, values: [DRAFT, PUBLISHED] }
      createdAt: timestamp
      publishedAt: timestamp?                 # '?' makes an attribute optional

  Comment:
    count: 1M
    item_size: 400
    identifier: [postId, commentId]
    attributes:
      postId: string
      commentId: string
      userId: string
      text: string
      createdAt: timestamp

relationships:
  - { name: authored, cardinality: "1:N", from: User, to: Post }       # link: Post.userId
  - { name: discussion, cardinality: "1:N", from: Post, to: Comment, owning: true }

access_patterns:
  - name: getUser
    description: Show a user's profile.
    returns: User
    by: [userId]
    rate: 100              # requests per second

  - name: userPosts
    description: A user's posts, newest first.
    returns: Post
    by: [userId]
    sort: { createdAt: desc }             # an optional attribute here would leave posts out
    rate: 50

  - name: postComments
    description: The comments on a post in a time window.
    returns: Comment
    by: [postId]
    range: { createdAt: between }
    sort: { createdAt: asc }
    limit: 100
    rate: 200

  - name: drafts
    description: A user's unpublished posts.
    returns: Post
    by: [userId]
    filter: { status: DRAFT }
    rate: 5

write_patterns:
  - { name: signUp, create: User, rate: 1 }
  - { name: publish, update: Post, attributes: [status, publishedAt], rate: 10 }
  - { name: comment, create: Comment, rate: 50 }
)";
}

}  // namespace model::load
