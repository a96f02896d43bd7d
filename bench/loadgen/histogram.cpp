#include "histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace mr::loadgen {

int Histogram::bucket_of(std::uint64_t v) {
  if (v < kSub) return int(v);
  const int exponent = 63 - std::countl_zero(v);  // >= kSubBits
  const int shift = exponent - kSubBits;
  return kSub + shift * kSub + int((v >> shift) - kSub);
}

std::int64_t Histogram::value_of(int bucket) {
  if (bucket < kSub) return bucket;
  const int shift = (bucket - kSub) / kSub;
  const std::uint64_t sub = std::uint64_t((bucket - kSub) % kSub) + kSub;
  return std::int64_t(((sub + 1) << shift) - 1);
}

void Histogram::record(std::int64_t ns) {
  if (ns < 0) ns = 0;  // clocks of one machine: only rounding can make this negative
  ++counts_[bucket_of(std::uint64_t(ns))];
  ++count_;
  max_ = std::max(max_, ns);
}

void Histogram::merge(const Histogram& other) {
  for (int i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
}

std::int64_t Histogram::quantile(double q) const {
  if (count_ == 0) return 0;
  const auto rank = std::uint64_t(std::ceil(q * double(count_)));
  std::uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= std::max<std::uint64_t>(rank, 1)) return std::min(value_of(i), max_);
  }
  return max_;
}

}  // namespace mr::loadgen
