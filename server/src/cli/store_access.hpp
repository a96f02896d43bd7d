#pragma once
// How the administration commands reach the store: open it (a clear message and exit 1 if it
// cannot be opened) and take a read's value (a clear message and exit 1 if the store failed).
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "store/store.hpp"

namespace mr::cli {

inline std::unique_ptr<store::Store> open_store(
    const std::string& data, store::OpenMode mode = store::OpenMode::read_write) {
  try {
    return store::open_sqlite_store(data, mode);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    throw CLI::RuntimeError(1);
  }
}

template <typename T>
T need(store::Result<T> result) {
  if (!result) {
    std::cerr << "error: " << result.error().message() << "\n";
    throw CLI::RuntimeError(1);
  }
  return std::move(*result);
}

}  // namespace mr::cli
