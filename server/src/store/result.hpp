#pragma once
// Errors of the store as values (DESIGN §6): every read and write answers with a result that is
// either the value or a StoreErrc a person can read. Nothing above store/ sees an exception from
// the database.
#include <boost/system/result.hpp>
#include <string>
#include <system_error>

namespace mr::store {

enum class StoreErrc {
  busy = 1,    // another writer held the database longer than the busy timeout (transient)
  full,        // the disk or the database is full
  io,          // the operating system refused a read or write
  corrupt,     // the database file is damaged
  constraint,  // a uniqueness or reference rule refused the write (a conflict)
  read_only,   // the store was opened read-only, or its files are not writable
  not_found,   // what was asked for does not exist
  failed,      // any other fault of the store
};

const std::error_category& store_category();
std::error_code make_error_code(StoreErrc e);

// A value or the reason the store could not give it.
template <typename T>
using Result = boost::system::result<T, std::error_code>;

// True for faults that may go away by themselves (retry later).
bool transient(std::error_code ec);

}  // namespace mr::store

template <>
struct std::is_error_code_enum<mr::store::StoreErrc> : std::true_type {};
