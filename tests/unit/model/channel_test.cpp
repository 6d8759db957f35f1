// model::Channel: a bounded queue between two threads, and closing it from either side.
#include "model/base/channel.h"

#include <catch2/catch.hpp>
#include <thread>
#include <vector>

TEST_CASE("a channel delivers every value in order across threads, then ends when closed",
          "[model][channel]") {
  model::Channel<int> channel(2);
  std::thread producer([&] {
    for (int i = 0; i < 10000; ++i) REQUIRE(channel.Push(i));
    channel.Close();
  });
  std::vector<int> got;
  while (auto v = channel.Pop()) got.push_back(*v);
  producer.join();
  REQUIRE(got.size() == 10000);
  for (int i = 0; i < 10000; ++i) CHECK(got[static_cast<std::size_t>(i)] == i);
}

TEST_CASE("closing a channel drains what is queued and releases a blocked producer",
          "[model][channel]") {
  model::Channel<int> channel(1);
  REQUIRE(channel.Push(1));
  bool refused = false;
  std::thread producer([&] { refused = !channel.Push(2); });  // blocks: the channel is full
  channel.Close();
  producer.join();
  CHECK(refused);
  auto first = channel.Pop();
  REQUIRE(first);
  CHECK(*first == 1);
  CHECK_FALSE(channel.Pop());
  CHECK_FALSE(channel.Push(3));
}

TEST_CASE("CloseOnExit closes the channel when its scope ends", "[model][channel]") {
  model::Channel<int> channel(1);
  std::thread consumer;
  {
    model::CloseOnExit<int> guard(channel);
    consumer = std::thread([&] {
      while (channel.Pop()) {
      }
    });
  }
  consumer.join();  // returns only because the guard closed the channel
  CHECK_FALSE(channel.Push(1));
}
