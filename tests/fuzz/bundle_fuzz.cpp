// The offline verifier on any file handed to it as a bundle: the zip reader and every check after
// it answer a verdict (almost always a fault), never a crash, a hang or undefined behaviour.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "verify/bundle_verifier.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto file =
      std::filesystem::temp_directory_path() / ("mr-bundle-fuzz-" + std::to_string(::getpid()) + ".zip");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
  }
  auto result = mr::verify::verify_bundle(file);
  if (!result.ok && !result.fault) std::abort();  // a refusal always names its fault
  return 0;
}
