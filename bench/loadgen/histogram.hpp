#pragma once
// Latency histogram with fixed memory: values under 128 ns are exact, above that each power of two
// is split into 128 buckets (under 0.8% error). Recording never allocates.
// Not thread-safe: each worker thread owns its histograms; merge() after the threads stopped.
#include <array>
#include <cstdint>

namespace mr::loadgen {

class Histogram {
 public:
  void record(std::int64_t ns);
  void merge(const Histogram& other);

  std::uint64_t count() const { return count_; }
  std::int64_t max() const { return max_; }
  // The value at quantile q (0..1), in ns; 0 when empty.
  std::int64_t quantile(double q) const;

 private:
  static constexpr int kSubBits = 7;
  static constexpr int kSub = 1 << kSubBits;
  static constexpr int kBuckets = kSub + (64 - kSubBits) * kSub;  // shifts 0..56

  static int bucket_of(std::uint64_t v);
  static std::int64_t value_of(int bucket);  // the bucket's upper bound

  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t count_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace mr::loadgen
