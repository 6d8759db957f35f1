// A bounded queue between two threads: Push blocks while `capacity` values wait, Pop blocks
// until a value arrives or the channel is closed and drained (then nullopt). Used by
// `model check` to hand work to a second thread (records to the oracle, rendered items to the
// loader).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace model {

template <typename T>
class Channel {
 public:
  explicit Channel(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // false when the channel was closed (the value is dropped).
  bool Push(T value) {
    std::unique_lock<std::mutex> lock(mutex_);
    not_full_.wait(lock, [&] { return closed_ || queue_.size() < capacity_; });
    if (closed_) return false;
    queue_.push_back(std::move(value));
    not_empty_.notify_one();
    return true;
  }

  std::optional<T> Pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    not_empty_.wait(lock, [&] { return closed_ || !queue_.empty(); });
    if (queue_.empty()) return std::nullopt;
    T value = std::move(queue_.front());
    queue_.pop_front();
    not_full_.notify_one();
    return value;
  }

  // No more values: Pop drains what is queued, then returns nullopt; Push refuses.
  void Close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_empty_, not_full_;
  std::deque<T> queue_;
  bool closed_ = false;
};

// Closes a channel when the scope ends, also on an exception, so that a thread blocked on it
// is released before anyone joins that thread: declare it after the thread.
template <typename T>
class CloseOnExit {
 public:
  explicit CloseOnExit(Channel<T>& channel) : channel_(channel) {}
  CloseOnExit(const CloseOnExit&) = delete;
  CloseOnExit& operator=(const CloseOnExit&) = delete;
  ~CloseOnExit() { channel_.Close(); }

 private:
  Channel<T>& channel_;
};

}  // namespace model
