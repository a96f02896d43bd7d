#pragma once
// A value or a refusal a person can read. Errors at the edges are values, not exceptions.
#include <string>
#include <utility>
#include <variant>

namespace mr::room {

struct Refusal {
  std::string code;     // stable, machine-readable (PROTOCOL.md §2)
  std::string message;  // for people
};

template <typename T>
class Outcome {
 public:
  Outcome(T value) : v_(std::move(value)) {}
  Outcome(Refusal refusal) : v_(std::move(refusal)) {}
  explicit operator bool() const { return std::holds_alternative<T>(v_); }
  T& operator*() { return std::get<T>(v_); }
  T* operator->() { return &std::get<T>(v_); }
  const Refusal& refusal() const { return std::get<Refusal>(v_); }

 private:
  std::variant<T, Refusal> v_;
};

}  // namespace mr::room
