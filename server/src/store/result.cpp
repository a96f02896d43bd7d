#include "store/result.hpp"

namespace mr::store {
namespace {

class StoreCategory : public std::error_category {
 public:
  const char* name() const noexcept override { return "store"; }
  std::string message(int code) const override {
    switch (StoreErrc(code)) {
      case StoreErrc::busy:
        return "the store is busy";
      case StoreErrc::full:
        return "the store's disk is full";
      case StoreErrc::io:
        return "the store could not read or write its files";
      case StoreErrc::corrupt:
        return "the store's database is damaged";
      case StoreErrc::constraint:
        return "the store refused a conflicting write";
      case StoreErrc::read_only:
        return "the store is read-only";
      case StoreErrc::not_found:
        return "not in the store";
      case StoreErrc::failed:
        return "the store failed";
    }
    return "unknown store error";
  }
};

}  // namespace

const std::error_category& store_category() {
  static const StoreCategory category;
  return category;
}

std::error_code make_error_code(StoreErrc e) { return {int(e), store_category()}; }

bool transient(std::error_code ec) { return ec == StoreErrc::busy; }

}  // namespace mr::store
