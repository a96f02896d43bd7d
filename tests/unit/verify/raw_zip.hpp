#pragma once
// Writes zip archives byte by byte, for archives libzip refuses to make: a repeated entry name,
// unsafe names, or entries that claim a size far beyond their real data (a zip bomb's header).
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace mr::testing_support {

struct RawEntry {
  std::string name;
  std::string data;  // stored uncompressed
  std::optional<std::uint32_t> claimed_size =
      {};  // set: an empty deflate stream claiming this size
};

inline std::uint32_t crc32(const std::string& data) {
  std::uint32_t crc = 0xffffffffu;
  for (unsigned char c : data) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

inline void write_raw_zip(const std::vector<RawEntry>& entries, const std::filesystem::path& path) {
  std::string out, directory;
  auto put = [](std::string& s, std::uint32_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) s.push_back(char((v >> (8 * i)) & 0xff));
  };
  for (const auto& e : entries) {
    const bool bomb = e.claimed_size.has_value();
    const std::string stored = bomb ? std::string("\x03\x00", 2) : e.data;
    const std::uint32_t crc = bomb ? 0 : crc32(e.data);
    const std::uint32_t size = bomb ? *e.claimed_size : std::uint32_t(e.data.size());
    const std::uint32_t offset = std::uint32_t(out.size());
    // The fields a local header and a central directory record share, from "version needed".
    std::string common;
    put(common, 20, 2);            // version needed
    put(common, 0x0800, 2);        // flags: UTF-8 names
    put(common, bomb ? 8 : 0, 2);  // method: deflate or stored
    put(common, 0, 4);             // time and date
    put(common, crc, 4);
    put(common, std::uint32_t(stored.size()), 4);
    put(common, size, 4);
    put(common, std::uint32_t(e.name.size()), 2);
    put(common, 0, 2);  // extra length
    put(out, 0x04034b50, 4);
    out += common + e.name + stored;
    put(directory, 0x02014b50, 4);
    put(directory, 20, 2);  // version made by
    directory += common;
    put(directory, 0, 2);  // comment length
    put(directory, 0, 2);  // disk
    put(directory, 0, 2);  // internal attributes
    put(directory, 0, 4);  // external attributes
    put(directory, offset, 4);
    directory += e.name;
  }
  const std::uint32_t directory_offset = std::uint32_t(out.size());
  out += directory;
  put(out, 0x06054b50, 4);
  put(out, 0, 4);  // disk numbers
  put(out, std::uint32_t(entries.size()), 2);
  put(out, std::uint32_t(entries.size()), 2);
  put(out, std::uint32_t(directory.size()), 4);
  put(out, directory_offset, 4);
  put(out, 0, 2);  // comment length
  std::ofstream(path, std::ios::binary | std::ios::trunc) << out;
}

}  // namespace mr::testing_support
