#include "store/sqlite/checkpoint_log.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "crypto/encoding.hpp"

namespace mr::store::sqlite {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string line_of(const StoredCheckpoint& c) {
  return json{{"room", c.room},
              {"size", c.size},
              {"root", crypto::to_hex(c.root)},
              {"created_ms", c.created_ms},
              {"note", c.note}}
             .dump() +
         "\n";
}

std::optional<StoredCheckpoint> parse_line(const std::string& line) {
  auto j = json::parse(line, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  try {
    auto root = crypto::from_hex(j.at("root").get<std::string>());
    if (!root) return std::nullopt;
    return StoredCheckpoint{j.at("room"), j.at("size"), *root, j.at("note"), j.at("created_ms")};
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

bool write_all(int fd, const std::string& bytes) {
  for (std::size_t done = 0; done < bytes.size();) {
    const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += std::size_t(n);
  }
  return true;
}

}  // namespace

CheckpointLog::CheckpointLog(fs::path file, bool writable) : file_(std::move(file)) {
  std::ifstream in(file_);
  for (std::string line; std::getline(in, line);) {
    auto c = parse_line(line);
    if (!c) {
      spdlog::warn("{}: a line that is not a checkpoint was left out (torn by a crash?)",
                   file_.string());
      continue;
    }
    auto& kept = latest_[c->room];
    if (c->size >= kept.size) kept = std::move(*c);
  }
  if (!writable) return;
  // Never rewritten, only appended to: the CLI may open the store while the server appends.
  fd_ = ::open(file_.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    // The store still serves (a full disk, say); only its damage would go unnoticed.
    spdlog::error("cannot open {}: {}; signed checkpoints are kept in the store only",
                  file_.string(), std::strerror(errno));
    return;
  }
  // After a torn last line, the next one starts on a line of its own.
  if (const auto size = ::lseek(fd_, 0, SEEK_END); size > 0) {
    char last = '\n';
    if (::pread(fd_, &last, 1, size - 1) == 1 && last != '\n') write_all(fd_, "\n");
  }
}

CheckpointLog::~CheckpointLog() {
  if (fd_ >= 0) ::close(fd_);
}

bool CheckpointLog::append(const std::vector<StoredCheckpoint>& checkpoints) {
  std::lock_guard lock(mutex_);
  if (fd_ < 0) return false;
  std::string lines;
  for (const auto& c : checkpoints) lines += line_of(c);
  if (!write_all(fd_, lines) || ::fdatasync(fd_) != 0) {
    spdlog::error("{}: cannot append checkpoints: {}", file_.string(), std::strerror(errno));
    return false;
  }
  for (const auto& c : checkpoints)
    if (auto& kept = latest_[c.room]; c.size >= kept.size) kept = c;
  return true;
}

std::optional<StoredCheckpoint> CheckpointLog::latest(const std::string& room) const {
  std::lock_guard lock(mutex_);
  auto it = latest_.find(room);
  if (it == latest_.end()) return std::nullopt;
  return it->second;
}

}  // namespace mr::store::sqlite
